using System.Globalization;

namespace Attest.Syntax;

/// <summary>Options of <see cref="ParserJackknife.Run"/> (the parser-training options that matter for the fold parsers).</summary>
public sealed record JackknifeOptions
{
    /// <summary>Number of folds (sentence i is in fold i mod K).</summary>
    public int Folds { get; init; } = 4;
    public int Epochs { get; init; } = 10;
    public int Seed { get; init; } = 1;
    public int FeatureSet { get; init; } = 1;
    public int MinCount { get; init; } = 1;
    public float Prune { get; init; }
    /// <summary>Keep each fold parser's epoch with the best dev LAS (needs a dev set) instead of its last epoch.</summary>
    public bool KeepBestEpoch { get; init; }
    /// <summary>Epochs of the single-pass fold taggers (as the parser trainer's own tag jackknifing uses).</summary>
    public int TaggerEpochs { get; init; } = 6;
    /// <summary>Word → embedding-cluster bit path table, required by feature sets 4–5.</summary>
    public IReadOnlyList<(string Word, int Path)>? EmbeddingClusters { get; init; }

    public void Validate()
    {
        if (Folds < 2) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "at least 2 folds");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "at least one epoch");
        if (TaggerEpochs < 1) throw new ArgumentOutOfRangeException(nameof(TaggerEpochs), TaggerEpochs, "at least one epoch");
        if (MinCount < 1) throw new ArgumentOutOfRangeException(nameof(MinCount), MinCount, "at least 1");
        if (FeatureSet < 1 || FeatureSet > DependencyParser.LatestFeatureSet)
            throw new ArgumentOutOfRangeException(nameof(FeatureSet), FeatureSet, $"feature sets are 1–{DependencyParser.LatestFeatureSet}");
        if (DependencyParser.UsesEmbeddings(FeatureSet) != (EmbeddingClusters is not null))
            throw new ArgumentException($"an embedding-cluster table is required by, and only used with, feature sets {DependencyParser.EmbeddingFeatureSet}–{DependencyParser.LatestFeatureSet}", nameof(EmbeddingClusters));
        if (Prune < 0 || Prune >= 1) throw new ArgumentOutOfRangeException(nameof(Prune), Prune, "a fraction in [0, 1)");
    }
}

/// <summary>
/// Jackknifed parser trees of training sentences: the sentences are split into K folds (sentence i in fold i mod K);
/// every sentence is tagged by a single-pass tagger trained on the other folds, and parsed by a parser trained on the
/// other folds' (pre-tagged) sentences, so no tree or tag comes from a model that saw its sentence. Second stages that
/// learn to correct the parser (punctuation re-attacher, head reviser) train on these trees. Deterministic given the seed.
/// </summary>
public static class ParserJackknife
{
    /// <summary>
    /// Returns one sentence per usable input sentence (all heads present), in the input order, with the comments,
    /// forms, lemmas and MISC of the input, and predicted UPOS, XPOS, HEAD and DEPREL (FEATS and DEPS emptied: they are gold).
    /// </summary>
    /// <param name="tagger">Supplies the word clusters the parser features use (and tags the dev set, if any).</param>
    public static List<ConlluSentence> Run(IReadOnlyList<ConlluSentence> train, IReadOnlyList<ConlluSentence>? dev, PosTagger tagger, JackknifeOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        if (options.KeepBestEpoch && dev is null) throw new ArgumentException("keeping the best dev epoch needs a dev set", nameof(dev));
        var usable = train.Where(s => s.Count > 0 && s.Words.All(w => w.Head >= 0)).ToList();
        int k = options.Folds;
        if (usable.Count < k) throw new ArgumentException($"{usable.Count} usable sentences cannot fill {k} folds", nameof(train));
        if (usable.Count < train.Count) log.WriteLine($"jackknife: {train.Count - usable.Count} sentences without heads skipped");
        var embeddings = options.EmbeddingClusters is null ? null : WordClusters.FromTable(options.EmbeddingClusters);
        var clusters = tagger.Clusters;

        // 1. tags: fold f's sentences tagged by a single-pass tagger trained on the other folds
        var words = new ParseWord[usable.Count][];
        var upos = new string[usable.Count][];
        var xpos = new string[usable.Count][];
        for (int fold = 0; fold < k; fold++)
        {
            var part = InFolds(usable, k, fold, held: false);
            var foldTagger = PosTaggerTrainer.Train(part, null, options.TaggerEpochs, options.Seed + fold, TextWriter.Null, twoPass: false);
            for (int i = fold; i < usable.Count; i += k)
            {
                var forms = usable[i].Words.Select(w => w.Form).ToArray();
                var tags = new int[forms.Length];
                foldTagger.Tag(foldTagger.Prepare(forms), tags);
                words[i] = new ParseWord[forms.Length];
                upos[i] = new string[forms.Length];
                xpos[i] = new string[forms.Length];
                for (int j = 0; j < forms.Length; j++)
                {
                    var u = foldTagger.Upos[tags[j]];
                    var x = foldTagger.Xpos[tags[j]];
                    upos[i][j] = u.ToString();
                    xpos[i][j] = x;
                    words[i][j] = ParseWord.From(forms[j], x, u, clusters, embeddings);
                }
            }
            log.WriteLine($"jackknife: fold {fold + 1}/{k} tagged ({part.Count} training sentences)");
        }

        // 2. trees: fold f parsed by a parser trained on the other folds' pre-tagged sentences
        var output = new ConlluSentence[usable.Count];
        int maxLen = usable.Max(s => s.Count);
        var state = new ArcHybridState(maxLen);
        var heads = new int[maxLen];
        var labels = new int[maxLen];
        for (int fold = 0; fold < k; fold++)
        {
            var part = InFolds(usable, k, fold, held: false);
            var partWords = Enumerable.Range(0, usable.Count).Where(i => i % k != fold).Select(i => words[i]).ToList();
            log.WriteLine($"jackknife: fold {fold + 1}/{k}: training a parser on {part.Count} sentences");
            var parser = DependencyParserTrainer.Train(partWords, part, dev, tagger, options.Epochs, options.Seed, log, options.Prune, jackknifeFolds: 1,
                options.FeatureSet, options.KeepBestEpoch, options.MinCount, seeds: 1, postHocLabeller: false, checkpoint: null, options.EmbeddingClusters);
            int held = 0;
            long correct = 0, total = 0;
            for (int i = fold; i < usable.Count; i += k)
            {
                var s = usable[i];
                int n = s.Count;
                parser.Parse(words[i], state, heads.AsSpan(0, n), labels.AsSpan(0, n));
                var outWords = new ConlluWord[n];
                for (int j = 0; j < n; j++)
                {
                    var w = s.Words[j];
                    int head = heads[j] + 1;
                    if (head == w.Head) correct++;
                    outWords[j] = w with { Upos = upos[i][j], Xpos = xpos[i][j], Feats = "_", Head = head, Deprel = parser.Labels[labels[j]], Deps = "_" };
                }
                total += n;
                output[i] = new ConlluSentence(s.Comments, outWords, s.Multiwords, s.DocumentId, s.NewDocument, s.NewParagraph);
                held++;
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"jackknife: fold {fold + 1}/{k}: parsed {held} held-out sentences, UAS {100.0 * correct / Math.Max(1, total):F2}"));
        }
        return [.. output];
    }

    private static List<ConlluSentence> InFolds(List<ConlluSentence> sentences, int k, int fold, bool held) =>
        sentences.Where((_, i) => (i % k == fold) == held).ToList();
}
