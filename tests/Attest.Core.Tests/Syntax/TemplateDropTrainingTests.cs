using Attest.Syntax;

namespace Attest.Tests.Syntax;

/// <summary>
/// Templates dropped at training time (<c>DependencyParserTrainer.Train(…, dropTemplates: …)</c>, <c>attest train parser
/// --drop-template</c>): the trainer never gives them a weight, the trained parser skips them at inference, and the
/// choice survives the model file.
/// </summary>
public class TemplateDropTrainingTests
{
    // a toy treebank written for this test (fictional people, real places)
    private const string Toy = """
        1	Ministers	minister	NOUN	NNS	_	2	nsubj	_	_
        2	met	meet	VERB	VBD	_	0	root	_	_
        3	in	in	ADP	IN	_	4	case	_	_
        4	Oslo	Oslo	PROPN	NNP	_	2	obl	_	_
        5	on	on	ADP	IN	_	6	case	_	_
        6	Monday	Monday	PROPN	NNP	_	2	obl	_	_
        7	.	.	PUNCT	.	_	2	punct	_	_

        1	Ana	Ana	PROPN	NNP	_	3	nsubj	_	_
        2	Varela	Varela	PROPN	NNP	_	1	flat	_	_
        3	denied	deny	VERB	VBD	_	0	root	_	_
        4	the	the	DET	DT	_	5	det	_	_
        5	report	report	NOUN	NN	_	3	obj	_	_
        6	.	.	PUNCT	.	_	3	punct	_	_

        1	Chile	Chile	PROPN	NNP	_	2	nsubj	_	_
        2	said	say	VERB	VBD	_	0	root	_	_
        3	the	the	DET	DT	_	4	det	_	_
        4	talks	talk	NOUN	NNS	_	6	nsubj	_	_
        5	had	have	AUX	VBD	_	6	aux	_	_
        6	stalled	stall	VERB	VBN	_	2	ccomp	_	_
        7	.	.	PUNCT	.	_	2	punct	_	_


        """;

    private static readonly (string, int)[] Emb =
        [("ministers", 0b1_0110_0101_0011), ("met", 0b1_1010_0111_0001), ("said", 0b1_1010_0111_0011), ("the", 0b1_0001_0000_1111), ("talks", 0b1_0110_0101_1011)];

    private static List<ConlluSentence> Treebank() => ConlluReader.Read(new StringReader(Toy.Replace("        ", ""))).ToList();

    private static DependencyParser Train(int featureSet, int minCount, int seeds, IEnumerable<int>? drop) =>
        DependencyParserTrainer.Train(Treebank(), null, null, 4, 1, TextWriter.Null, jackknifeFolds: 1, featureSet: featureSet, minCount: minCount, seeds: seeds,
            postHocLabeller: false, embeddingClusters: DependencyParser.UsesEmbeddings(featureSet) ? Emb : null, dropTemplates: drop);

