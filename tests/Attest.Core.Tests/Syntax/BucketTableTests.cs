using Attest.Syntax;

namespace Attest.Tests.Syntax;

/// <summary>
/// The 64-byte bucket tables of <see cref="LinearModel"/> (3-class fingerprint buckets, many-class high-half buckets)
/// against a dictionary of the rows, with keys forced into one home bucket so that buckets fill, overflow and chain.
/// </summary>
public class BucketTableTests
{
    /// <summary>Home bucket of a key is a multiply-shift of its halves' XOR: keys whose XOR is below 2^32 / buckets share bucket 0.</summary>
    private static ulong SameHome(uint hi, uint xorLow) => ((ulong)hi << 32) | (hi ^ xorLow);

    private static LinearModel Build(int classes, Dictionary<ulong, short[]> rows)
    {
        int stride = LinearModel.Pad(classes);
        var keys = rows.Keys.ToArray();
        var weights = new short[keys.Length * stride];
        for (int r = 0; r < keys.Length; r++) rows[keys[r]].CopyTo(weights, r * stride);
        return new LinearModel(classes, 0.25f, keys, weights);
    }

    private static short[] Row(Random rng, int classes)
    {
        var row = new short[classes];
        for (int c = 0; c < classes; c++) row[c] = (short)rng.Next(-32768, 32768);
        row[0] = (short)rng.Next(1, 32768); // never an all-zero row
        return row;
    }

    /// <summary>
    /// 3-class rows: 90 keys with one home bucket (distinct fingerprints, bits 40–55) among 400 random ones; 90 keys
    /// need a chain of at least 12 buckets, so buckets are marked overflowed and keys move on.
    /// </summary>
    private static (LinearModel Model, Dictionary<ulong, short[]> Rows, HashSet<ushort> Fingerprints) Crowded(int seed)
    {
        var rng = new Random(seed);
        var rows = new Dictionary<ulong, short[]>();
        var fps = new HashSet<ushort>();
        while (rows.Count < 90)
        {
            uint hi = (uint)rng.Next(1 << 8, 1 << 24) << 8; // bits 40–55 of the key are bits 8–23 of hi
            if (!fps.Add((ushort)(hi >> 8))) continue;
            rows[SameHome(hi, (uint)rng.Next(0, 1000))] = Row(rng, 3);
        }
        while (rows.Count < 490)
        {
            ulong k = (ulong)rng.NextInt64(2, long.MaxValue);
            if (!fps.Add((ushort)(k >> 40))) continue;
            rows[k] = Row(rng, 3);
        }
        return (Build(3, rows), rows, fps);
    }

