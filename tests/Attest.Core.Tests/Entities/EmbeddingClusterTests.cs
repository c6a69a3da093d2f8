using Attest.Entities;
using Attest.Entities.Ner;
using Attest.Syntax;

namespace Attest.Tests.Entities;

public class EmbeddingClusterTests
{
    // toy "embeddings": companies point one way, cities another, first names a third
    private static readonly Dictionary<string, float[]> Toy = new(StringComparer.Ordinal)
    {
        ["acmesoft"] = [1f, 0.1f, 0f], ["zentrix"] = [0.9f, 0.15f, 0.05f], ["globocorp"] = [0.95f, 0f, 0.1f], ["brightlane"] = [1f, 0.05f, 0.05f],
        ["lisbon"] = [0f, 1f, 0.1f], ["nairobi"] = [0.1f, 0.9f, 0f], ["quito"] = [0.05f, 1f, 0.05f], ["oslo"] = [0f, 0.95f, 0.1f],
        ["marta"] = [0.05f, 0f, 1f], ["tobiah"] = [0f, 0.1f, 0.9f], ["elin"] = [0.1f, 0.05f, 1f], ["quinlan"] = [0f, 0.05f, 0.95f],
    };

    private static IReadOnlyList<float[]> Encode(IReadOnlyList<string> words) => words.Select(w => (float[])Toy[w].Clone()).ToList();

    [Fact]
    public void Words_the_embedding_groups_together_share_their_path_prefix()
    {
        var words = Toy.Keys.Order(StringComparer.Ordinal).ToList();
        var table = EmbeddingClusterBuilder.Build(words, Encode, depth: 6, batchSize: 5, TextWriter.Null).ToDictionary(x => x.Word, x => x.Path);
        string[][] groups = [["acmesoft", "zentrix", "globocorp", "brightlane"], ["lisbon", "nairobi", "quito", "oslo"], ["marta", "tobiah", "elin", "quinlan"]];
        // every two words of a group share a longer path prefix than any word of the group shares with another group's word
        foreach (var g in groups)
        {
            int within = g.SelectMany(a => g.Where(b => b != a), (a, b) => Common(table[a], table[b])).Min();
            int across = g.SelectMany(a => groups.Where(h => h != g).SelectMany(h => h), (a, b) => Common(table[a], table[b])).Max();
            Assert.True(within > across, $"group of {g[0]}: common prefix within {within}, across {across}");
        }
    }

    /// <summary>Length of the common prefix of two encoded paths (leading 1 bits dropped).</summary>
    private static int Common(int a, int b)
    {
        string Bits(int p) => Convert.ToString(p, 2)[1..];
        string x = Bits(a), y = Bits(b);
        int n = 0;
        while (n < x.Length && n < y.Length && x[n] == y[n]) n++;
        return n;
    }

    [Fact]
    public void Encoder_returning_the_wrong_number_of_vectors_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() =>
            EmbeddingClusterBuilder.Build(["lisbon", "oslo"], _ => [new float[3]], 4, 8, TextWriter.Null));
    }

    [Fact]
    public void Table_and_vectors_round_trip_through_their_files()
    {
        var words = Toy.Keys.Order(StringComparer.Ordinal).ToList();
        var table = EmbeddingClusterBuilder.Build(words, Encode, 5, 4, TextWriter.Null, out var vectors);
        var tsv = Path.Combine(Path.GetTempPath(), $"attest-emb-{Guid.NewGuid():N}.tsv");
        var vec = Path.Combine(Path.GetTempPath(), $"attest-emb-{Guid.NewGuid():N}.vec");
        try
        {
            EmbeddingClusterBuilder.WriteTsv(tsv, table);
            Assert.Equal(table, EmbeddingClusterBuilder.ReadTsv(tsv));
            EmbeddingClusterBuilder.WriteVectors(vec, words, vectors);
            var (w2, v2) = EmbeddingClusterBuilder.ReadVectors(vec);
            Assert.Equal(words, w2);
            Assert.Equal(vectors[3], v2[3]);
            File.WriteAllText(tsv, "lisbon\t0102\n");
            Assert.Throws<FormatException>(() => EmbeddingClusterBuilder.ReadTsv(tsv));
        }
        finally
        {
            File.Delete(tsv);
            File.Delete(vec);
        }
    }

    [Fact]
    public void Lookup_is_case_insensitive()
    {
        var clusters = EmbeddingClusterBuilder.ToClusters([("zentrix", 0b1101), ("oslo", 0b1000)]);
        Assert.Equal(0b1101, clusters.Get(FeatureHash.OfLower("Zentrix")));
        Assert.Equal(0, clusters.Get(FeatureHash.OfLower("Quito")));
    }

    [Fact]
    public void Neighbours_give_an_unseen_word_the_type_of_similar_training_words_but_never_its_own()
    {
        var words = Toy.Keys.Order(StringComparer.Ordinal).ToArray();
        var vectors = words.Select(w => Toy[w]).ToArray();
        var train = NerReader.Read(new StringReader("""
            1	Acmesoft	B-ORG
            2	hired	O
            3	Marta	B-PER
            4	in	O
            5	Lisbon	B-LOC

            1	Zentrix	B-ORG
            2	and	O
            3	Globocorp	B-ORG
            4	met	O
            5	Tobiah	B-PER
            6	in	O
            7	Nairobi	B-LOC
            8	and	O
            9	Oslo	B-LOC

            """));
        var table = EmbeddingNeighbours.Build(words, vectors, train, k: 2, TextWriter.Null);
        int Arg(string w) => (table.Get(FeatureHash.OfLower(w)) >> 6) & 3;
        Assert.Equal(2, Arg("brightlane")); // ORG, never in the training data
        Assert.Equal(3, Arg("quito"));      // LOC
        Assert.Equal(1, Arg("quinlan"));    // PER
        Assert.Equal(1, Arg("elin"));
        // "acmesoft" is ORG in training, but its own label is not counted: its neighbours (zentrix, globocorp) are
        Assert.Equal(2, Arg("acmesoft"));
    }

    [Fact]
    public void Recognizer_with_embedding_tables_saves_and_loads_them()
    {
        var data = NerReader.Read(new StringReader("""
            1	Zentrix	B-ORG
            2	hired	O
            3	Marta	B-PER
            4	in	O
            5	Lisbon	B-LOC

            """));
        var words = Toy.Keys.Order(StringComparer.Ordinal).ToArray();
        var table = EmbeddingClusterBuilder.Build(words, Encode, 5, 4, TextWriter.Null, out var vectors);
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        var ner = NerTrainer.Train(data, null, tagger, ActorDictionary.LoadDefault(), 5, 1, TextWriter.Null, embeddingClusters: table,
            embeddingVectors: (words, vectors), neighbours: 2);
        Assert.NotNull(ner.Embeddings);
        Assert.NotNull(ner.Neighbours);
        Assert.Equal(data[0].Labels, ner.Tag(data[0].Forms));
        var path = Path.Combine(Path.GetTempPath(), $"attest-ner-{Guid.NewGuid():N}.bin");
        try
        {
            ner.Save(path);
            var loaded = NerTagger.Load(path, tagger, ActorDictionary.LoadDefault());
            Assert.Equal(ner.Embeddings!.Keys, loaded.Embeddings!.Keys);
            Assert.Equal(ner.Neighbours!.Paths, loaded.Neighbours!.Paths);
            string[] other = ["Globocorp", "opened", "an", "office", "in", "Quito", "."];
            Assert.Equal(ner.Tag(other), loaded.Tag(other));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
