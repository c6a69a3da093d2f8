using System.Globalization;
using Attest.Text;

namespace Attest.Syntax;

/// <summary>One sentence for the head reviser: the words (with the parser's relations), punctuation classes, the tree it
/// sees (heads, -1 root), the gold heads and relations.</summary>
internal sealed record ReviseSentence(ReviseWord[] Words, PunctClass[] Classes, int[] Heads, int[] Gold, ulong[] GoldRel);

/// <summary>Scores of a reviser (followed by a punctuation re-attacher when given) on predicted trees, as percentages.</summary>
public sealed record ReviseScores(double UasBefore, double LasBefore, double Uas, double Las, int Words, int Moved, int MovedRight, int MovedWrong);

/// <summary>Averaged-perceptron training of <see cref="HeadReviser"/> (deterministic given the seed).</summary>
public static class HeadReviserTrainer
{
    internal static ReviseWord Word(ReadOnlySpan<char> form, string xpos, UPos upos, string rel, WordClusters clusters)
    {
        ulong lower = FeatureHash.OfLower(form);
        return new ReviseWord { Word = lower, Tag = FeatureHash.Of(xpos), Upos = upos, Rel = FeatureHash.Of(rel), Cluster = clusters.Get(lower) };
    }

    /// <summary>The parser's trees (no re-attacher, no reviser) of treebank sentences, with gold tokens.</summary>
    internal static List<ReviseSentence> Predict(PerceptronSyntaxAnalyzer analyzer, IReadOnlyList<ConlluSentence> sentences, int batch = 256)
    {
        var clusters = analyzer.Tagger.Clusters;
        return SecondStageTrees.Parse(analyzer.WithPunct(null).WithReviser(null), sentences, batch).ConvertAll(t => ToSentence(t, clusters));
    }

    /// <summary>
    /// Trees from a CoNLL-U file (UPOS/XPOS/HEAD/DEPREL predicted, e.g. jackknifed) aligned by order with the gold
    /// training sentences (<see cref="SecondStageTrees.Align"/>: same sent_id where both have one, word count and forms).
    /// </summary>
    internal static List<ReviseSentence> FromTreesFile(string path, IReadOnlyList<ConlluSentence> gold, WordClusters clusters) =>
        SecondStageTrees.Align(gold, ConlluReader.ReadFile(path).ToList(), path).ConvertAll(t => ToSentence(t, clusters));

