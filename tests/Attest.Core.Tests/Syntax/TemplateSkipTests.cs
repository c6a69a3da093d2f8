using Attest.Syntax;

namespace Attest.Tests.Syntax;

/// <summary>
/// Templates skipped at inference (<see cref="TemplateMask"/>, <see cref="DependencyParser.WithSkippedTemplates"/>):
/// the feature functions leave out exactly those templates, a parser with skipped templates parses like the plain
/// every-template loop over the filtered features, and the choice survives the model file while files without it
/// are written as before.
/// </summary>
public class TemplateSkipTests
{
    private static ParseWord[] Words(int n, int seed)
    {
        var rng = new Random(seed);
        var words = new ParseWord[n];
        for (int i = 0; i < n; i++)
            words[i] = new ParseWord { Word = (ulong)rng.Next(1, 50), Tag = (ulong)rng.Next(1, 12), Upos = (ulong)rng.Next(1, 18), Cluster = rng.Next(1, 1 << 12), Emb = rng.Next(1 << 10, 1 << 14) };
        return words;
    }

    [Fact]
    public void Default_mask_keeps_every_template_and_a_mask_skips_exactly_its_ids()
    {
        TemplateMask none = default;
        Assert.True(none.IsEmpty);
        Assert.True(Enumerable.Range(0, TemplateMask.Limit).All(none.Keep));
        var mask = new TemplateMask([0, 63, 64, 130, 444, 511]);
        Assert.False(mask.IsEmpty);
        Assert.Equal([0, 63, 64, 130, 444, 511], mask.Ids());
        Assert.Equal(TemplateMask.Limit - 6, Enumerable.Range(0, TemplateMask.Limit).Count(mask.Keep));
        Assert.True(new TemplateMask([]).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemplateMask([TemplateMask.Limit]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemplateMask([-1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Skipped_templates_are_left_out_of_the_features_and_the_rest_keep_their_order(int featureSet)
    {
        var arcIds = DependencyParser.TransitionTemplates(featureSet);
        var attachIds = DependencyParser.AttachTemplates(featureSet);
        Assert.Equal(arcIds.Count, arcIds.Distinct().Count());
        Assert.Equal(attachIds.Count, attachIds.Distinct().Count());
        Assert.All(arcIds, t => Assert.InRange(t, 100, 299));
        Assert.All(attachIds, t => Assert.InRange(t, 400, 499));
        var rng = new Random(featureSet);
        var all = new ulong[DependencyParser.MaxFeatures];
        var some = new ulong[DependencyParser.MaxFeatures];
        var lall = new ulong[DependencyParser.MaxLabelFeatures];
        var lsome = new ulong[DependencyParser.MaxLabelFeatures];
        for (int sentence = 0; sentence < 10; sentence++)
        {
            var words = Words(rng.Next(2, 20), sentence);
            var skipped = arcIds.Concat(attachIds).Where(_ => rng.Next(4) == 0).ToHashSet();
            var mask = new TemplateMask(skipped);
            var st = new ArcHybridState(words.Length);
            st.Reset(words);
            while (!st.Terminal)
            {
                int na = DependencyParser.ArcFeatures(words, st, all, featureSet);
                Assert.Equal(arcIds.Count, na);
                int ns = DependencyParser.ArcFeatures(words, st, some, featureSet, keep: mask);
                Assert.Equal(Enumerable.Range(0, na).Where(k => !skipped.Contains(arcIds[k])).Select(k => all[k]), some[..ns]);
                int t;
                do t = rng.Next(3); while (!st.IsLegal(t));
                if (t != ArcHybridState.Shift)
                {
                    var (h, d) = st.ArcOf(t);
                    int la = DependencyParser.AttachFeatures(words, st, h, d, lall, featureSet);
                    Assert.Equal(attachIds.Count, la);
                    int ls = DependencyParser.AttachFeatures(words, st, h, d, lsome, featureSet, mask);
                    Assert.Equal(Enumerable.Range(0, la).Where(k => !skipped.Contains(attachIds[k])).Select(k => lall[k]), lsome[..ls]);
                }
                st.Apply(t, t == ArcHybridState.Shift ? -1 : rng.Next(10));
            }
        }
    }

    // a toy treebank written for this test
    private const string Toy = """
        1	Officials	official	NOUN	NNS	_	2	nsubj	_	_
        2	in	in	ADP	IN	_	3	case	_	_
        3	Lisbon	Lisbon	PROPN	NNP	_	1	nmod	_	_
        4	welcomed	welcome	VERB	VBD	_	0	root	_	_
        5	the	the	DET	DT	_	6	det	_	_
        6	agreement	agreement	NOUN	NN	_	4	obj	_	_
        7	.	.	PUNCT	.	_	4	punct	_	_

        1	Peru	Peru	PROPN	NNP	_	2	nsubj	_	_
        2	said	say	VERB	VBD	_	0	root	_	_
        3	talks	talk	NOUN	NNS	_	5	nsubj	_	_
        4	had	have	AUX	VBD	_	5	aux	_	_
        5	failed	fail	VERB	VBN	_	2	ccomp	_	_
        6	.	.	PUNCT	.	_	2	punct	_	_


        """;

    private static DependencyParser Toy4(int featureSet, out List<ConlluSentence> treebank)
    {
        treebank = ConlluReader.Read(new StringReader(Toy.Replace("        ", ""))).ToList();
        (string, int)[] emb = [("officials", 0b1_0110_0101_0011), ("welcomed", 0b1_1010_0111_0001), ("said", 0b1_1010_0111_0011), ("the", 0b1_0001_0000_1111), ("talks", 0b1_0110_0101_1011)];
        return DependencyParserTrainer.Train(treebank, null, null, 4, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: featureSet,
            embeddingClusters: DependencyParser.UsesEmbeddings(featureSet) ? emb : null);
    }

    /// <summary>Every template computed in every state, the skipped ones' features removed before scoring.</summary>
    private static int[] ReferenceHeads(DependencyParser parser, HashSet<int> skipped, ParseWord[] words)
    {
        var arcIds = DependencyParser.TransitionTemplates(parser.FeatureSet);
        var attachIds = DependencyParser.AttachTemplates(parser.FeatureSet);
        var state = new ArcHybridState(words.Length);
        state.Reset(words);
        var feats = new ulong[DependencyParser.MaxFeatures];
        var lfeats = new ulong[DependencyParser.MaxLabelFeatures];
        while (!state.Terminal)
        {
            int best = state.OnlyLegal();
            if (best < 0)
            {
                int nf = DependencyParser.ArcFeatures(words, state, feats, parser.FeatureSet);
                var kept = Enumerable.Range(0, nf).Where(k => !skipped.Contains(arcIds[k])).Select(k => feats[k]).ToArray();
                var scores = new int[parser.Arcs.Stride * 2];
                parser.Arcs.Score(kept, scores);
                for (int t = 0; t < 3; t++)
                    if (state.IsLegal(t) && (best < 0 || scores[t] > scores[best])) best = t;
            }
            int label = -1;
            if (best != ArcHybridState.Shift)
            {
                var (h, d) = state.ArcOf(best);
                if (h == state.N && parser.RootLabel >= 0) label = parser.RootLabel;
                else
                {
                    int nl = DependencyParser.AttachFeatures(words, state, h, d, lfeats, parser.FeatureSet);
                    var kept = Enumerable.Range(0, nl).Where(k => !skipped.Contains(attachIds[k])).Select(k => lfeats[k]).ToArray();
                    var scores = new int[parser.AttachLabeller.Stride * 2];
                    parser.AttachLabeller.Score(kept, scores);
                    for (int c = 0; c < parser.AttachLabeller.Classes; c++)
                        if (c != parser.RootLabel && (label < 0 || scores[c] > scores[label])) label = c;
                }
            }
            state.Apply(best, label);
        }
        return state.Heads[..words.Length].Select(h => h == words.Length ? -1 : h).ToArray();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_parser_with_skipped_templates_parses_as_the_every_template_loop_without_them(int featureSet)
    {
        var parser = Toy4(featureSet, out var treebank);
        var pool = treebank.SelectMany(s => DependencyParserTrainer.Tag(s, null, parser.Clusters, parser.EmbeddingClusters)).ToArray();
        var ids = DependencyParser.TransitionTemplates(featureSet).Concat(DependencyParser.AttachTemplates(featureSet)).ToArray();
        var rng = new Random(featureSet);
        var state = new ArcHybridState(40);
        int differ = 0;
        for (int k = 0; k < 60; k++)
        {
            var skipped = ids.Where(_ => rng.Next(3) == 0).ToHashSet();
            var skipping = parser.WithSkippedTemplates(skipped);
            var words = Enumerable.Range(0, 1 + k % 25).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
            var heads = new int[words.Length];
            var labels = new int[words.Length];
            skipping.Parse(words, state, heads, labels);
            Assert.Equal(ReferenceHeads(parser, skipped, words), heads);
            parser.Parse(words, state, new int[words.Length], labels);
            var full = new int[words.Length];
            parser.Parse(words, state, full, labels);
            if (!full.SequenceEqual(heads)) differ++;
        }
        // skipping a third of the templates changes some parses (the check above is not vacuous)
        Assert.True(differ > 0);
    }

    [Fact]
    public void Skipped_templates_survive_the_model_file_and_files_without_them_are_written_as_before()
    {
        var parser = Toy4(4, out _);
        Assert.Empty(parser.SkippedTemplates);
        byte[] plain = ModelFile.Encode(ModelKind.Parser, parser.Write);
        var reread = ModelFile.Decode(plain, "parser.bin", ModelKind.Parser, DependencyParser.Read);
        Assert.Empty(reread.SkippedTemplates);
        Assert.Equal(plain, ModelFile.Encode(ModelKind.Parser, reread.Write));
        var skipping = parser.WithSkippedTemplates([282, 130, 444]);
        Assert.Equal([130, 282, 444], skipping.SkippedTemplates);
        byte[] withSkips = ModelFile.Encode(ModelKind.Parser, skipping.Write);
        // flag, count, three ids after the embedding section
        Assert.Equal(plain.Length + 1 + 4 + 3 * 4, withSkips.Length);
        var back = ModelFile.Decode(withSkips, "parser.bin", ModelKind.Parser, DependencyParser.Read);
        Assert.Equal([130, 282, 444], back.SkippedTemplates);
        Assert.Equal(withSkips, ModelFile.Encode(ModelKind.Parser, back.Write));
        // the choice is kept by the other copies
        Assert.Equal([130, 282, 444], back.Prune(0.001f).SkippedTemplates);
        // clearing it gives the plain file again
        Assert.Equal(plain, ModelFile.Encode(ModelKind.Parser, back.WithSkippedTemplates([]).Write));

        // a set without an embedding table: a false embedding flag comes before the skipped section
        var two = Toy4(2, out _);
        byte[] twoPlain = ModelFile.Encode(ModelKind.Parser, two.Write);
        byte[] twoSkips = ModelFile.Encode(ModelKind.Parser, two.WithSkippedTemplates([130]).Write);
        Assert.Equal(twoPlain.Length + 1 + 1 + 4 + 4, twoSkips.Length);
        Assert.Equal([130], ModelFile.Decode(twoSkips, "parser.bin", ModelKind.Parser, DependencyParser.Read).SkippedTemplates);
    }

    [Fact]
    public void Skipping_a_template_the_feature_set_does_not_have_is_rejected()
    {
        var two = Toy4(2, out _);
        Assert.Throws<InvalidDataException>(() => two.WithSkippedTemplates([270]));   // embedding template of set 4
        Assert.Throws<InvalidDataException>(() => two.WithSkippedTemplates([300]));   // post-hoc labeller template
        Assert.Throws<ArgumentOutOfRangeException>(() => two.WithSkippedTemplates([600]));
    }
}
