using System.Globalization;

namespace Attest.Syntax;

/// <summary>
/// The float weights of a second-stage ranker (<see cref="PunctAttacher"/>, <see cref="HeadReviser"/>): feature keys in
/// ascending order with their weights, looked up by key, and their section of the model file (count, keys, weights).
/// Immutable and thread-safe.
/// </summary>
internal sealed class RankerWeights
{
    /// <summary>Feature key → float bits of its weight.</summary>
    private readonly HashIndex index;

    public RankerWeights(ulong[] keys, float[] values)
    {
        if (keys.Length != values.Length) throw new ArgumentException("keys and weights differ in length");
        Keys = keys;
        Values = values;
        // a table of at least 1.5 slots per key (load ≤ 2/3): half the size of the default 2 slots per key for the
        // key counts just above a power of two, so more of it stays in cache
        index = new HashIndex((keys.Length * 3 + 3) / 4);
        for (int i = 0; i < keys.Length; i++) index.Set(keys[i], BitConverter.SingleToInt32Bits(values[i]));
    }

    public ulong[] Keys { get; }
    public float[] Values { get; }
    public int Count => Keys.Length;

    /// <summary>The summed weights of the features, in their order (a feature without a weight adds 0).</summary>
    public float Sum(ReadOnlySpan<ulong> features)
    {
        // every home slot asked for first, so the cache misses overlap; then summed in the features' order
        index.Prefetch(features);
        return SumPrefetched(features);
    }

    /// <summary>
    /// Scores candidates 0 … <paramref name="counts"/>.Length − 1, whose features are
    /// <c>features[c * stride ..][.. counts[c]]</c>, into <paramref name="scores"/> (each as <see cref="Sum"/> gives it)
    /// and returns the best one's index (the first of equal scores). Every candidate's table slots are asked for
    /// before any is summed, so the misses of the whole batch overlap.
    /// </summary>
    public int Best(ReadOnlySpan<ulong> features, int stride, ReadOnlySpan<int> counts, Span<float> scores)
    {
        for (int c = 0; c < counts.Length; c++) index.Prefetch(features.Slice(c * stride, counts[c]));
        int best = 0;
        for (int c = 0; c < counts.Length; c++)
        {
            scores[c] = SumPrefetched(features.Slice(c * stride, counts[c]));
            if (scores[c] > scores[best]) best = c;
        }
        return best;
    }

    private float SumPrefetched(ReadOnlySpan<ulong> features)
    {
        float sum = 0;
        foreach (ulong f in features) sum += BitConverter.Int32BitsToSingle(index.Get(f, 0));
        return sum;
    }

    public void Write(BinaryWriter w)
    {
        w.Write(Keys.Length);
        foreach (var k in Keys) w.Write(k);
        foreach (var v in Values) w.Write(v);
    }

    /// <param name="model">The model's name for error messages ("punctuation-attacher").</param>
    public static RankerWeights Read(BinaryReader r, string model)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 20_000_000) throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"implausible {model} feature count"));
        var keys = new ulong[n];
        var values = new float[n];
        for (int i = 0; i < n; i++) keys[i] = r.ReadUInt64();
        for (int i = 0; i < n; i++)
        {
            values[i] = r.ReadSingle();
            if (!float.IsFinite(values[i])) throw new InvalidDataException($"non-finite {model} weight");
        }
        return new RankerWeights(keys, values);
    }
}
