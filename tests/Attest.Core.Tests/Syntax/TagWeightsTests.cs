using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class TagWeightsTests
{
    private static readonly string[][] Sentences =
    [
        ["The", "ministry", "in", "Ankara", "said", "on", "Tuesday", "that", "talks", "with", "Greece", "would", "resume", "."],
        ["Officials", "denied", "reports", "that", "troops", "had", "crossed", "the", "border", "near", "Kharkiv", "."],
        ["Mr.", "Varnok", "'s", "spokesman", "refused", "to", "comment", "on", "the", "sanctions", "announced", "by", "Brussels", "."],
        ["Qzxv", "blorfed", "3,400", "sheep", "near", "lake", "Tanganyika", "--", "or", "so", "@ministry", "tweeted", "!"],
    ];

    /// <summary>
    /// The tagger as it was written before the lookup rows, the score cache and the vectorised argmax: every feature
    /// scored through <see cref="LinearModel.Score"/>, the tag dictionary consulted by hash, a left-to-right scan for the
    /// best tag and its margin.
    /// </summary>
    private static int[] ReferenceTags(PosTagger tagger, string[] forms)
    {
        var plain = tagger.WithCache([]);
        var words = plain.Prepare(forms);
        int n = forms.Length;
        var first = new int[n];
        var margins = new int[n];
        var tags = new int[n];
        Pass(tagger, tagger.Model, words, default, first, margins);
        if (tagger.Model2 is null) return first;
        Pass(tagger, tagger.Model2, words, first, tags, margins);
        return tags;
    }

    private static void Pass(PosTagger tagger, LinearModel model, WordInfo[] words, ReadOnlySpan<int> right, int[] tags, int[] margins)
    {
        var feats = new ulong[PosTagger.MaxFeatures];
        var scores = new int[model.Stride * 2];
        bool second = !right.IsEmpty;
        for (int i = 0; i < words.Length; i++)
        {
            int d = tagger.DictLookup(words[i].Form);
            if (d >= 0) { tags[i] = d; continue; }
            if (second && tagger.SkipMargin > 0 && margins[i] >= tagger.SkipMargin) { tags[i] = right[i]; continue; }
            Array.Clear(scores);
            int nf = PosTagger.Features(words, i, i > 0 ? tags[i - 1] : -1, i > 1 ? tags[i - 2] : -1, right, feats);
            model.Score(feats.AsSpan(0, nf), scores);
            tags[i] = TagWeights.BestScalar(scores, model.Classes, out int margin);
            if (!second) margins[i] = margin;
        }
    }

    private static int[] FastTags(PosTagger tagger, string[] forms)
    {
        var tags = new int[forms.Length];
        tagger.Tag(tagger.Prepare(forms), tags);
        return tags;
    }

    [Fact]
    public void Fast_tagging_gives_the_tags_of_the_reference_computation()
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        foreach (var s in Sentences) Assert.Equal(ReferenceTags(tagger, s), FastTags(tagger, s));
    }

    [SkippableFact]
    public void Fast_tagging_gives_the_tags_of_the_reference_computation_on_ewt_dev()
    {
        var path = SharedData.Require("corpora/ud-english-ewt/en_ewt-ud-dev.conllu");
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        int words = 0;
        foreach (var s in ConlluReader.ReadFile(path))
        {
            var forms = s.Words.Select(w => w.Form).ToArray();
            Assert.Equal(ReferenceTags(tagger, forms), FastTags(tagger, forms));
            words += forms.Length;
        }
        Assert.True(words > 20_000, $"only {words} words");
    }

    [Fact]
    public void Rows_sum_as_the_linear_model_does()
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        var model = tagger.Model;
        var weights = new TagWeights(model);
        Assert.True(weights.DenseRows > 0, "no dense rows");
        var rng = new Random(7);
        var feats = new ulong[40];
        for (int trial = 0; trial < 200; trial++)
        {
            // mostly features of the model (dense and packed rows), some unknown to it
            for (int j = 0; j < feats.Length; j++)
                feats[j] = rng.Next(5) == 0 ? (ulong)rng.NextInt64() : model.Keys[rng.Next(model.Keys.Length)];
            var expected = new int[model.Stride * 2];
            var actual = new int[model.Stride];
            model.Score(feats, expected);
            weights.Score(feats, actual);
            Assert.Equal(expected[..model.Classes], actual[..model.Classes]);
        }
    }

    [Fact]
    public void Rows_read_from_the_file_bytes_score_as_the_model_read_by_the_reader()
    {
        var model = PerceptronSyntaxAnalyzer.LoadDefault().Tagger.Model;
        var bytes = ModelFile.Encode(ModelKind.Tagger, model.Write);
        // the payload's bytes parsed in place (the decoder's stream), and copied out of a stream that hides its buffer
        var fromFile = ModelFile.Decode(bytes, "t.bin", ModelKind.Tagger, r => TagWeights.Read(r, out _, out _));
        using var hidden = new MemoryStream(bytes[ModelFile.HeaderLength..^4], writable: false);
        using var reader = new BinaryReader(hidden);
        var fromStream = TagWeights.Read(reader, out float scale, out ulong[] keys);
        Assert.Equal(hidden.Length, hidden.Position);
        Assert.Equal(model.Scale, scale);
        Assert.Equal(model.Keys, keys);
        var reference = LinearModel.Read(new BinaryReader(new MemoryStream(bytes[ModelFile.HeaderLength..^4])));
        var rng = new Random(11);
        var feats = new ulong[40];
        for (int trial = 0; trial < 200; trial++)
        {
            for (int j = 0; j < feats.Length; j++)
                feats[j] = rng.Next(5) == 0 ? (ulong)rng.NextInt64() : model.Keys[rng.Next(model.Keys.Length)];
            var expected = new int[model.Stride * 2];
            reference.Score(feats, expected);
            foreach (var weights in new[] { fromFile, fromStream })
            {
                var actual = new int[model.Stride];
                weights.Score(feats, actual);
                Assert.Equal(expected[..model.Classes], actual[..model.Classes]);
            }
        }
    }

    [Fact]
    public void Rows_cut_short_are_reported_as_a_payload_that_ends_early()
    {
        var p = new AveragedPerceptron(24);
        for (int i = 0; i < 50; i++)
        {
            p.Update([(ulong)(100 + i), (ulong)(7 + i % 3)], i % 24, (i + 5) % 24);
            p.Tick();
        }
        var full = ModelFile.Encode(ModelKind.Tagger, p.Build().Write);
        // drop the last 6 bytes of the rows and re-seal length and checksum, so only the rows are short
        int length = full.Length - ModelFile.HeaderLength - 4 - 6;
        var bytes = full[..(ModelFile.HeaderLength + length)];
        BitConverter.GetBytes(length).CopyTo(bytes, 7);
        bytes = [.. bytes, .. BitConverter.GetBytes(Crc32.Compute(bytes))];
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Decode(bytes, "cut.bin", ModelKind.Tagger, r => TagWeights.Read(r, out _, out _)));
        Assert.Contains("cut.bin", e.Message);
        Assert.Contains("ends early", e.Message);
    }

    [Fact]
    public void Rebuilt_model_has_the_same_keys_and_weights()
    {
        var model = PerceptronSyntaxAnalyzer.LoadDefault().Tagger.Model;
        var rebuilt = new TagWeights(model).ToModel(model.Scale, model.Keys);
        Assert.Equal(model.Keys, rebuilt.Keys);
        var rng = new Random(3);
        for (int k = 0; k < 2000; k++)
        {
            int row = rng.Next(model.Keys.Length), c = rng.Next(model.Classes);
            Assert.Equal(model.Weight(row, c), rebuilt.Weight(row, c));
        }
    }

    [Theory]
    [InlineData(116, 1)]
    [InlineData(116, 2)]
    [InlineData(116, 40)]
    [InlineData(9, 5)]
    [InlineData(2, 3)]
    public void Vectorised_best_and_margin_match_the_scan(int classes, int spread)
    {
        var weights = new TagWeights(classes, [], []);
        var rng = new Random(classes * 31 + spread);
        var scores = new int[weights.Stride];
        for (int trial = 0; trial < 500; trial++)
        {
            // small spreads give many ties for the best and for the runner-up
            for (int c = 0; c < weights.Stride; c++) scores[c] = c < classes ? rng.Next(-spread, spread + 1) * 1000 : rng.Next();
            int expected = TagWeights.BestScalar(scores, classes, out int expectedMargin);
            int actual = weights.Best(scores, out int margin);
            Assert.Equal(expected, actual);
            Assert.Equal(expectedMargin, margin);
        }
    }

    [Fact]
    public void Tag_dictionary_words_come_from_the_cache_with_their_dictionary_tag()
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        var plain = tagger.WithCache([]);
        var fresh = plain.Prepare(["the", "announced"]);
        Assert.True(fresh[0].Dict > 0, "'the' is expected in the tag dictionary");
        Assert.Equal(tagger.DictLookup(fresh[0].Form) + 1, fresh[0].Dict);
        var cachedTagger = tagger.WithCache(["the", "announced"]);
        var cached = cachedTagger.Prepare(["the", "announced"]);
        Assert.Equal(fresh[0].Lower, cached[0].Lower);
        Assert.Equal(fresh[0].Cluster, cached[0].Cluster);
        Assert.Equal(fresh[0].Dict, cached[0].Dict);
        Assert.Equal(0, cached[0].Cached); // a dictionary word gets no score row
        Assert.True(cached[1].Cached > 0);
        Assert.Equal(0, cached[1].Dict);
    }
}