    [Fact]
    public void Three_class_buckets_that_overflow_still_give_every_row_and_nothing_for_absent_keys()
    {
        var (model, rows, fps) = Crowded(1);
        var (buckets, overflowed, displaced) = model.SmallTableShape();
        Assert.True(overflowed >= 10, $"{overflowed} of {buckets} buckets overflowed");
        Assert.True(displaced >= 80, $"{displaced} keys displaced");
        Assert.Equal(0, model.MisreadKeys());
        var keys = rows.Keys.ToArray();
        var rng = new Random(2);
        ulong AbsentSameHome()
        {
            while (true)
            {
                uint hi = (uint)rng.Next(1 << 8, 1 << 24) << 8;
                if (!fps.Contains((ushort)(hi >> 8))) return SameHome(hi, (uint)rng.Next(0, 1000));
            }
        }
        for (int trial = 0; trial < 400; trial++)
        {
            // stored keys of the crowded bucket chain and elsewhere, absent keys that walk the whole chain, batches
            // longer than one scoring batch now and then
            var features = new ulong[rng.Next(1, trial % 10 == 0 ? 400 : 80)];
            for (int i = 0; i < features.Length; i++)
                features[i] = rng.Next(3) == 0 ? AbsentSameHome() : keys[rng.Next(keys.Length)];
            Assert.Equal(ScoringPathTests.Reference(rows, 3, features), ScoringPathTests.Scored(model, features));
        }
        for (int r = 0; r < model.FeatureCount; r++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(rows[model.Keys[r]][c], model.Weight(r, c));
    }

    [Fact]
    public void Three_class_tables_round_trip_through_the_file_with_the_same_lookups()
    {
        var (model, rows, _) = Crowded(3);
        var again = ScoringPathTests.RoundTrip(model);
        Assert.Equal(model.SmallTableShape(), again.SmallTableShape());
        foreach (var (key, row) in rows) Assert.Equal(row, ScoringPathTests.Scored(again, [key]).Select(x => (short)x).ToArray());
    }

    [Fact]
    public void Two_keys_of_one_bucket_with_one_fingerprint_are_both_misread_and_counted()
    {
        // same home bucket, same bits 40–55, different keys: a lookup of either adds both rows
        var rng = new Random(4);
        var rows = new Dictionary<ulong, short[]>
        {
            [SameHome(0x0012_3400, 5)] = Row(rng, 3),
            [SameHome(0x0012_34FF, 9)] = Row(rng, 3),
            [SameHome(0x0056_7800, 7)] = Row(rng, 3),
        };
        var model = Build(3, rows);
        Assert.Equal(2, model.MisreadKeys());
        var both = ScoringPathTests.Reference(rows, 3, [SameHome(0x0012_3400, 5), SameHome(0x0012_34FF, 9)]);
        Assert.Equal(both, ScoringPathTests.Scored(model, [SameHome(0x0012_3400, 5)]));
        Assert.Equal(rows[SameHome(0x0056_7800, 7)].Select(x => (int)x).ToArray(), ScoringPathTests.Scored(model, [SameHome(0x0056_7800, 7)]));
    }

    [Fact]
    public void Three_class_false_matches_of_absent_keys_stay_near_the_fingerprint_rate()
    {
        // a feature that is not in the model matches a stored fingerprint with probability ~2^-16 per taken lane of its
        // home bucket (3.2 on average): about 1 in 20 000 lookups, as with the old slot table
        var rng = new Random(5);
        var rows = new Dictionary<ulong, short[]>();
        while (rows.Count < 50_000) rows[(ulong)rng.NextInt64(2, long.MaxValue)] = Row(rng, 3);
        var model = Build(3, rows);
        int matched = 0;
        const int Trials = 400_000;
        var scores = new int[model.Stride * 2];
        for (int t = 0; t < Trials; t++)
        {
            ulong k = (ulong)rng.NextInt64(2, long.MaxValue);
            if (rows.ContainsKey(k)) continue;
            Array.Clear(scores);
            model.Score([k], scores);
            if (scores[0] != 0 || scores[1] != 0 || scores[2] != 0) matched++;
        }
        // expected ~20 (3.2 lanes × 400 000 / 65 536); more than 60 would mean the table compares far more lanes
        Assert.InRange(matched, 1, 60);
    }

    [Fact]
    public void Many_class_buckets_that_overflow_compare_whole_keys()
    {
        // 300 keys with one home bucket, their high halves from three values: chains of full buckets, and every
        // bucket holds keys whose high halves agree
        ulong[] highs = [0, 0xABCD_EF01UL, 0xFFFF_FFFFUL];
        var rng = new Random(6);
        var rows = new Dictionary<ulong, short[]>();
        while (rows.Count < 300) rows[SameHome((uint)highs[rng.Next(3)], (uint)rng.Next(0, 5000))] = Row(rng, 51);
        while (rows.Count < 900) rows[(ulong)rng.NextInt64(2, long.MaxValue)] = Row(rng, 51);
        var model = Build(51, rows);
        var keys = rows.Keys.ToArray();
        for (int trial = 0; trial < 300; trial++)
        {
            var features = new ulong[rng.Next(1, trial % 10 == 0 ? 300 : 60)];
            for (int i = 0; i < features.Length; i++)
                features[i] = rng.Next(3) == 0 ? SameHome((uint)highs[rng.Next(3)], (uint)rng.Next(0, 10000)) : keys[rng.Next(keys.Length)];
            Assert.Equal(ScoringPathTests.Reference(rows, 51, features), ScoringPathTests.Scored(model, features));
        }
        Assert.Throws<InvalidDataException>(() => new LinearModel(51, 1f, [keys[0], keys[1], keys[0]], new short[3 * LinearModel.Pad(51)]));
    }

    [Fact]
    public void Tagger_buckets_that_overflow_give_the_rows_of_the_linear_model()
    {
        // 120 keys with one home bucket (four lanes each: a chain of 40+ buckets, most of them marked) among 600
        // random ones; rows dense (more than 16 non-zero weights) and packed, scored against the linear model's sums
        const int Classes = 50;
        var rng = new Random(8);
        var rows = new Dictionary<ulong, short[]>();
        while (rows.Count < 120) rows[SameHome((uint)rng.Next(), (uint)rng.Next(0, 3000))] = SparseRow(rng, Classes);
        while (rows.Count < 720) rows[(ulong)rng.NextInt64(2, long.MaxValue)] = SparseRow(rng, Classes);
        var model = Build(Classes, rows);
        var keys = model.Keys;
        int stride = LinearModel.Pad(Classes);
        var weights = new short[keys.Length * stride];
        for (int r = 0; r < keys.Length; r++) rows[keys[r]].CopyTo(weights, r * stride);
        var tagWeights = new TagWeights(Classes, keys, weights);
        Assert.True(tagWeights.DenseRows > 0 && tagWeights.DenseRows < keys.Length);
        for (int trial = 0; trial < 300; trial++)
        {
            var features = new ulong[rng.Next(1, 64)];
            for (int i = 0; i < features.Length; i++)
                features[i] = rng.Next(3) == 0 ? SameHome((uint)rng.Next(), (uint)rng.Next(0, 3000)) : keys[rng.Next(keys.Length)];
            var expected = new int[stride * 2];
            model.Score(features, expected);
            var got = new int[stride];
            tagWeights.Score(features, got);
            Assert.Equal(expected[..Classes], got[..Classes]);
            Assert.Equal(ScoringPathTests.Reference(rows, Classes, features), got[..Classes]);
        }
        // a key twice (with a non-zero row: all-zero rows are left out of the table) is an error of the model data
        Assert.Throws<InvalidDataException>(() => new TagWeights(Classes, [keys[0], keys[1], keys[0]], weights[..(3 * stride)]));
    }

    /// <summary>A row with 1 … 30 non-zero weights (so both the tagger's packed and dense forms occur).</summary>
    private static short[] SparseRow(Random rng, int classes)
    {
        var row = new short[classes];
        int nnz = rng.Next(1, 31);
        for (int j = 0; j < nnz; j++) row[rng.Next(classes)] = (short)rng.Next(1, 32000);
        return row;
    }
}