    private static ReviseSentence ToSentence(PredictedTree t, WordClusters clusters)
    {
        int n = t.Count;
        var words = new ReviseWord[n];
        var classes = new PunctClass[n];
        var rel = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            words[i] = Word(t.Forms[i], t.Xpos[i], t.Upos[i], t.Rel[i], clusters);
            classes[i] = t.Upos[i] == UPos.PUNCT ? PunctAttacher.Classify(t.Forms[i]) : PunctClass.None;
            rel[i] = FeatureHash.Of(t.GoldRel[i]);
        }
        return new ReviseSentence(words, classes, t.Heads, t.GoldHeads, rel);
    }

    /// <summary>Training options of the head reviser.</summary>
    /// <param name="Root">Also learn root re-choice (scored on dev off and at each margin).</param>
    /// <param name="Guards">A subject may move only to a predicate without a subject, and a noun hung from an adjacent noun by
    /// parataxis/dep/list (a split name) does not move (in training and in the model).</param>
    public sealed record Options(IReadOnlyList<string> Relations, int Epochs, int Seed, ulong DropTemplates, IReadOnlyList<float> Margins, float Prune = 0, bool Root = false, bool Guards = false, int MaxRank = 0, int Seeds = 1)
    {
        public void Validate()
        {
            if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), "at least one epoch");
            if (Relations.Count == 0) throw new ArgumentException("at least one relation to revise", nameof(Relations));
            if (!float.IsFinite(Prune) || Prune < 0) throw new ArgumentException("prune threshold must be finite and non-negative", nameof(Prune));
            if (Seeds < 1) throw new ArgumentOutOfRangeException(nameof(Seeds), "at least one seed");
            if (MaxRank < 0) throw new ArgumentException("candidate rank cap must be non-negative (0 = none)", nameof(MaxRank));
            if (Margins.Count == 0 || Margins.Any(m => !float.IsFinite(m) || m < 0)) throw new ArgumentException("margins must be finite and non-negative", nameof(Margins));
        }
    }

    /// <summary>
    /// Trains on the trees in <paramref name="treeFiles"/> (aligned with <paramref name="train"/>) and, when
    /// <paramref name="predicted"/>, on each analyzer's parses of the training sentences; dev trees are parsed by each
    /// dev analyzer and scored with its punctuation re-attacher. Word clusters are the first analyzer's tagger's.
    /// </summary>
    public static HeadReviser Train(IReadOnlyList<ConlluSentence> train, IReadOnlyList<string> treeFiles, bool predicted, IReadOnlyList<PerceptronSyntaxAnalyzer> analyzers,
        IReadOnlyList<ConlluSentence>? dev, IReadOnlyList<PerceptronSyntaxAnalyzer> devAnalyzers, Options options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(treeFiles);
        ArgumentNullException.ThrowIfNull(analyzers);
        ArgumentNullException.ThrowIfNull(devAnalyzers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (analyzers.Count == 0) throw new ArgumentException("at least one analyzer (for the word clusters and predicted trees)", nameof(analyzers));
        var trees = new List<ReviseSentence>();
        foreach (var f in treeFiles) trees.AddRange(FromTreesFile(f, train, analyzers[0].Tagger.Clusters));
        if (predicted)
            foreach (var a in analyzers) trees.AddRange(Predict(a, train));
        var devTrees = dev is null ? [] : devAnalyzers.Select(a => ((IReadOnlyList<ReviseSentence>)Predict(a, dev), a.Punct)).ToList();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train revise: {train.Count} sentences, {trees.Count} trees ({treeFiles.Count} trees files{(predicted ? $", {analyzers.Count} parsers" : "")}), {options.Epochs} epochs, seed {options.Seed}, {options.Relations.Count} relations"));
        return Train(trees, devTrees, options, log);
    }

    /// <summary>
    /// Trains on <paramref name="trees"/> (the parser's trees of the training sentences). With dev sets, every epoch is
    /// scored under each margin, with and without relabelling, and the combination with the best dev UAS + LAS on the
    /// first dev set is kept; without, the last epoch with the first margin and relabelling.
    /// </summary>
    internal static HeadReviser Train(IReadOnlyList<ReviseSentence> trees, IReadOnlyList<(IReadOnlyList<ReviseSentence> Trees, PunctAttacher? Punct)> dev, Options options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        var relations = options.Relations.Select(r => FeatureHash.Of(r)).Distinct().Order().ToArray();
        var probe = new HeadReviser([], [], relations, 0, true, options.DropTemplates);
        var rootLabels = options.Root ? RootLabels(trees) : [];
        int maxLen = trees.Count == 0 ? 1 : trees.Max(s => s.Words.Length);
        var scratch = new ReviseScratch(maxLen);
        var feats = new ulong[maxLen * HeadReviser.MaxFeatures];
        var ends = new int[maxLen];
        var buf = new ulong[HeadReviser.MaxFeatures];
        var scores = new float[maxLen];
        // one ranker per seed, each with its own shuffling; their averaged weights are averaged after every epoch
        var rankers = Enumerable.Range(0, options.Seeds).Select(_ => new CandidateRanker()).ToArray();
        var rngs = Enumerable.Range(0, options.Seeds).Select(i => new Random(options.Seed + i)).ToArray();
        var orders = Enumerable.Range(0, options.Seeds).Select(_ => Enumerable.Range(0, trees.Count).ToArray()).ToArray();
        HeadReviser? best = null;
        double bestScore = double.NegativeInfinity;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            int errors = 0, instances = 0, total = 0, missing = 0, rootErrors = 0, rootInstances = 0;
            for (int seed = 0; seed < options.Seeds; seed++)
            {
                var ranker = rankers[seed];
                var order = orders[seed];
                rngs[seed].Shuffle(order);
                foreach (int si in order)
                {
                    var s = trees[si];
                    var words = s.Words;
                    if (!HeadReviser.Prepare(words, s.Heads, scratch)) continue;
                    int r = options.Root ? HeadReviser.UniqueRoot(s.Heads, scratch) : -1;
                    if (r >= 0)
                    {
                        int nc = HeadReviser.RootCandidates(words, s.Heads, scratch, r, scratch.Candidates, options.Guards);
                        int gold = -1;
                        for (int c = 0; c < nc && gold < 0; c++) if (s.Gold[scratch.Candidates[c]] < 0) gold = c;
                        if (nc >= 2 && gold >= 0)
                        {
                            rootInstances++;
                            int pos = 0, pred = 0;
                            for (int c = 0; c < nc; c++)
                            {
                                int k = HeadReviser.RootFeatures(words, s.Heads, scratch, r, scratch.Candidates[c], buf, options.DropTemplates);
                                pos = Collect(ranker, buf.AsSpan(0, k), feats, pos, ends, scores, c, ref pred);
                            }
                            if (pred != gold) { rootErrors++; Update(ranker, feats, ends, gold, pred); }
                            ranker.Tick();
                        }
                    }
                    for (int d = 0; d < words.Length; d++)
                    {
                        if (scratch.Floating[d] || s.Heads[d] < 0 || !probe.IsRevisable(words[d].Rel)) continue;
                        total++;
                        int nc = HeadReviser.Candidates(s.Heads, scratch, d, scratch.Candidates, scratch.Info);
                        if (options.Guards && HeadReviser.SplitName(words, s.Heads, scratch, d)) continue;
                        if (options.MaxRank > 0) nc = HeadReviser.CapRank(s.Heads, scratch, d, nc, options.MaxRank);
                        if (options.Guards && HeadReviser.IsSubject(words[d].Rel)) nc = HeadReviser.GuardSubject(words, s.Heads, scratch, d, nc);
                        int gold = Array.IndexOf(scratch.Candidates, s.Gold[d], 0, nc);
                        if (gold < 0) { missing++; continue; }
                        if (nc < 2) continue;
                        instances++;
                        int pos = 0, pred = 0;
                        for (int c = 0; c < nc; c++)
                        {
                            int k = HeadReviser.Features(words, s.Heads, scratch, d, scratch.Candidates[c], scratch.Info[c], buf, options.DropTemplates);
                            pos = Collect(ranker, buf.AsSpan(0, k), feats, pos, ends, scores, c, ref pred);
                        }
                        if (pred != gold)
                        {
                            errors++;
                            Update(ranker, feats, ends, gold, pred);
                        }
                        ranker.Tick();
                    }
                }
            }
            total /= options.Seeds;
            missing /= options.Seeds;
            var (keys, weights) = AverageSeeds(rankers, Math.Max(1e-6f, options.Prune));
            var model = new HeadReviser(keys, weights, relations, options.Margins[0], true, options.DropTemplates,
                new ReviseRoot(options.Root, options.Margins[0], rootLabels), options.Guards, options.MaxRank);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"revise epoch {epoch}: {total} revisable words, {instances / options.Seeds} with ≥ 2 candidates, {missing} without the gold head among the candidates; train errors {100.0 * errors / Math.Max(1, instances):F2} %{(options.Root ? $", root errors {100.0 * rootErrors / Math.Max(1, rootInstances):F2} % of {rootInstances}" : "")}, {model.FeatureCount} features"));
            if (dev.Count == 0) { best = model; continue; }
            var rootSettings = new List<ReviseRoot> { new(false, 0, rootLabels) };
            if (options.Root) rootSettings.AddRange(options.Margins.Select(m => new ReviseRoot(true, m, rootLabels)));
            foreach (var root in rootSettings)
            foreach (bool relabel in new[] { true, false })
                foreach (float margin in options.Margins)
                {
                    var m = model.With(margin, relabel, root, options.Guards);
                    var line = string.Create(CultureInfo.InvariantCulture, $"  margin {margin:G3} relabel {(relabel ? "on " : "off")} root {(root.Enabled ? root.Margin.ToString("G3", CultureInfo.InvariantCulture) : "off")}:");
                    for (int di = 0; di < dev.Count; di++)
                    {
                        var sc = Evaluate(m, dev[di].Punct, dev[di].Trees);
                        line += string.Create(CultureInfo.InvariantCulture, $" dev[{di}] UAS {sc.UasBefore:F2} → {sc.Uas:F2}, LAS {sc.LasBefore:F2} → {sc.Las:F2} (moved {sc.Moved}: {sc.MovedRight} right, {sc.MovedWrong} wrong→wrong or right→wrong);");
                        if (di == 0 && sc.Uas + sc.Las > bestScore) { bestScore = sc.Uas + sc.Las; best = m; }
                    }
                    log.WriteLine(line);
                }
        }
        if (dev.Count > 0)
        {
            var parserAlone = Evaluate(null, dev[0].Punct, dev[0].Trees);
            if (bestScore <= parserAlone.Uas + parserAlone.Las)
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: no epoch and margin beats the parser alone on dev[0] (UAS {parserAlone.Uas:F2}, LAS {parserAlone.Las:F2}); the kept reviser does not help"));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kept margin {best!.Margin:G3}, relabel {(best.RelabelMoves ? "on" : "off")}, root re-choice {(best.Root.Enabled ? $"margin {best.Root.Margin:G3}" : "off")}; dev[0] by gold relation (words, head accuracy before → after):"));
            var byRel = new Dictionary<ulong, int[]>();
            Evaluate(best, dev[0].Punct, dev[0].Trees, byRel);
            var names = new Dictionary<ulong, string>();
            foreach (var name in HeadReviser.DefaultRelations.Append("root").Append("punct")) names[FeatureHash.Of(name)] = name;
            foreach (var (rel, c) in byRel.OrderByDescending(kv => Math.Abs(kv.Value[2] - kv.Value[1])).Take(20))
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(names.TryGetValue(rel, out var nm) ? nm : rel.ToString("x", CultureInfo.InvariantCulture)),-12} {c[0],6} {100.0 * c[1] / c[0]:F2} → {100.0 * c[2] / c[0]:F2} ({c[2] - c[1]:+#;-#;0} words)"));
        }
        return best!;
    }

    /// <summary>Appends one candidate's features to <paramref name="feats"/> at <paramref name="pos"/>, records its end and
    /// current score, and keeps <paramref name="pred"/> the best so far; returns the new end.</summary>
    private static int Collect(CandidateRanker ranker, ReadOnlySpan<ulong> f, ulong[] feats, int pos, int[] ends, float[] scores, int c, ref int pred)
    {
        f.CopyTo(feats.AsSpan(pos));
        float sum = ranker.Score(f);
        pos += f.Length;
        ends[c] = pos;
        scores[c] = sum;
        if (sum > scores[pred]) pred = c;
        return pos;
    }

    /// <summary>The mean of the rankers' averaged weights (a feature missing from a ranker counts 0 there), keeping
    /// magnitudes above <paramref name="threshold"/>, sorted by key.</summary>
    internal static (ulong[] Keys, float[] Weights) AverageSeeds(IReadOnlyList<CandidateRanker> rankers, float threshold)
    {
        if (rankers.Count == 1) return rankers[0].Averaged(threshold);
        var sum = new Dictionary<ulong, double>();
        foreach (var ranker in rankers)
        {
            var (keys, weights) = ranker.Averaged(0);
            for (int i = 0; i < keys.Length; i++) sum[keys[i]] = sum.GetValueOrDefault(keys[i]) + weights[i];
        }
        var kept = sum.Select(kv => (Key: kv.Key, Value: (float)(kv.Value / rankers.Count))).Where(p => Math.Abs(p.Value) > threshold).OrderBy(p => p.Key).ToArray();
        return (kept.Select(p => p.Key).ToArray(), kept.Select(p => p.Value).ToArray());
    }

    private static void Update(CandidateRanker ranker, ulong[] feats, int[] ends, int gold, int pred)
    {
        int g0 = gold == 0 ? 0 : ends[gold - 1], p0 = pred == 0 ? 0 : ends[pred - 1];
        ranker.Update(feats.AsSpan(g0, ends[gold] - g0), feats.AsSpan(p0, ends[pred] - p0));
    }

    /// <summary>
    /// The old root's relation under a new root, learned from the training trees where the gold root is a candidate
    /// dependent of the parser's root and the parser's root hangs from it in gold: the most frequent gold relation by
    /// (new root's parser relation, side, old root's UPOS), ties broken by the relation hash; sorted by key.
    /// </summary>
    internal static (ulong Key, ulong Label)[] RootLabels(IReadOnlyList<ReviseSentence> trees)
    {
        int maxLen = trees.Count == 0 ? 1 : trees.Max(s => s.Words.Length);
        var scratch = new ReviseScratch(maxLen);
        var counts = new Dictionary<ulong, Dictionary<ulong, int>>();
        foreach (var s in trees)
        {
            if (!HeadReviser.Prepare(s.Words, s.Heads, scratch)) continue;
            int r = HeadReviser.UniqueRoot(s.Heads, scratch);
            if (r < 0) continue;
            int nc = HeadReviser.RootCandidates(s.Words, s.Heads, scratch, r, scratch.Candidates);
            for (int c = 1; c < nc; c++)
            {
                int x = scratch.Candidates[c];
                if (s.Gold[x] >= 0 || s.Gold[r] != x) continue;
                ulong key = HeadReviser.RootLabelKey(s.Words[x].Rel, x < r, s.Words[r].Upos);
                if (!counts.TryGetValue(key, out var byLabel)) counts[key] = byLabel = [];
                byLabel[s.GoldRel[r]] = byLabel.GetValueOrDefault(s.GoldRel[r]) + 1;
            }
        }
        return counts.Select(kv => (Key: kv.Key, Label: kv.Value.OrderByDescending(l => l.Value).ThenBy(l => l.Key).First().Key)).OrderBy(p => p.Key).ToArray();
    }

    /// <summary>UAS/LAS of the parser's trees followed by the punctuation re-attacher, without and with the reviser
    /// before it (every word counted); <paramref name="byRel"/> collects per gold relation: words, right before, right after.</summary>
    internal static ReviseScores Evaluate(HeadReviser? reviser, PunctAttacher? punct, IReadOnlyList<ReviseSentence> sentences, Dictionary<ulong, int[]>? byRel = null)
    {
        int total = 0, ub = 0, lb = 0, ua = 0, la = 0, moved = 0, movedRight = 0, movedWrong = 0;
        int maxLen = sentences.Count == 0 ? 1 : sentences.Max(s => s.Words.Length);
        var scratch = new ReviseScratch(maxLen);
        var punctScratch = new PunctScratch(maxLen);
        var words = new ReviseWord[maxLen];
        var pw = new PunctWord[maxLen];
        var before = new int[maxLen];
        var after = new int[maxLen];
        foreach (var s in sentences)
        {
            int n = s.Words.Length;
            s.Heads.CopyTo(before, 0);
            s.Heads.CopyTo(after, 0);
            s.Words.CopyTo(words, 0);
            reviser?.Revise(words.AsSpan(0, n), after.AsSpan(0, n), scratch);
            for (int i = 0; i < n; i++)
                if (after[i] != s.Heads[i])
                {
                    moved++;
                    if (after[i] == s.Gold[i]) movedRight++;
                    else movedWrong++;
                }
            if (punct is not null)
            {
                for (int i = 0; i < n; i++) pw[i] = ToPunct(s.Words[i], s.Classes[i]);
                punct.Reattach(pw.AsSpan(0, n), before.AsSpan(0, n), punctScratch);
                for (int i = 0; i < n; i++) pw[i] = ToPunct(words[i], s.Classes[i]);
                punct.Reattach(pw.AsSpan(0, n), after.AsSpan(0, n), punctScratch);
            }
            for (int i = 0; i < n; i++)
            {
                total++;
                bool okB = before[i] == s.Gold[i], okA = after[i] == s.Gold[i];
                if (okB) { ub++; if (s.Words[i].Rel == s.GoldRel[i]) lb++; }
                if (okA) { ua++; if (words[i].Rel == s.GoldRel[i]) la++; }
                if (byRel is not null)
                {
                    if (!byRel.TryGetValue(s.GoldRel[i], out var c)) byRel[s.GoldRel[i]] = c = new int[3];
                    c[0]++;
                    if (okB) c[1]++;
                    if (okA) c[2]++;
                }
            }
        }
        double P(int x) => total == 0 ? 0 : 100.0 * x / total;
        return new ReviseScores(P(ub), P(lb), P(ua), P(la), total, moved, movedRight, movedWrong);
    }

    internal static PunctWord ToPunct(in ReviseWord w, PunctClass c) => new() { Word = w.Word, Tag = w.Tag, Upos = w.Upos, Rel = w.Rel, Class = c };

    /// <summary>
    /// For benchmarks: parses the sentences once (without second stages) and returns one pass of the analyzer's reviser
    /// over all of them (copying the parser's heads first), or null when the analyzer has none.
    /// </summary>
    public static Action? RevisePass(PerceptronSyntaxAnalyzer analyzer, IReadOnlyList<ConlluSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        if (analyzer.Reviser is not { } reviser || analyzer.Parser is null) return null;
        var parsed = Predict(analyzer, sentences);
        int maxLen = parsed.Count == 0 ? 1 : parsed.Max(s => s.Words.Length);
        var scratch = new ReviseScratch(maxLen);
        var heads = new int[maxLen];
        var words = new ReviseWord[maxLen];
        return () =>
        {
            foreach (var s in parsed)
            {
                s.Heads.CopyTo(heads, 0);
                s.Words.CopyTo(words, 0);
                reviser.Revise(words.AsSpan(0, s.Words.Length), heads.AsSpan(0, s.Words.Length), scratch);
            }
        };
    }
}
