using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class ParserFeatureSetTests
{
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
            var v3 = DependencyParserTrainer.Train(Treebank(), null, null, 3, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: DependencyParser.LatestFeatureSet);
            v3.Save(path);
            Assert.Equal(DependencyParser.LatestFeatureSet, DependencyParser.Load(path).FeatureSet);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Feature_set_two_adds_templates_to_set_one()
    {
        var words = new ParseWord[4];
        for (int i = 0; i < words.Length; i++) words[i] = new ParseWord { Word = (ulong)(100 + i), Tag = (ulong)(200 + i), Upos = (ulong)(1 + i), Cluster = 5 + i };
        var st = new ArcHybridState(4);
        st.Reset(4);
        st.Apply(ArcHybridState.Shift);
        st.Apply(ArcHybridState.Shift);
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
}
