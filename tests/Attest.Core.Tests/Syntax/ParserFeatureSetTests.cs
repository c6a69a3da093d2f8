using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class ParserFeatureSetTests
{
    /// <summary>Four synthetic words (distinct word, tag, UPOS, cluster and, if asked, embedding-cluster values) and a state after two shifts.</summary>
    private static (ParseWord[] Words, ArcHybridState State) AfterTwoShifts(bool withEmbeddings)
    {
        var words = new ParseWord[4];
        for (int i = 0; i < words.Length; i++)
            words[i] = new ParseWord { Word = (ulong)(100 + i), Tag = (ulong)(200 + i), Upos = (ulong)(1 + i), Cluster = 5 + i, Emb = withEmbeddings ? 0b1_0110_0110_01 + i : 0 };
        var st = new ArcHybridState(4);
        st.Reset(words);
        st.Apply(ArcHybridState.Shift);
        st.Apply(ArcHybridState.Shift);
        return (words, st);
    }

    // a toy treebank written for this test
    private const string Toy = """
        1	Officials	official	NOUN	NNS	_	2	nsubj	_	_
        2	denied	deny	VERB	VBD	_	0	root	_	_
        3	the	the	DET	DT	_	4	det	_	_
        4	report	report	NOUN	NN	_	2	obj	_	_
        5	.	.	PUNCT	.	_	2	punct	_	_

        1	Ankara	Ankara	PROPN	NNP	_	2	nsubj	_	_
        2	rejected	reject	VERB	VBD	_	0	root	_	_
        3	new	new	ADJ	JJ	_	4	amod	_	_
        4	sanctions	sanction	NOUN	NNS	_	2	obj	_	_
        5	.	.	PUNCT	.	_	2	punct	_	_


        """;

    private static List<ConlluSentence> Treebank() => ConlluReader.Read(new StringReader(Toy.Replace("        ", ""))).ToList();

    [Fact]
    public void Feature_set_is_stored_in_the_model_file()
    {
        var parser = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1);
        Assert.Equal(DependencyParser.DefaultFeatureSet, parser.FeatureSet);
        var path = Path.Combine(Path.GetTempPath(), $"attest-parser-{Guid.NewGuid():N}.bin");
        try
        {
            parser.Save(path);
            var loaded = DependencyParser.Load(path);
            Assert.Equal(parser.FeatureSet, loaded.FeatureSet);
            var v1 = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: 1);
            v1.Save(path);
            Assert.Equal(1, DependencyParser.Load(path).FeatureSet);
            var v3 = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: 3);
            v3.Save(path);
            Assert.Equal(3, DependencyParser.Load(path).FeatureSet);
            Assert.Null(DependencyParser.Load(path).EmbeddingClusters);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Feature_set_two_adds_templates_to_set_one()
    {
        var (words, st) = AfterTwoShifts(withEmbeddings: false);
        var one = new ulong[DependencyParser.MaxFeatures];
        var two = new ulong[DependencyParser.MaxFeatures];
        int n1 = DependencyParser.ArcFeatures(words, st, one, 1);
        int n2 = DependencyParser.ArcFeatures(words, st, two, 2);
        Assert.True(n2 > n1);
        Assert.Equal(one[..n1], two[..n1]);
        var lone = new ulong[DependencyParser.MaxLabelFeatures];
        var ltwo = new ulong[DependencyParser.MaxLabelFeatures];
        int l1 = DependencyParser.AttachFeatures(words, st, 2, 1, lone, 1);
        int l2 = DependencyParser.AttachFeatures(words, st, 2, 1, ltwo, 2);
        Assert.True(l2 > l1);
        Assert.Equal(lone[..l1], ltwo[..l1]);
    }

    [Fact]
    public void Post_hoc_labeller_can_be_dropped_only_when_attach_labels_are_the_output()
    {
        var parser = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1);
        Assert.Throws<InvalidOperationException>(() => parser.WithAttachLabels(false).WithoutPostHocLabeller());
        var dropped = parser.WithAttachLabels(true).WithoutPostHocLabeller();
        Assert.Equal(0, dropped.Labeller.FeatureCount);
        Assert.Throws<InvalidOperationException>(() => dropped.WithAttachLabels(false));
        var words = DependencyParserTrainer.Tag(Treebank()[0], null, parser.Clusters);
        var state = new ArcHybridState(words.Length);
        int[] h1 = new int[words.Length], l1 = new int[words.Length], h2 = new int[words.Length], l2 = new int[words.Length];
        parser.WithAttachLabels(true).Parse(words, state, h1, l1);
        dropped.Parse(words, state, h2, l2);
        Assert.Equal(h1, h2);
        Assert.Equal(l1, l2);
        var bytes = ModelFile.Encode(ModelKind.Parser, dropped.Write);
        Assert.True(ModelFile.Decode(bytes, "p.bin", ModelKind.Parser, DependencyParser.Read).UseAttachLabels);
    }

    [Fact]
    public void Frequency_cutoff_keeps_only_features_seen_often_enough()
    {
        var all = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1);
        var cut = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, minCount: 2);
        var none = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, minCount: 1000);
        Assert.True(cut.Arcs.FeatureCount > 0);
        Assert.True(cut.Arcs.FeatureCount < all.Arcs.FeatureCount);
        Assert.True(cut.AttachLabeller.FeatureCount < all.AttachLabeller.FeatureCount);
        Assert.Subset(all.Arcs.Keys.ToHashSet(), cut.Arcs.Keys.ToHashSet());
        Assert.Equal(0, none.Arcs.FeatureCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, minCount: 0));
    }

    [Fact]
    public void Seeds_are_averaged_and_each_is_checkpointed()
    {
        var one = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, postHocLabeller: false);
        var two = DependencyParserTrainer.Train(Treebank(), null, null, 3, 2, TextWriter.Null, jackknifeFolds: 1, postHocLabeller: false);
        var checkpoints = new List<DependencyParser>();
        var avg = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, seeds: 2, postHocLabeller: false, checkpoint: checkpoints.Add);
        Assert.Equal(2, checkpoints.Count);
        Assert.Same(avg, checkpoints[1]);
        Assert.Equal(0, avg.Labeller.FeatureCount);
        Assert.True(avg.UseAttachLabels);
        // every weight of the average is the mean of the two runs' (up to int16 rounding)
        var keys = one.Arcs.Keys.Union(two.Arcs.Keys).ToHashSet();
        Assert.Equal(keys, avg.Arcs.Keys.ToHashSet());
        var key = one.Arcs.Keys[0];
        var s1 = new int[one.Arcs.Stride * 2];
        var s2 = new int[two.Arcs.Stride * 2];
        var sa = new int[avg.Arcs.Stride * 2];
        one.Arcs.Score([key], s1);
        two.Arcs.Score([key], s2);
        avg.Arcs.Score([key], sa);
        for (int c = 0; c < 3; c++)
        {
            double expected = (s1[c] * one.Arcs.Scale + s2[c] * two.Arcs.Scale) / 2;
            Assert.InRange(sa[c] * avg.Arcs.Scale, expected - avg.Arcs.Scale, expected + avg.Arcs.Scale);
        }
    }

    [Fact]
    public void Feature_set_three_counts_punctuation_and_verbs_between_the_stack_and_buffer_words()
    {
        // Ministers ( in Oslo ) , said : 0 PROPN-ish words, 1 and 3 and 4 punctuation, 5 a verb
        UPos[] tags = [UPos.NOUN, UPos.PUNCT, UPos.ADP, UPos.PUNCT, UPos.PUNCT, UPos.VERB, UPos.PUNCT];
        var words = new ParseWord[tags.Length];
        for (int i = 0; i < words.Length; i++) words[i] = new ParseWord { Word = (ulong)(100 + i), Tag = (ulong)(200 + i), Upos = (ulong)tags[i] + 1, Cluster = 3 };
        var st = new ArcHybridState(words.Length);
        st.Reset(words);
        Assert.Equal(3UL, st.Between(st.PunctBefore, 0, 5, 3));
        Assert.Equal(2UL, st.Between(st.PunctBefore, 0, 5, 2));
        Assert.Equal(1UL, st.Between(st.VerbBefore, 0, 6, 2));
        Assert.Equal(0UL, st.Between(st.VerbBefore, 0, 5, 2));
        Assert.Equal(99UL, st.Between(st.PunctBefore, 5, 0, 3));
        Assert.Equal(99UL, st.Between(st.PunctBefore, 0, words.Length, 3)); // the root
        st.Apply(ArcHybridState.Shift);
        var two = new ulong[DependencyParser.MaxFeatures];
        var three = new ulong[DependencyParser.MaxFeatures];
        int n2 = DependencyParser.ArcFeatures(words, st, two, 2);
        int n3 = DependencyParser.ArcFeatures(words, st, three, 3);
        Assert.True(n3 > n2);
        Assert.Equal(two[..n2], three[..n2]);
        // s0 = 0, b0 = 1: nothing in between; after shifting up to b0 = 5 the punctuation count differs
        var other = new ArcHybridState(words.Length);
        other.Reset(words);
        other.Apply(ArcHybridState.Shift);
        for (int i = 0; i < 4; i++) { other.Apply(ArcHybridState.Shift); other.Apply(ArcHybridState.Right); }
        Assert.Equal((0, 5), (other.S0, other.B));
        var far = new ulong[DependencyParser.MaxFeatures];
        DependencyParser.ArcFeatures(words, other, far, 3);
        Assert.NotEqual(three[n2], far[n2]);
        var lthree = new ulong[DependencyParser.MaxLabelFeatures];
        Assert.True(DependencyParser.AttachFeatures(words, st, 1, 0, lthree, 3) > DependencyParser.AttachFeatures(words, st, 1, 0, lthree, 2));
    }

    // an embedding-cluster table written for these tests (bit paths with their leading 1)
    private static readonly (string Word, int Path)[] EmbTable =
    [
        ("officials", 0b1_0110_0001), ("ministers", 0b1_0110_0011), ("denied", 0b1_1010_0000), ("rejected", 0b1_1010_0001),
        ("report", 0b1_0111_1000), ("sanctions", 0b1_0111_1010), ("ankara", 0b1_0010_0110), ("new", 0b1_1100_0000),
    ];

    private static byte[] Encode(DependencyParser p) => ModelFile.Encode(ModelKind.Parser, p.Write);

    private static DependencyParser Decode(byte[] bytes) => ModelFile.Decode(bytes, "parser.bin", ModelKind.Parser, DependencyParser.Read);

    private static void SameParses(DependencyParser expected, DependencyParser actual)
    {
        var (h1, l1) = ParseAll(expected);
        var (h2, l2) = ParseAll(actual);
        Assert.Equal(h1, h2);
        Assert.Equal(l1, l2);
    }

    private static (int[] Heads, int[] Labels) ParseAll(DependencyParser parser)
    {
        var heads = new List<int>();
        var labels = new List<int>();
        foreach (var s in Treebank())
        {
            var words = DependencyParserTrainer.Tag(s, null, parser.Clusters, parser.EmbeddingClusters);
            var state = new ArcHybridState(words.Length);
            int[] h = new int[words.Length], l = new int[words.Length];
            parser.Parse(words, state, h, l);
            heads.AddRange(h);
            labels.AddRange(l);
        }
        return ([.. heads], [.. labels]);
    }

    [Fact]
    public void Feature_set_four_stores_its_embedding_clusters_in_the_model_file_and_round_trips()
    {
        var parser = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: 4, embeddingClusters: EmbTable);
        Assert.Equal(4, parser.FeatureSet);
        Assert.NotNull(parser.EmbeddingClusters);
        Assert.Equal(EmbTable.Length, parser.EmbeddingClusters.Keys.Length);
        var loaded = Decode(Encode(parser));
        Assert.Equal(4, loaded.FeatureSet);
        Assert.NotNull(loaded.EmbeddingClusters);
        Assert.Equal(parser.EmbeddingClusters.Keys, loaded.EmbeddingClusters.Keys);
        Assert.Equal(parser.EmbeddingClusters.Paths, loaded.EmbeddingClusters.Paths);
        Assert.Equal(EmbTable[2].Path, loaded.EmbeddingClusters.Get(FeatureHash.OfLower("Denied")));
        Assert.Equal(Encode(parser), Encode(loaded));
        SameParses(parser, loaded);
        // pruning and the other copies keep the table
        Assert.Same(parser.EmbeddingClusters, parser.Prune(0.01f).EmbeddingClusters);
        Assert.Same(parser.EmbeddingClusters, parser.WithAttachLabels(true).WithoutPostHocLabeller().EmbeddingClusters);
        // the words' embedding clusters reach the parser input
        var words = DependencyParserTrainer.Tag(Treebank()[1], null, parser.Clusters, parser.EmbeddingClusters);
        Assert.Equal(EmbTable[6].Path, words[0].Emb);
        Assert.Equal(0, words[4].Emb); // "." is not in the table
    }

    [Fact]
    public void Feature_set_four_needs_an_embedding_table_and_other_sets_refuse_one()
    {
        Assert.Throws<ArgumentException>(() => DependencyParserTrainer.Train(Treebank(), null, null, 1, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: 4));
        Assert.Throws<ArgumentException>(() => DependencyParserTrainer.Train(Treebank(), null, null, 1, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: 2, embeddingClusters: EmbTable));
        // a file that says feature set 4 but has no table (payload of a set-2 file with its feature-set number changed)
        var two = DependencyParserTrainer.Train(Treebank(), null, null, 2, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: 2);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) two.Write(w);
        var payload = ms.ToArray();
        BitConverter.TryWriteBytes(payload.AsSpan(payload.Length - 4), 4);
        var bytes = ModelFile.Encode(ModelKind.Parser, w => w.Write(payload));
        var e = Assert.Throws<InvalidDataException>(() => Decode(bytes));
        Assert.Contains("embedding-cluster table", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feature_set_two_files_have_no_embedding_section_and_load_and_parse_identically()
    {
        var two = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: 2);
        // the payload still ends with the feature-set number, as files written before the embedding section existed
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) two.Write(w);
        var payload = ms.ToArray();
        Assert.Equal(2, BitConverter.ToInt32(payload, payload.Length - 4));
        var loaded = Decode(Encode(two));
        Assert.Equal(2, loaded.FeatureSet);
        Assert.Null(loaded.EmbeddingClusters);
        Assert.Equal(Encode(two), Encode(loaded));
        SameParses(two, loaded);
        // and a set-2 file followed by an explicit "no table" flag loads the same
        var flagged = Decode(ModelFile.Encode(ModelKind.Parser, w => { w.Write(payload); w.Write(false); }));
        Assert.Null(flagged.EmbeddingClusters);
        SameParses(two, flagged);
    }

    [Fact]
    public void Feature_set_four_is_set_two_plus_embedding_templates()
    {
        var (words, st) = AfterTwoShifts(withEmbeddings: true);
        var two = new ulong[DependencyParser.MaxFeatures];
        var four = new ulong[DependencyParser.MaxFeatures];
        int n2 = DependencyParser.ArcFeatures(words, st, two, 2);
        int n4 = DependencyParser.ArcFeatures(words, st, four, 4);
        Assert.True(n4 > n2);
        Assert.Equal(two[..n2], four[..n2]);
        // the added templates read the embedding clusters: change b0's and the set-4 features change, set 2's do not
        var other = (ParseWord[])words.Clone();
        other[2].Emb = 0b1_1111_0000_11;
        var four2 = new ulong[DependencyParser.MaxFeatures];
        // the feature functions read the words through the state, which must be reset with them
        var otherState = new ArcHybridState(other.Length);
        otherState.Reset(other);
        otherState.Apply(ArcHybridState.Shift);
        otherState.Apply(ArcHybridState.Shift);
        Assert.Equal(n4, DependencyParser.ArcFeatures(other, otherState, four2, 4));
        Assert.Equal(four[..n2], four2[..n2]);
        Assert.NotEqual(four[n2..n4], four2[n2..n4]);
        var ltwo = new ulong[DependencyParser.MaxLabelFeatures];
        var lfour = new ulong[DependencyParser.MaxLabelFeatures];
        int l2 = DependencyParser.AttachFeatures(words, st, 2, 1, ltwo, 2);
        int l4 = DependencyParser.AttachFeatures(words, st, 2, 1, lfour, 4);
        Assert.True(l4 > l2);
        Assert.Equal(ltwo[..l2], lfour[..l2]);
        // set 5 is set 2 plus a subset of set 4's embedding templates
        var five = new ulong[DependencyParser.MaxFeatures];
        int n5 = DependencyParser.ArcFeatures(words, st, five, 5);
        Assert.InRange(n5, n2 + 1, n4 - 1);
        Assert.Equal(two[..n2], five[..n2]);
        Assert.Subset(four[n2..n4].ToHashSet(), five[n2..n5].ToHashSet());
        var lfive = new ulong[DependencyParser.MaxLabelFeatures];
        int l5 = DependencyParser.AttachFeatures(words, st, 2, 1, lfive, 5);
        Assert.InRange(l5, l2 + 1, l4 - 1);
        Assert.Subset(lfour[l2..l4].ToHashSet(), lfive[l2..l5].ToHashSet());
        Assert.True(DependencyParser.UsesEmbeddings(5));
        Assert.False(DependencyParser.UsesEmbeddings(3));
    }
}
