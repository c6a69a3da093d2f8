using System.Globalization;
using Attest.Syntax;

namespace Attest.Entities.Ner;

/// <summary>Trains a <see cref="NerTagger"/> on BIO data, with tags predicted by the given POS tagger.</summary>
public static class NerTrainer
{
    /// <summary>Appends an out-of-domain copy of each of the first <paramref name="count"/> features (the <c>--extra</c>
    /// sentences' own weights beside the shared ones); returns the new count.</summary>
    internal static int AddDomainCopies(Span<ulong> features, int count)
    {
        for (int a = 0; a < count; a++) features[count + a] = FeatureHash.F(777, features[a]);
        return count * 2;
    }

    public static NerTagger Train(IReadOnlyList<NerSentence> train, IReadOnlyList<NerSentence>? dev, PosTagger tagger, ActorDictionary? dictionary,
        int epochs, int seed, TextWriter log, float pruneBelow = 0f, NerTagger? aux = null, IReadOnlyList<ConlluSentence>? posTrain = null, int posFolds = 4,
        IReadOnlyList<(string Type, string Phrase)>? gazetteer = null, IReadOnlyList<NerSentence>? extra = null, int seeds = 1,
        IReadOnlyList<(string Word, int Path)>? embeddingClusters = null, (string[] Words, float[][] Vectors)? embeddingVectors = null, int neighbours = 10,
        PerceptronSyntaxAnalyzer? parser = null, bool worldDictionaries = true, bool nameList = true, int beam = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(beam, 1);
        var embeddings = embeddingClusters is null ? null : EmbeddingClusterBuilder.ToClusters(embeddingClusters);
        var knn = embeddingVectors is { } ev ? EmbeddingNeighbours.Build(ev.Words, ev.Vectors, train, neighbours, log) : null;
        // out-of-domain sentences (e.g. GUM): trained after the in-domain ones are prepared, each feature with a
        // domain-specific copy that absorbs what differs between the annotation schemes (never used when tagging)
        int inDomain = train.Count;
        if (extra is not null && extra.Count > 0) train = [.. train, .. extra];
        // POS tags of the training sentences from taggers that did not see them (gold POS of the same sentences in CoNLL-U)
        var posTaggerOf = new PosTagger?[train.Count];
        // parses of the training sentences: the shipped parser on the jackknifed tags (and the shipped lemmatizer)
        var parserOf = new PerceptronSyntaxAnalyzer?[train.Count];
        if (posTrain is not null)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < posTrain.Count; i++)
                foreach (var c in posTrain[i].Comments)
                    if (c.StartsWith("# sent_id =", StringComparison.Ordinal)) index.TryAdd(c[11..].Trim(), i);
            for (int f = 0; f < posFolds; f++)
            {
                var part = posTrain.Where((_, i) => i % posFolds != f).ToList();
                var foldTagger = PosTaggerTrainer.Train(part, null, 6, seed + f, TextWriter.Null, twoPass: false);
                var foldParser = parser is null ? null : new PerceptronSyntaxAnalyzer(foldTagger, parser.Lemmatizer, parser.Parser);
                for (int s = 0; s < train.Count; s++)
                    if (train[s].Id is { } id && index.TryGetValue(id, out int pi) && pi % posFolds == f)
                    {
                        posTaggerOf[s] = foldTagger;
                        parserOf[s] = foldParser;
                    }
                log.WriteLine($"ner: jackknife POS tagger {f + 1}/{posFolds} trained");
            }
            log.WriteLine($"ner: {posTaggerOf.Count(t => t is not null)} of {train.Count} training sentences get jackknifed POS tags");
        }
        var types = NerTagger.DefaultTypes;
        int classes = types.Length * 2 + 1;
        var firstNames = FirstNames(train);
        log.WriteLine($"ner: {train.Count} sentences, {firstNames.Length} first names, dictionary {(dictionary is null ? "off" : worldDictionaries ? "on (with places and organisations)" : "on (without places and organisations)")}, name list {(nameList ? "on" : "off")}");
        // phrase gazetteer of training entities; training sentences see only the entities of the other folds
        const int folds = 5;
        var foldMasks = new Dictionary<ulong, int[]>();
        for (int s = 0; s < inDomain; s++)
        {
            int fold = (int)((long)s * folds / inDomain);
            foreach (var (a, b, t) in NerEvaluator.Spans(train[s].Labels))
            {
                int ti = Array.IndexOf(types, t);
                if (ti < 0 || b - a > NerTagger.MaxPhrase) continue;
                ulong h = NerTagger.PhraseSeed;
                for (int k = a; k < b; k++) h = NerTagger.PhraseStep(h, FeatureHash.OfLower(train[s].Forms[k]));
                if (!foldMasks.TryGetValue(h, out var fm)) foldMasks[h] = fm = new int[folds];
                fm[fold] |= 1 << ti;
            }
        }
        // external name gazetteer (other corpora): the same for every fold, in the bits above the dictionary's
        var external = new Dictionary<ulong, int>();
        if (gazetteer is not null)
            foreach (var (type, phrase) in gazetteer)
            {
                int ti = Array.IndexOf(types, type);
                var tokens = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (ti < 0 || ti >= 3 || tokens.Length == 0 || tokens.Length > NerTagger.MaxPhrase) continue;
                ulong h = NerTagger.PhraseSeed;
                foreach (var t in tokens) h = NerTagger.PhraseStep(h, FeatureHash.OfLower(t));
                external[h] = external.GetValueOrDefault(h) | (1 << (NerTagger.ExternalShift + ti));
                if (!foldMasks.ContainsKey(h)) foldMasks[h] = new int[folds];
            }
        log.WriteLine($"ner: {external.Count} external gazetteer phrases");
        var phraseKeys = foldMasks.Keys.Order().ToArray();
        var phraseMasks = phraseKeys.Select(k => foldMasks[k].Aggregate(0, (x, y) => x | y) | external.GetValueOrDefault(k)).ToArray();
        log.WriteLine($"ner: {phraseKeys.Length} training entity phrases");
        var empty = LinearModel.Empty(classes);
        var shell = new NerTagger(types, firstNames, empty, tagger, dictionary, phraseKeys, phraseMasks, cityPlaces: true, parseFeatures: parser is not null, worldDictionaries, nameList) { Aux = aux, Embeddings = embeddings, Neighbours = knn, Syntax = parser };
        var words = new NerWord[train.Count][];
        for (int fold = 0; fold < folds; fold++)
        {
            var masks = phraseKeys.Select(k => { int m = 0; var fm = foldMasks[k]; for (int f = 0; f < folds; f++) if (f != fold) m |= fm[f]; return m | external.GetValueOrDefault(k); }).ToArray();
            var foldShell = new NerTagger(types, firstNames, empty, tagger, dictionary, phraseKeys, masks, cityPlaces: true, parseFeatures: parser is not null, worldDictionaries, nameList) { Aux = aux, Embeddings = embeddings, Neighbours = knn, Syntax = parser };

            for (int s = 0; s < train.Count; s++)
            {
                if ((int)((long)Math.Min(s, inDomain - 1) * folds / inDomain) != fold) continue;
                var forms = train[s].Forms;
                words[s] = new NerWord[forms.Length];
                if (forms.Length == 0) continue;
                var text = NerTagger.SentenceText(forms);
                foldShell.Prepare(text, 0, forms.Length, words[s], posTaggerOf[s], parse: (parserOf[s] ?? parser)?.Analyze(text));
            }

        }
        var gold = train.Select(s => s.Labels.Select(l => LabelId(shell, l)).ToArray()).ToArray();
        ApplyDocuments(train, words);
        var devWords = dev is null ? null : Prepare(shell, dev);
        if (dev is not null && devWords is not null) ApplyDocuments(dev, devWords);
        // one perceptron per seed (shuffle order) over the same prepared words; the final model averages their weights
        var models = new List<LinearModel>();
        for (int run = 0; run < seeds; run++)
        {
            models.Add(TrainOne(words, gold, inDomain, dev, devWords, shell, classes, epochs, seed + run, log, beam));
            if (seeds > 1 && dev is not null && devWords is not null)
            {
                var avg = LinearModel.Average(models);
                log.WriteLine($"ner: average of {models.Count} seeds: dev " + Format(NerEvaluator.Evaluate(dev, Decode(avg, devWords, shell, beam))));
            }
        }
        var final = seeds == 1 ? models[0] : LinearModel.Average(models);
        if (pruneBelow > 0) final = final.Prune(pruneBelow);
        return new NerTagger(types, firstNames, final, tagger, dictionary, phraseKeys, phraseMasks, cityPlaces: true, parseFeatures: parser is not null, worldDictionaries, nameList) { Aux = aux, Embeddings = embeddings, Neighbours = knn, Syntax = parser, Beam = beam };
    }

    private static LinearModel TrainOne(NerWord[][] words, int[][] gold, int inDomain, IReadOnlyList<NerSentence>? dev, NerWord[][]? devWords,
        NerTagger shell, int classes, int epochs, int seed, TextWriter log, int beam)
    {
        var perceptron = new AveragedPerceptron(classes);
        var feats = new ulong[NerTagger.MaxFeatures * 2];
        var scores = new float[classes];
        var order = Enumerable.Range(0, words.Length).ToArray();
        var rng = new Random(seed);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            rng.Shuffle(order);
            int correct = 0, total = 0;
            foreach (int s in order)
            {
                var w = words[s];
                var g = gold[s];
                if (beam > 1)
                {
                    // structured perceptron: beam search with the current weights, early update where gold leaves the beam
                    var best = new int[w.Length];
                    int length = NerBeam.Search(new PerceptronScorer(perceptron), w, beam, default, skipPlain: false, best, g, domainCopies: s >= inDomain);
                    NerBeam.Update(perceptron, w, g, best, length, s >= inDomain);
                    for (int i = 0; i < length; i++)
                    {
                        perceptron.Tick();
                        total++;
                        if (best[i] == g[i]) correct++;
                    }
                    continue;
                }
                var pred = new int[w.Length];
                for (int i = 0; i < w.Length; i++)
                {
                    int p1 = i > 0 ? pred[i - 1] : -1, p2 = i > 1 ? pred[i - 2] : -1;
                    int nf = NerTagger.Features(w, i, p1, p2, feats);
                    if (s >= inDomain) nf = AddDomainCopies(feats, nf);
                    perceptron.Score(feats.AsSpan(0, nf), scores);
                    int guess = 0;
                    for (int c = 1; c < classes; c++)
                        if (NerTagger.Allowed(p1, c) && scores[c] > scores[guess]) guess = c;
                    perceptron.Update(feats.AsSpan(0, nf), g[i], guess);
                    perceptron.Tick();
                    pred[i] = guess;
                    total++;
                    if (guess == g[i]) correct++;
                }
            }
            string devScore = "";
            if (dev is not null && devWords is not null)
            {
                var model = perceptron.Build();
                var scoresDev = NerEvaluator.Evaluate(dev, Decode(model, devWords, shell, beam));
                devScore = " dev " + Format(scoresDev);
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ner seed {seed} epoch {epoch}: train acc {100.0 * correct / total:F2} features {perceptron.FeatureCount}{devScore}"));
        }
        return perceptron.Build();
    }

    public static string Format(NerScores s) =>
        string.Create(CultureInfo.InvariantCulture, $"F1 {s.Micro.F1:F2} (P {s.Micro.Precision:F2} R {s.Micro.Recall:F2}) ")
        + string.Join(' ', s.Types.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.F1:F2}")));

    public static NerScores Evaluate(NerTagger tagger, IReadOnlyList<NerSentence> sentences) =>
        NerEvaluator.Evaluate(sentences, TagDocuments(tagger, sentences));

    /// <summary>Tags sentences document by document (consecutive sentences with the same <see cref="NerSentence.Doc"/>).</summary>
    public static List<string[]> TagDocuments(NerTagger tagger, IReadOnlyList<NerSentence> sentences, bool scoreEveryWord = false)
    {
        var result = new List<string[]>(sentences.Count);
        foreach (var (a, b) in Documents(sentences))
            result.AddRange(tagger.TagDocument(Enumerable.Range(a, b - a).Select(i => (IReadOnlyList<string>)sentences[i].Forms).ToList(), scoreEveryWord));
        return result;
    }

    private static IEnumerable<(int Start, int End)> Documents(IReadOnlyList<NerSentence> sentences)
    {
        int start = 0;
        for (int i = 1; i <= sentences.Count; i++)
            if (i == sentences.Count || !string.Equals(sentences[i].Doc, sentences[start].Doc, StringComparison.Ordinal))
            {
                yield return (start, i);
                start = i;
            }
    }

    private static void ApplyDocuments(IReadOnlyList<NerSentence> sentences, NerWord[][] words)
    {
        foreach (var (a, b) in Documents(sentences))
        {
            var stats = NerTagger.DocumentStats(Enumerable.Range(a, b - a).Select(i => (IReadOnlyList<string>)sentences[i].Forms));
            for (int i = a; i < b; i++) NerTagger.ApplyDocument(stats, words[i]);
        }
    }

    private static List<string[]> Decode(LinearModel model, NerWord[][] words, NerTagger shell, int beam)
    {
        var result = new List<string[]>(words.Length);
        foreach (var w in words)
        {
            var labels = new int[w.Length];
            if (beam > 1) NerBeam.Search(new ModelScorer(model), w, beam, default, skipPlain: true, labels);
            else NerTagger.Decode(model, w, labels);
            result.Add(labels.Select(l => shell.Labels[l]).ToArray());
        }
        return result;
    }

    private static NerWord[][] Prepare(NerTagger shell, IReadOnlyList<NerSentence> sentences)
    {
        var result = new NerWord[sentences.Count][];
        for (int s = 0; s < sentences.Count; s++)
        {
            var forms = sentences[s].Forms;
            result[s] = new NerWord[forms.Length];
            if (forms.Length == 0) continue;
            var text = NerTagger.SentenceText(forms);
            shell.Prepare(text, 0, forms.Length, result[s], parse: shell.Syntax?.Analyze(text));
        }
        return result;
    }

    private static int LabelId(NerTagger shell, string label)
    {
        for (int i = 0; i < shell.Labels.Count; i++)
            if (shell.Labels[i] == label) return i;
        return 0;
    }

    /// <summary>Lowercased first words of multi-word PER spans seen at least twice, hashed.</summary>
    private static ulong[] FirstNames(IReadOnlyList<NerSentence> train)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in train)
            foreach (var (a, b, t) in NerEvaluator.Spans(s.Labels))
                if (t == "PER" && b - a >= 2 && s.Forms[a].Length > 1 && char.IsUpper(s.Forms[a][0]))
                {
                    var k = s.Forms[a].ToLowerInvariant();
                    counts[k] = counts.GetValueOrDefault(k) + 1;
                }
        return counts.Where(kv => kv.Value >= 2).Select(kv => kv.Key).Order(StringComparer.Ordinal)
            .Select(k => FeatureHash.OfLower(k)).ToArray();
    }
}
