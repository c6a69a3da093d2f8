using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class WordClusterMergeTests
{
    [Theory]
    [InlineData(0b1, 0, 0b10)]
    [InlineData(0b1, 1, 0b11)]
    [InlineData(0b1011, 0, 0b10011)]
    [InlineData(0b1011, 1, 0b11011)]
    public void Mark_inserts_the_bit_after_the_leading_one(int path, int bit, int expected) =>
        Assert.Equal(expected, WordClusters.Mark(path, bit));

    [Fact]
    public void Merged_table_keeps_the_primary_paths_and_adds_only_the_other_words_marked()
    {
        var primary = WordClusters.FromTable([("kenya", 0b1011), ("border", 0b1100)]);
        var secondary = WordClusters.FromTable([("kenya", 0b1111), ("somalia", 0b1011)]);
        var merged = WordClusters.Merge(primary, secondary);
        Assert.Equal(3, merged.Keys.Length);
        Assert.Equal(0b1011, merged.Get(FeatureHash.OfLower("Kenya")));
        Assert.Equal(0b1100, merged.Get(FeatureHash.OfLower("border")));
        Assert.Equal(0b11011, merged.Get(FeatureHash.OfLower("somalia")));
        Assert.Equal(0, merged.Get(FeatureHash.OfLower("peru")));
        // the same path in the two clusterings is a different path once merged
        Assert.NotEqual(merged.Get(FeatureHash.OfLower("kenya")), merged.Get(FeatureHash.OfLower("somalia")));
    }

    [Fact]
    public void Mark_rejects_what_is_not_an_encoded_path()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WordClusters.Mark(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WordClusters.Mark(1 << 29, 0));
    }
}

public class TaggerEmbeddingClusterTests
{
    [Fact]
    public void A_tagger_trained_with_embedding_clusters_keeps_its_induced_clusters_and_adds_the_other_words_marked()
    {
        var toy = ParserJackknifeTests.Toy();
        var plain = PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false);
        var table = new List<(string Word, int Path)> { ("zanzibar", 0b1011), ("kenya", 0b1110) };
        var merged = PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false, embeddingClusters: table);
        ulong kenya = FeatureHash.OfLower("kenya"), zanzibar = FeatureHash.OfLower("zanzibar");
        Assert.Equal(0, plain.Clusters.Get(zanzibar));
        Assert.Equal(WordClusters.Mark(0b1011, 1), merged.Clusters.Get(zanzibar));
        // a word the induced clusters hold keeps its induced path, not the embedding one
        int induced = plain.Clusters.Get(kenya);
        Assert.Equal(induced == 0 ? WordClusters.Mark(0b1110, 1) : induced, merged.Clusters.Get(kenya));
        // the tagger file keeps the merged table
        var file = Path.Combine(Path.GetTempPath(), $"attest-tagger-{Guid.NewGuid():N}.bin");
        try
        {
            merged.Save(file);
            Assert.Equal(merged.Clusters.Get(zanzibar), PosTagger.Load(file).Clusters.Get(zanzibar));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Word_dropout_shows_some_induced_words_their_embedding_cluster_and_is_deterministic()
    {
        var toy = ParserJackknifeTests.Toy();
        // every toy word has an embedding path here
        var table = toy.SelectMany(s => s.Words).Select(w => w.Form.ToLowerInvariant()).Distinct(StringComparer.Ordinal)
            .Select((w, i) => (w, 0b100000 + i)).ToList();
        var log = new StringWriter();
        var a = PosTaggerTrainer.Train(toy, null, 2, 1, log, twoPass: false, embeddingClusters: table);
        var line = log.ToString().Split('\n').Single(l => l.Contains("show their embedding cluster", StringComparison.Ordinal));
        int hidden = int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        int tokens = toy.Sum(s => s.Count);
        Assert.InRange(hidden, 1, tokens / 4);
        var b = PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false, embeddingClusters: table);
        Assert.Equal(a.Model.Keys, b.Model.Keys);
    }

    [Fact]
    public void Seeds_average_several_shuffles_deterministically_and_one_seed_is_the_plain_training()
    {
        var toy = ParserJackknifeTests.Toy();
        var one = PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false);
        var explicitOne = PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false, seeds: 1);
        Assert.Equal(one.Model.Keys, explicitOne.Model.Keys);
        Assert.Equal(Enumerable.Range(0, one.Model.Keys.Length).Select(r => one.Model.Weight(r, 0)), Enumerable.Range(0, one.Model.Keys.Length).Select(r => explicitOne.Model.Weight(r, 0)));
        var a = PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false, seeds: 3);
        var b = PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false, seeds: 3);
        Assert.Equal(a.Model.Keys, b.Model.Keys);
        Assert.Equal(Enumerable.Range(0, a.Model.Keys.Length).Select(r => a.Model.Weight(r, 1)), Enumerable.Range(0, b.Model.Keys.Length).Select(r => b.Model.Weight(r, 1)));
        // three shuffles see what one does, and average to other weights
        Assert.Subset(a.Model.Keys.ToHashSet(), one.Model.Keys.ToHashSet());
        Assert.NotEqual(Enumerable.Range(0, one.Model.Keys.Length).Select(r => one.Model.Weight(r, 0) * one.Model.Scale),
            one.Model.Keys.Select(k => a.Model.Weight(Array.IndexOf(a.Model.Keys, k), 0) * a.Model.Scale));
        Assert.Throws<ArgumentOutOfRangeException>(() => PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false, seeds: 0));
    }
}
