using System.Globalization;
using Attest.Text;

namespace Attest.Syntax;

/// <summary>One sentence for the punctuation re-attacher: the words, the tree it sees (heads, -1 root), the gold heads and relations.</summary>
internal sealed record PunctSentence(PunctWord[] Words, int[] Heads, int[] Gold, ulong[] GoldRel);

/// <summary>Scores of a re-attacher on predicted trees, as percentages.</summary>
public sealed record PunctScores(double UasBefore, double LasBefore, double Uas, double Las, double PunctBefore, double Punct, double Oracle, int Words, int PunctWords);

/// <summary>Which trees the re-attacher is trained on.</summary>
public enum PunctTrees
{
    /// <summary>Gold trees (the parser-choice feature is left out: on gold trees it would always be right).</summary>
    Gold,
    /// <summary>Trees the analyzer predicts for the training sentences.</summary>
    Predicted,
    /// <summary>Both copies of every sentence.</summary>
    Both,
    /// <summary>Gold trees where a random fraction of the non-punct words get another head.</summary>
    Noised,
    /// <summary>Predicted trees plus a copy of them where a random fraction of the non-punct words get another head.</summary>
    PredictedNoised,
}

/// <summary>Averaged-perceptron training of <see cref="PunctAttacher"/> (deterministic given the seed).</summary>
public static class PunctAttacherTrainer
{
    internal static PunctWord Word(ReadOnlySpan<char> form, string xpos, UPos upos, string rel) => new()
    {
        Word = FeatureHash.OfLower(form),
        Tag = FeatureHash.Of(xpos),
        Upos = upos,
        Rel = FeatureHash.Of(rel),
        Class = upos == UPos.PUNCT ? PunctAttacher.Classify(form) : PunctClass.None,
    };


