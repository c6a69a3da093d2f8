using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class ModelFileTests
{
    private static LinearModel SmallModel()
    {
        var p = new AveragedPerceptron(3);
        ulong[] f1 = [11, 12, 13];
        ulong[] f2 = [12, 14];
        for (int i = 0; i < 5; i++)
        {
            p.Update(f1, 0, 1);
            p.Tick();
            p.Update(f2, 2, 0);
            p.Tick();
        }
        return p.Build();
    }

    private static byte[] Encode(LinearModel m) => ModelFile.Encode(ModelKind.Parser, w => m.Write(w));

    [Fact]
    public void Three_class_model_with_many_features_scores_every_row_exactly()
    {
        // the 8-byte fingerprint slots of three-class models: every stored row is found with its own weights
        var p = new AveragedPerceptron(3);
        var rng = new Random(7);
        var feats = new ulong[20_000];
        for (int i = 0; i < feats.Length; i++) feats[i] = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
        for (int i = 0; i < feats.Length; i++)
        {
            p.Update(feats.AsSpan(i, 1), i % 3, (i + 1) % 3, 1 + i % 5);
            p.Tick();
        }
        var m = p.Build();
        Assert.InRange(m.FeatureCount, 19_000, feats.Length);
        var s = new int[m.Stride * 2];
        int wrong = 0;
        for (int r = 0; r < m.FeatureCount; r++)
        {
            s.AsSpan().Clear();
            m.Score(m.Keys.AsSpan(r, 1), s);
            for (int c = 0; c < 3; c++) if (s[c] != m.Weight(r, c)) wrong++;
        }
        // two keys of one probe run may share a 16-bit fingerprint; with 20 000 keys that is at most a handful
        Assert.InRange(wrong, 0, 6);
        s.AsSpan().Clear();
        m.Score([], s);
        Assert.Equal([0, 0, 0], s[..3]);
    }

    [Fact]
    public void Linear_model_round_trips_with_identical_scores()
    {
        var m = SmallModel();
        var back = ModelFile.Decode(Encode(m), "test.bin", ModelKind.Parser, LinearModel.Read);
        Assert.Equal(m.Keys, back.Keys);
        for (int r = 0; r < m.FeatureCount; r++)
            for (int c = 0; c < m.Classes; c++) Assert.Equal(m.Weight(r, c), back.Weight(r, c));
        var a = new int[m.Stride * 2];
        var b = new int[m.Stride * 2];
        ulong[] feats = [11, 12, 14, 99];
        m.Score(feats, a);
        back.Score(feats, b);
        Assert.Equal(a, b);
        Assert.NotEqual(0, a[0]);
    }

    [Fact]
    public void Corrupt_file_is_rejected_with_file_name()
    {
        var bytes = Encode(SmallModel());
        bytes[bytes.Length / 2] ^= 0x5A;
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "broken.bin", ModelKind.Parser, LinearModel.Read));
        Assert.Contains("broken.bin", e.Message);
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void Truncated_file_is_rejected()
    {
        var bytes = Encode(SmallModel());
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes[..^7], "short.bin", ModelKind.Parser, LinearModel.Read));
        Assert.Contains("short.bin", e.Message);
    }

    [Fact]
    public void Rows_cut_short_inside_a_sealed_file_are_reported_as_a_payload_that_ends_early()
    {
        var full = Encode(SmallModel());
        // drop the last 3 bytes of the rows and re-seal length and checksum, so only the rows are short
        int length = full.Length - ModelFile.HeaderLength - 4 - 3;
        var bytes = full[..(ModelFile.HeaderLength + length)];
        BitConverter.GetBytes(length).CopyTo(bytes, 7);
        bytes = [.. bytes, .. BitConverter.GetBytes(Crc32.Compute(bytes))];
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "cut.bin", ModelKind.Parser, LinearModel.Read));
        Assert.Contains("cut.bin", e.Message);
        Assert.Contains("ends early", e.Message);
    }

    [Fact]
    public void Wrong_version_is_rejected()
    {
        var bytes = Encode(SmallModel());
        bytes[4] = 99;
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "old.bin", ModelKind.Parser, LinearModel.Read));
        Assert.Contains("version 99", e.Message);
        Assert.Contains("old.bin", e.Message);
    }

    [Fact]
    public void Version_one_files_are_still_read_and_the_next_version_is_not()
    {
        Assert.Equal(2, ModelFile.FormatVersion);
        foreach (byte version in new byte[] { 1, 3 })
        {
            var bytes = Encode(SmallModel());
            bytes[4] = version;
            // re-seal the checksum so that only the version differs
            BitConverter.GetBytes(Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4))).CopyTo(bytes, bytes.Length - 4);
            if (version == 1)
                Assert.Equal(SmallModel().Keys, ModelFile.Decode(bytes, "v1.bin", ModelKind.Parser, LinearModel.Read).Keys);
            else
                Assert.Contains("version 3", Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "v3.bin", ModelKind.Parser, LinearModel.Read)).Message);
        }
    }

    [Fact]
    public void Wrong_kind_and_magic_are_rejected()
    {
        var bytes = Encode(SmallModel());
        Assert.Contains("kind", Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "x.bin", ModelKind.Tagger, LinearModel.Read)).Message);
        bytes[0] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "x.bin", ModelKind.Parser, LinearModel.Read)).Message);
    }

    [Fact]
    public void Load_from_disk_reports_corruption_as_invalid_data()
    {
        var path = Path.Combine(Path.GetTempPath(), "attest-syntax-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            var bytes = Encode(SmallModel());
            bytes[^1] ^= 1;
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(path, ModelKind.Parser, LinearModel.Read));
            Assert.Contains(Path.GetFileName(path), e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Crc32_matches_reference_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }
}

public class CommittedModelRoundTripTests
{
    private static string Model(string file) => Path.Combine(SharedData.RepoRoot, "models", file);

    [Fact]
    public void Committed_models_re_encode_to_identical_bytes()
    {
        var tagger = File.ReadAllBytes(Model("tagger.bin"));
        var t = ModelFile.Decode(tagger, "tagger.bin", ModelKind.Tagger, PosTagger.Read);
        Assert.Equal(tagger, ModelFile.Encode(ModelKind.Tagger, t.Write));

        var lemmatizer = File.ReadAllBytes(Model("lemmatizer.bin"));
        var l = ModelFile.Decode(lemmatizer, "lemmatizer.bin", ModelKind.Lemmatizer, Lemmatizer.Read);
        Assert.Equal(lemmatizer, ModelFile.Encode(ModelKind.Lemmatizer, l.Write));

        var parser = File.ReadAllBytes(Model("parser.bin"));
        var p = ModelFile.Decode(parser, "parser.bin", ModelKind.Parser, DependencyParser.Read);
        Assert.Equal(parser, ModelFile.Encode(ModelKind.Parser, p.Write));
        Assert.True(p.UseAttachLabels);
    }

    [Fact]
    public void Loading_a_model_as_the_wrong_kind_names_the_file()
    {
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load(Model("tagger.bin"), ModelKind.Parser, DependencyParser.Read));
        Assert.Contains("tagger.bin", e.Message);
        Assert.Contains("Tagger", e.Message);
    }
}