    /// <summary>
    /// The features each template gives in every state the trainer visits with the oracle (every template, no mask),
    /// and for every arc the oracle makes: template id → hashed features.
    /// </summary>
    private static Dictionary<int, HashSet<ulong>> FeaturesByTemplate(DependencyParser parser)
    {
        var arcIds = DependencyParser.TransitionTemplates(parser.FeatureSet);
        var attachIds = DependencyParser.AttachTemplates(parser.FeatureSet);
        var byTemplate = arcIds.Concat(attachIds).ToDictionary(t => t, _ => new HashSet<ulong>());
        var feats = new ulong[DependencyParser.MaxFeatures];
        var lfeats = new ulong[DependencyParser.MaxLabelFeatures];
        foreach (var s in Treebank())
        {
            var words = DependencyParserTrainer.Tag(s, null, parser.Clusters, parser.EmbeddingClusters);
            var gold = s.Words.Select(w => w.Head == 0 ? s.Count : w.Head - 1).ToArray();
            var state = new ArcHybridState(words.Length);
            state.Reset(words);
            while (!state.Terminal)
            {
                int nf = DependencyParser.ArcFeatures(words, state, feats, parser.FeatureSet);
                for (int k = 0; k < nf; k++) byTemplate[arcIds[k]].Add(feats[k]);
                int truth = -1;
                for (int t = 0; t < 3 && truth < 0; t++)
                    if (state.IsLegal(t) && state.Cost(t, gold) == 0) truth = t;
                int label = -1;
                if (truth != ArcHybridState.Shift)
                {
                    var (h, d) = state.ArcOf(truth);
                    if (h < state.N)
                    {
                        int nl = DependencyParser.AttachFeatures(words, state, h, d, lfeats, parser.FeatureSet);
                        for (int k = 0; k < nl; k++) byTemplate[attachIds[k]].Add(lfeats[k]);
                        label = 0;
                    }
                }
                state.Apply(truth, label);
            }
        }
        return byTemplate;
    }

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(4, 1, 1)]
    [InlineData(4, 2, 2)]
    public void Dropped_templates_get_no_weights_and_are_skipped_by_the_trained_parser(int featureSet, int minCount, int seeds)
    {
        int[] drop = featureSet == 4 ? [101, 120, 125, 164, 282, 408, 444] : [101, 120, 125, 164, 251, 408, 431];
        var full = Train(featureSet, minCount, seeds, null);
        var dropped = Train(featureSet, minCount, seeds, drop);
        Assert.Empty(full.SkippedTemplates);
        Assert.Equal(drop.Order(), dropped.SkippedTemplates);
        var byTemplate = FeaturesByTemplate(full);
        var arcKeys = dropped.Arcs.Keys.ToHashSet();
        var attachKeys = dropped.AttachLabeller.Keys.ToHashSet();
        bool IsArc(int t) => t < 400;
        var fullArcKeys = full.Arcs.Keys.ToHashSet();
        var fullAttachKeys = full.AttachLabeller.Keys.ToHashSet();
        int trainedWhenKept = 0;
        foreach (int t in drop)
        {
            Assert.NotEmpty(byTemplate[t]);
            // no feature of a dropped template has a row in the parser trained without it …
            Assert.DoesNotContain(byTemplate[t], (IsArc(t) ? arcKeys : attachKeys).Contains);
            // … while the parser trained with every template gives some of them one (the check above can fail)
            if (byTemplate[t].Any((IsArc(t) ? fullArcKeys : fullAttachKeys).Contains)) trainedWhenKept++;
        }
        // with a frequency cutoff, a toy treebank's rarer features get no row either way
        if (minCount == 1) Assert.Equal(drop.Length, trainedWhenKept);
        else Assert.True(trainedWhenKept > 0);
        // the templates kept are trained as before: each gives a weight row to some feature
        foreach (var (t, fs) in byTemplate)
            if (!drop.Contains(t) && minCount == 1) Assert.Contains(fs, (IsArc(t) ? arcKeys : attachKeys).Contains);
        Assert.True(dropped.Arcs.FeatureCount < full.Arcs.FeatureCount);
        Assert.True(dropped.AttachLabeller.FeatureCount < full.AttachLabeller.FeatureCount);
    }

    [Fact]
    public void A_parser_trained_without_templates_parses_the_same_with_the_mask_and_survives_the_model_file()
    {
        int[] drop = [121, 160, 176, 248, 284, 409, 420];
        var parser = Train(4, 1, 1, drop);
        byte[] bytes = ModelFile.Encode(ModelKind.Parser, parser.Write);
        var back = ModelFile.Decode(bytes, "parser.bin", ModelKind.Parser, DependencyParser.Read);
        Assert.Equal(drop, back.SkippedTemplates);
        Assert.Equal(bytes, ModelFile.Encode(ModelKind.Parser, back.Write));
        Assert.Equal(drop, back.Prune(0.001f).SkippedTemplates);
        // the parser is trained without those templates: whether inference skips them or not, their features have no
        // weights, so the parses are the same; the file keeps the mask so that inference does not compute them
        var unmasked = back.WithSkippedTemplates([]);
        var state = new ArcHybridState(16);
        foreach (var s in Treebank())
        {
            var words = DependencyParserTrainer.Tag(s, null, back.Clusters, back.EmbeddingClusters);
            int n = words.Length;
            var (h1, l1, h2, l2) = (new int[n], new int[n], new int[n], new int[n]);
            back.Parse(words, state, h1, l1);
            unmasked.Parse(words, state, h2, l2);
            Assert.Equal(h2, h1);
            Assert.Equal(l2, l1);
            Assert.Equal(s.Words.Select(w => w.Head - 1), h1); // it learnt the toy treebank
        }
    }

    [Fact]
    public void Templates_the_feature_set_does_not_have_are_rejected()
    {
        // 270–285 are embedding templates (feature set 4 only), 300 is a post-hoc labeller template, 999 none at all
        Assert.Throws<ArgumentException>(() => Train(2, 1, 1, [270]));
        Assert.Throws<ArgumentException>(() => Train(4, 1, 1, [300]));
        Assert.Throws<ArgumentException>(() => Train(4, 1, 1, [999]));
        Assert.Empty(Train(4, 1, 1, []).SkippedTemplates);
    }

    [Fact]
    public void Averaging_two_runs_gives_the_mean_weights_and_rejects_parsers_of_another_configuration()
    {
        int[] drop = [121, 160, 409];
        var a = Train(4, 1, 1, drop);
        var b = DependencyParserTrainer.Train(Treebank(), null, null, 4, 2, TextWriter.Null, jackknifeFolds: 1, featureSet: 4, postHocLabeller: false, embeddingClusters: Emb, dropTemplates: drop);
        var mean = DependencyParser.Average([a, b]);
        Assert.Equal(drop, mean.SkippedTemplates);
        Assert.Equal(4, mean.FeatureSet);
        Assert.Equal(a.Arcs.Keys.Union(b.Arcs.Keys).Order(), mean.Arcs.Keys.Order());
        // every transition weight is the mean of the two runs' (a missing row counts as zeros), up to the int16 quantization
        static float W(LinearModel m, ulong key, int c)
        {
            int r = Array.IndexOf(m.Keys, key);
            return r < 0 ? 0f : m.Weight(r, c) * m.Scale;
        }
        foreach (var key in mean.Arcs.Keys)
            for (int c = 0; c < 3; c++)
                Assert.Equal((W(a.Arcs, key, c) + W(b.Arcs, key, c)) / 2, W(mean.Arcs, key, c), Math.Max(mean.Arcs.Scale, Math.Max(a.Arcs.Scale, b.Arcs.Scale)));
        Assert.Throws<ArgumentException>(() => DependencyParser.Average([a, Train(4, 1, 1, [121])]));
        Assert.Throws<ArgumentException>(() => DependencyParser.Average([a, Train(2, 1, 1, null)]));
        Assert.Throws<ArgumentException>(() => DependencyParser.Average([]));
    }
}