    /// <summary>The gold tree of a treebank sentence.</summary>
    internal static PunctSentence FromGold(ConlluSentence s)
    {
        int n = s.Count;
        var words = new PunctWord[n];
        var gold = new int[n];
        var rel = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            var w = s.Words[i];
            words[i] = Word(w.Form, w.Xpos, w.UposTag, w.Deprel);
            gold[i] = w.Head - 1;
            rel[i] = words[i].Rel;
        }
        return new PunctSentence(words, (int[])gold.Clone(), gold, rel);
    }

    /// <summary>The trees an analyzer (whose own re-attacher is not used) predicts for treebank sentences, with gold tokens.</summary>
    internal static List<PunctSentence> Predict(PerceptronSyntaxAnalyzer analyzer, IReadOnlyList<ConlluSentence> sentences, int batch = 256) =>
        SecondStageTrees.Parse(analyzer.Punct is null ? analyzer : analyzer.WithPunct(null), sentences, batch).ConvertAll(ToSentence);

    /// <summary>
    /// The trees of a CoNLL-U file of predicted parses (e.g. jackknifed ones) of the training sentences, aligned with them
    /// by order (<see cref="SecondStageTrees.Align"/>): tags, heads and relations from <paramref name="trees"/>, the gold
    /// heads and relations from <paramref name="train"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The files do not align.</exception>
    internal static List<PunctSentence> FromTrees(IReadOnlyList<ConlluSentence> train, IReadOnlyList<ConlluSentence> trees, string source) =>
        SecondStageTrees.Align(train, trees, source).ConvertAll(ToSentence);

    private static PunctSentence ToSentence(PredictedTree t)
    {
        int n = t.Count;
        var words = new PunctWord[n];
        var rel = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            words[i] = Word(t.Forms[i], t.Xpos[i], t.Upos[i], t.Rel[i]);
            rel[i] = FeatureHash.Of(t.GoldRel[i]);
        }
        return new PunctSentence(words, t.Heads, t.GoldHeads, rel);
    }

    /// <summary>A copy of a gold tree where each non-punct word, with probability <paramref name="rate"/>, is moved to another head that keeps the tree acyclic.</summary>
    internal static PunctSentence Noise(PunctSentence s, double rate, Random rng)
    {
        int n = s.Words.Length;
        var heads = (int[])s.Heads.Clone();
        for (int i = 0; i < n; i++)
        {
            if (s.Words[i].Upos == UPos.PUNCT || heads[i] < 0 || rng.NextDouble() >= rate) continue;
            // a new head near the word that is not its descendant and not punctuation
            for (int attempt = 0; attempt < 4; attempt++)
            {
                int h = i + rng.Next(-4, 5);
                if (h < 0 || h >= n || h == i || s.Words[h].Upos == UPos.PUNCT) continue;
                if (PunctAttacher.Dominates(heads, i, h)) continue; // would make a cycle
                heads[i] = h;
                break;
            }
        }
        return s with { Heads = heads };
    }

    public static PunctAttacher Train(IReadOnlyList<ConlluSentence> train, IReadOnlyList<PerceptronSyntaxAnalyzer> analyzers, PunctTrees trees, bool parserChoice,
        IReadOnlyList<ConlluSentence>? dev, IReadOnlyList<PerceptronSyntaxAnalyzer> devAnalyzers, int epochs, int seed, TextWriter log, double noise = 0.1, ulong dropTemplates = 0,
        IReadOnlyList<(string Source, IReadOnlyList<ConlluSentence> Trees)>? treeFiles = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(log);
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), "at least one epoch");
        ArgumentNullException.ThrowIfNull(analyzers);
        treeFiles ??= [];
        if (trees is PunctTrees.Predicted or PunctTrees.Both or PunctTrees.PredictedNoised && analyzers.Count == 0 && treeFiles.Count == 0)
            throw new ArgumentException("predicted trees need an analyzer or a trees file", nameof(analyzers));
        if (treeFiles.Count > 0 && trees is PunctTrees.Gold or PunctTrees.Noised)
            throw new ArgumentException("trees files are predicted trees: use them with Predicted, Both or PredictedNoised", nameof(treeFiles));
        // check the alignment before any parsing
        var fileTrees = treeFiles.Select(f => FromTrees(train, f.Trees, f.Source)).ToList();
        if (parserChoice && trees is PunctTrees.Gold)
            throw new ArgumentException("the parser-choice feature needs predicted or noised trees", nameof(parserChoice));
        var rng = new Random(seed);
        var sentences = new List<PunctSentence>();
        if (trees is PunctTrees.Gold or PunctTrees.Both or PunctTrees.Noised)
            foreach (var s in train)
            {
                var g = FromGold(s);
                sentences.Add(trees is PunctTrees.Noised ? Noise(g, noise, rng) : g);
            }
        if (trees is PunctTrees.Predicted or PunctTrees.Both or PunctTrees.PredictedNoised)
            foreach (var predicted in fileTrees.Concat(analyzers.Select(a => Predict(a, train))))
            {
                sentences.AddRange(predicted);
                if (trees is PunctTrees.PredictedNoised)
                    foreach (var p in predicted) sentences.Add(Noise(p, noise, rng));
            }
        // features of every candidate of every trainable punctuation word, computed once
        var feats = new List<ulong>();
        var instances = new List<(int Start, int[] Ends, int Gold)>();
        int skipped = 0, total = 0;
        int maxLen = sentences.Count == 0 ? 1 : sentences.Max(s => s.Words.Length);
        var scratch = new PunctScratch(maxLen);
        var cands = new int[maxLen];
        var info = new CandidateInfo[maxLen];
        var buf = new ulong[PunctAttacher.MaxFeatures];
        foreach (var s in sentences)
        {
            if (!PunctAttacher.Prepare(s.Words, s.Heads, scratch)) continue;
            for (int p = 0; p < s.Words.Length; p++)
            {
                if (!scratch.Movable[p]) continue;
                total++;
                int nc = PunctAttacher.Candidates(s.Words, s.Heads, scratch, p, cands, info);
                int gold = Array.IndexOf(cands, s.Gold[p], 0, nc);
                if (gold < 0 || nc < 2) { if (gold < 0) skipped++; continue; }
                int start = feats.Count;
                var ends = new int[nc];
                for (int c = 0; c < nc; c++)
                {
                    int k = PunctAttacher.Features(s.Words, s.Heads, scratch, p, cands[c], info[c], parserChoice, buf, dropTemplates);
                    for (int i = 0; i < k; i++) feats.Add(buf[i]);
                    ends[c] = feats.Count;
                }
                instances.Add((start, ends, gold));
            }
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"punct: {sentences.Count} trees ({trees}), {total} movable punctuation words, {instances.Count} training instances with ≥ 2 candidates, {skipped} without the gold head among the candidates"));
        var featArray = feats.ToArray();
        var ranker = new CandidateRanker();
        var order = Enumerable.Range(0, instances.Count).ToArray();
        var scores = new float[maxLen];
        var devSets = dev is null ? [] : devAnalyzers.Select(a => Predict(a, dev)).ToList();
        PunctAttacher? best = null;
        double bestUas = double.NegativeInfinity;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            rng.Shuffle(order);
            int errors = 0;
            foreach (int idx in order)
            {
                var (start, ends, gold) = instances[idx];
                int pred = 0;
                ReadOnlySpan<ulong> Candidate(int c) => featArray.AsSpan(c == 0 ? start : ends[c - 1], ends[c] - (c == 0 ? start : ends[c - 1]));
                for (int c = 0; c < ends.Length; c++)
                {
                    float sum = ranker.Score(Candidate(c));
                    scores[c] = sum;
                    if (sum > scores[pred]) pred = c;
                }
                if (pred != gold)
                {
                    errors++;
                    ranker.Update(Candidate(gold), Candidate(pred));
                }
                ranker.Tick();
            }
            var (keys, weights) = ranker.Averaged(1e-6f);
            var model = new PunctAttacher(keys, weights, parserChoice, dropTemplates);
            var line = string.Create(CultureInfo.InvariantCulture, $"punct epoch {epoch}: train errors {100.0 * errors / Math.Max(1, instances.Count):F2} %, {model.FeatureCount} features");
            for (int d = 0; d < devSets.Count; d++)
            {
                var sc = Evaluate(model, devSets[d]);
                line += string.Create(CultureInfo.InvariantCulture, $"; dev[{d}] UAS {sc.UasBefore:F2} → {sc.Uas:F2}, LAS {sc.LasBefore:F2} → {sc.Las:F2}, punct {sc.PunctBefore:F2} → {sc.Punct:F2} (oracle {sc.Oracle:F2})");
                if (d == 0 && sc.Uas > bestUas) { bestUas = sc.Uas; best = model; }
            }
            log.WriteLine(line);
            if (devSets.Count == 0) best = model;
            if (epoch == epochs && devSets.Count > 0)
            {
                var byClass = Enumerable.Range(0, 16).Select(_ => new int[4]).ToArray();
                Evaluate(model, devSets[0], byClass);
                for (int c = 0; c < byClass.Length; c++)
                    if (byClass[c][0] > 0)
                        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dev[0] {(PunctClass)c}: {byClass[c][0]} words, {100.0 * byClass[c][1] / byClass[c][0]:F1} → {100.0 * byClass[c][2] / byClass[c][0]:F1} (oracle {100.0 * byClass[c][3] / byClass[c][0]:F1})"));
            }
        }
        return best!;
    }

    /// <summary>UAS/LAS of predicted trees before and after re-attachment (every word counted), and punctuation head accuracy.</summary>
    internal static PunctScores Evaluate(PunctAttacher? attacher, IReadOnlyList<PunctSentence> sentences, int[][]? byClass = null)
    {
        int words = 0, ub = 0, lb = 0, ua = 0, la = 0, pw = 0, pb = 0, pa = 0, oracle = 0;
        int maxLen = sentences.Count == 0 ? 1 : sentences.Max(s => s.Words.Length);
        var scratch = new PunctScratch(maxLen);
        var heads = new int[maxLen];
        var cands = new int[maxLen];
        var info = new CandidateInfo[maxLen];
        foreach (var s in sentences)
        {
            int n = s.Words.Length;
            s.Heads.CopyTo(heads, 0);
            bool prepared = PunctAttacher.Prepare(s.Words, s.Heads, scratch);
            if (prepared)
                for (int p = 0; p < n; p++)
                    if (scratch.Movable[p] && s.GoldRel[p] == PunctAttacher.PunctRel)
                    {
                        int nc = PunctAttacher.Candidates(s.Words, s.Heads, scratch, p, cands, info);
                        if (Array.IndexOf(cands, s.Gold[p], 0, nc) >= 0)
                        {
                            oracle++;
                            if (byClass is not null) byClass[(int)s.Words[p].Class][3]++;
                        }
                    }
            attacher?.Reattach(s.Words, heads.AsSpan(0, n), scratch);
            if (byClass is not null)
                for (int i = 0; i < n; i++)
                    if (s.GoldRel[i] == PunctAttacher.PunctRel)
                    {
                        var c = byClass[(int)s.Words[i].Class];
                        c[0]++;
                        if (s.Heads[i] == s.Gold[i]) c[1]++;
                        if (heads[i] == s.Gold[i]) c[2]++;
                    }
            for (int i = 0; i < n; i++)
            {
                words++;
                bool isPunct = s.GoldRel[i] == PunctAttacher.PunctRel;
                if (isPunct) pw++;
                bool relOk = s.Words[i].Rel == s.GoldRel[i];
                if (s.Heads[i] == s.Gold[i]) { ub++; if (relOk) lb++; if (isPunct) pb++; }
                if (heads[i] == s.Gold[i]) { ua++; if (relOk) la++; if (isPunct) pa++; }
            }
        }
        double P(int x, int of) => of == 0 ? 0 : 100.0 * x / of;
        return new PunctScores(P(ub, words), P(lb, words), P(ua, words), P(la, words), P(pb, pw), P(pa, pw), P(oracle, pw), words, pw);
    }

    /// <summary>
    /// For benchmarks: parses the sentences once (without the re-attacher) and returns one pass of the analyzer's
    /// re-attacher over all of them (copying the parser's heads first), or null when the analyzer has none.
    /// </summary>
    public static Action? ReattachPass(PerceptronSyntaxAnalyzer analyzer, IReadOnlyList<ConlluSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        if (analyzer.Punct is not { } punct || analyzer.Parser is null) return null;
        var parsed = Predict(analyzer, sentences);
        int maxLen = parsed.Count == 0 ? 1 : parsed.Max(s => s.Words.Length);
        var scratch = new PunctScratch(maxLen);
        var heads = new int[maxLen];
        return () =>
        {
            foreach (var s in parsed)
            {
                s.Heads.CopyTo(heads, 0);
                punct.Reattach(s.Words, heads.AsSpan(0, s.Words.Length), scratch);
            }
        };
    }
}
