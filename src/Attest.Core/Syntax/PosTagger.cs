using System.Globalization;

namespace Attest.Syntax;

/// <summary>Per-token hashed lexical features, computed once per sentence.</summary>
internal struct WordInfo
{
    public ulong Form, Lower, Shape, P1, P2, P3, S1, S2, S3, S4;
    public int Cluster;
    public int Flags;

    public static void Compute(ReadOnlySpan<char> w, WordClusters? clusters, ref WordInfo info)
    {
        info.Form = FeatureHash.Of(w);
        info.Lower = FeatureHash.OfLower(w);
        int n = w.Length;
        Span<char> low = n <= 64 ? stackalloc char[n] : new char[n];
        w.ToLowerInvariant(low);
        info.P1 = FeatureHash.Of(low[..Math.Min(1, n)]);
        info.P2 = FeatureHash.Of(low[..Math.Min(2, n)]);
        info.P3 = FeatureHash.Of(low[..Math.Min(3, n)]);
        info.S1 = FeatureHash.Of(low[Math.Max(0, n - 1)..]);
        info.S2 = FeatureHash.Of(low[Math.Max(0, n - 2)..]);
        info.S3 = FeatureHash.Of(low[Math.Max(0, n - 3)..]);
        info.S4 = FeatureHash.Of(low[Math.Max(0, n - 4)..]);
        // shape: X x d or the char itself, repeats collapsed, at most 6 symbols
        Span<char> shape = stackalloc char[6];
        int sl = 0;
        char last = '\0';
        int flags = 0;
        foreach (char c in w)
        {
            char s;
            if (char.IsUpper(c)) { s = 'X'; flags |= 1; }
            else if (char.IsLower(c)) { s = 'x'; flags |= 2; }
            else if (char.IsDigit(c)) { s = 'd'; flags |= 4; }
            else { s = c; flags |= c == '-' ? 8 : 16; }
            if (s != last && sl < shape.Length) { shape[sl++] = s; last = s; }
        }
        if (n > 0 && char.IsUpper(w[0])) flags |= 32;
        info.Shape = FeatureHash.Of(shape[..sl]);
        info.Flags = flags;
        info.Cluster = clusters?.Get(info.Lower) ?? 0;
    }
}

/// <summary>
/// Greedy left-to-right averaged-perceptron tagger predicting a joint UPOS+XPOS tag, with a tag dictionary for frequent
/// unambiguous words and word-cluster features. Immutable and thread-safe.
/// </summary>
public sealed class PosTagger
{
    internal const int MaxFeatures = 48;
    private readonly HashIndex tagDict;

    internal PosTagger(string[] tags, LinearModel model, LinearModel? model2, WordClusters clusters, ulong[] dictKeys, int[] dictTags)
    {
        Model2 = model2;
        Tags = tags;
        Upos = new UPos[tags.Length];
        Xpos = new string[tags.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            int tab = tags[i].IndexOf('\t', StringComparison.Ordinal);
            Upos[i] = Enum.Parse<UPos>(tags[i][..tab]);
            Xpos[i] = tags[i][(tab + 1)..];
        }
        Model = model;
        Clusters = clusters;
        DictKeys = dictKeys;
        DictTags = dictTags;
        tagDict = new HashIndex(dictKeys.Length);
        for (int i = 0; i < dictKeys.Length; i++) tagDict.TryAdd(dictKeys[i], dictTags[i]);
    }

    /// <summary>Joint tags "UPOS\tXPOS".</summary>
    internal string[] Tags { get; }
    internal UPos[] Upos { get; }
    internal string[] Xpos { get; }
    internal LinearModel Model { get; }
    /// <summary>Second pass: same features plus the first pass's tags to the right.</summary>
    internal LinearModel? Model2 { get; }
    internal WordClusters Clusters { get; }
    internal ulong[] DictKeys { get; }
    internal int[] DictTags { get; }

    internal int DictLookup(ulong formHash) => tagDict.Get(formHash);

    /// <summary>Tags a sentence: writes joint tag ids into <paramref name="tags"/>.</summary>
    internal void Tag(ReadOnlySpan<WordInfo> words, Span<int> tags)
    {
        if (Model2 is null)
        {
            Pass(Model, words, default, tags);
            return;
        }
        Span<int> first = words.Length <= 256 ? stackalloc int[words.Length] : new int[words.Length];
        Pass(Model, words, default, first);
        Pass(Model2, words, first, tags);
    }

    internal void Pass(LinearModel model, ReadOnlySpan<WordInfo> words, ReadOnlySpan<int> right, Span<int> tags)
    {
        Span<ulong> feats = stackalloc ulong[MaxFeatures];
        Span<int> scores = stackalloc int[model.Stride * 2];
        for (int i = 0; i < words.Length; i++)
        {
            int d = tagDict.Get(words[i].Form);
            if (d >= 0) { tags[i] = d; continue; }
            int nf = Features(words, i, i > 0 ? tags[i - 1] : -1, i > 1 ? tags[i - 2] : -1, right, feats);
            scores.Clear();
            model.Score(feats[..nf], scores);
            tags[i] = LinearModel.ArgMax(scores, model.Classes);
        }
    }

    internal WordInfo[] Prepare(IReadOnlyList<string> forms)
    {
        var infos = new WordInfo[forms.Count];
        for (int i = 0; i < infos.Length; i++) WordInfo.Compute(forms[i], Clusters, ref infos[i]);
        return infos;
    }

    internal static int Features(ReadOnlySpan<WordInfo> w, int i, int p1, int p2, ReadOnlySpan<int> right, Span<ulong> f)
    {
        int n = 0;
        ref readonly var x = ref w[i];
        const ulong None = 0x5bd1e995UL;
        ulong lm1 = i > 0 ? w[i - 1].Lower : None, lm2 = i > 1 ? w[i - 2].Lower : None;
        ulong lp1 = i + 1 < w.Length ? w[i + 1].Lower : None, lp2 = i + 2 < w.Length ? w[i + 2].Lower : None;
        ulong sm1 = i > 0 ? w[i - 1].S3 : None, sp1 = i + 1 < w.Length ? w[i + 1].S3 : None;
        ulong t1 = (ulong)(p1 + 2), t2 = (ulong)(p2 + 2);
        int cl = x.Cluster;
        int clm1 = i > 0 ? w[i - 1].Cluster : 1, clp1 = i + 1 < w.Length ? w[i + 1].Cluster : 1;
        f[n++] = FeatureHash.F(0, 0);
        f[n++] = FeatureHash.F(1, x.Lower);
        f[n++] = FeatureHash.F(2, x.Form);
        f[n++] = FeatureHash.F(3, x.P1);
        f[n++] = FeatureHash.F(4, x.P2);
        f[n++] = FeatureHash.F(5, x.P3);
        f[n++] = FeatureHash.F(6, x.S1);
        f[n++] = FeatureHash.F(7, x.S2);
        f[n++] = FeatureHash.F(8, x.S3);
        f[n++] = FeatureHash.F(9, x.S4);
        f[n++] = FeatureHash.F(10, x.Shape);
        f[n++] = FeatureHash.F(11, (ulong)x.Flags, i == 0 ? 1UL : 0UL);
        f[n++] = FeatureHash.F(12, lm1);
        f[n++] = FeatureHash.F(13, lm2);
        f[n++] = FeatureHash.F(14, lp1);
        f[n++] = FeatureHash.F(15, lp2);
        f[n++] = FeatureHash.F(16, sm1);
        f[n++] = FeatureHash.F(17, sp1);
        f[n++] = FeatureHash.F(18, t1);
        f[n++] = FeatureHash.F(19, t2);
        f[n++] = FeatureHash.F(20, t1, t2);
        f[n++] = FeatureHash.F(21, t1, x.Lower);
        f[n++] = FeatureHash.F(22, lm1, x.Lower);
        f[n++] = FeatureHash.F(23, x.Lower, lp1);
        f[n++] = FeatureHash.F(24, i + 1 < w.Length ? (ulong)w[i + 1].Flags : 99, i + 1 < w.Length ? w[i + 1].Shape : None);
        f[n++] = FeatureHash.F(32, t1, x.S3);
        f[n++] = FeatureHash.F(33, lm1, lp1);
        if (cl != 0)
        {
            f[n++] = FeatureHash.F(25, (ulong)WordClusters.Prefix(cl, 4));
            f[n++] = FeatureHash.F(26, (ulong)WordClusters.Prefix(cl, 7));
            f[n++] = FeatureHash.F(27, (ulong)WordClusters.Prefix(cl, 10));
            f[n++] = FeatureHash.F(28, (ulong)cl);
            f[n++] = FeatureHash.F(34, t1, (ulong)WordClusters.Prefix(cl, 7));
        }
        else
        {
            f[n++] = FeatureHash.F(35, x.Shape, x.S3);
        }
        f[n++] = FeatureHash.F(29, (ulong)WordClusters.Prefix(clm1, 7));
        f[n++] = FeatureHash.F(30, (ulong)WordClusters.Prefix(clp1, 7));
        f[n++] = FeatureHash.F(31, (ulong)clp1);
        f[n++] = FeatureHash.F(36, (ulong)clm1);
        if (!right.IsEmpty)
        {
            ulong r1 = i + 1 < w.Length ? (ulong)right[i + 1] + 2 : 1, r2 = i + 2 < w.Length ? (ulong)right[i + 2] + 2 : 1;
            f[n++] = FeatureHash.F(40, r1);
            f[n++] = FeatureHash.F(41, r1, r2);
            f[n++] = FeatureHash.F(42, t1, r1);
            f[n++] = FeatureHash.F(43, r1, x.Lower);
            f[n++] = FeatureHash.F(44, (ulong)right[i] + 2);
            f[n++] = FeatureHash.F(45, r1, x.S3);
        }
        return n;
    }

    public void Save(string path) => ModelFile.Save(path, ModelKind.Tagger, Write);

    internal void Write(BinaryWriter w)
    {
        ModelFile.WriteStrings(w, Tags);
        w.Write(DictKeys.Length);
        for (int i = 0; i < DictKeys.Length; i++) { w.Write(DictKeys[i]); w.Write(DictTags[i]); }
        Clusters.Write(w);
        Model.Write(w);
        w.Write(Model2 is not null);
        Model2?.Write(w);
    }

    public static PosTagger Load(string path) => ModelFile.Load(path, ModelKind.Tagger, Read);

    internal static PosTagger Read(BinaryReader r)
    {
        var tags = ModelFile.ReadStrings(r);
        int n = r.ReadInt32();
        if (n < 0 || n > 10_000_000) throw new InvalidDataException("implausible tag dictionary size");
        var k = new ulong[n];
        var t = new int[n];
        for (int i = 0; i < n; i++)
        {
            k[i] = r.ReadUInt64();
            t[i] = r.ReadInt32();
            if ((uint)t[i] >= (uint)tags.Length) throw new InvalidDataException("tag dictionary refers to an unknown tag");
        }
        var clusters = WordClusters.Read(r);
        var model = LinearModel.Read(r);
        var model2 = r.ReadBoolean() ? LinearModel.Read(r) : null;
        if (model.Classes != tags.Length || (model2 is not null && model2.Classes != tags.Length))
            throw new InvalidDataException("tagger model class count does not match its tag set");
        return new PosTagger(tags, model, model2, clusters, k, t);
    }
}

/// <summary>Trains a <see cref="PosTagger"/>.</summary>
public static class PosTaggerTrainer
{
    public static PosTagger Train(IReadOnlyList<ConlluSentence> train, IReadOnlyList<ConlluSentence>? dev, int epochs, int seed, TextWriter log, bool twoPass = true, float pruneBelow = 0f)
    {
        var tagIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var tagList = new List<string>();
        var forms = new List<string[]>();
        var gold = new List<int[]>();
        foreach (var s in train)
        {
            var f = new string[s.Count];
            var g = new int[s.Count];
            for (int i = 0; i < s.Count; i++)
            {
                f[i] = s.Words[i].Form;
                var key = s.Words[i].Upos + "\t" + s.Words[i].Xpos;
                if (!tagIds.TryGetValue(key, out int id))
                {
                    id = tagList.Count;
                    tagIds[key] = id;
                    tagList.Add(key);
                }
                g[i] = id;
            }
            forms.Add(f);
            gold.Add(g);
        }
        log.WriteLine($"tagger: {forms.Count} sentences, {tagList.Count} joint tags; inducing clusters");
        var clusters = WordClusters.Induce(forms, seed);
        log.WriteLine($"tagger: {clusters.Keys.Length} clustered words");

        // tag dictionary: frequent, (almost) unambiguous forms
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (int s = 0; s < forms.Count; s++)
            for (int i = 0; i < forms[s].Length; i++)
            {
                if (!counts.TryGetValue(forms[s][i], out var c)) counts[forms[s][i]] = c = new int[tagList.Count];
                c[gold[s][i]]++;
            }
        var dictKeys = new List<ulong>();
        var dictTags = new List<int>();
        foreach (var (word, c) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            int total = c.Sum();
            int best = Array.IndexOf(c, c.Max());
            if (total >= 20 && c[best] >= total * 0.995) { dictKeys.Add(FeatureHash.Of(word)); dictTags.Add(best); }
        }
        log.WriteLine($"tagger: {dictKeys.Count} tag-dictionary entries");

        var tags = tagList.ToArray();
        var empty = new LinearModel(tags.Length, 1, [], []);
        var shell = new PosTagger(tags, empty, null, clusters, dictKeys.ToArray(), dictTags.ToArray());
        var infos = forms.Select(f => shell.Prepare(f)).ToArray();
        var all = Enumerable.Range(0, forms.Count).ToArray();
        var pass1 = TrainPass(shell, infos, gold, null, all, epochs, seed, dev, "pass 1", log, pruneBelow);
        if (!twoPass) return new PosTagger(tags, pass1, null, clusters, dictKeys.ToArray(), dictTags.ToArray());
        // jackknifed first-pass tags for the second pass
        const int folds = 4;
        var right = new int[forms.Count][];
        for (int fold = 0; fold < folds; fold++)
        {
            var trainIdx = all.Where(i => i % folds != fold).ToArray();
            var m = TrainPass(shell, infos, gold, null, trainIdx, epochs, seed + fold + 1, null, $"fold {fold}", log, 0f);
            var tagger = new PosTagger(tags, m, null, clusters, dictKeys.ToArray(), dictTags.ToArray());
            foreach (int i in all.Where(i => i % folds == fold))
            {
                right[i] = new int[infos[i].Length];
                tagger.Pass(m, infos[i], default, right[i]);
            }
        }
        var pass2 = TrainPass(shell, infos, gold, right, all, epochs, seed, null, "pass 2", log, pruneBelow);
        var result = new PosTagger(tags, pass1, pass2, clusters, dictKeys.ToArray(), dictTags.ToArray());
        if (dev is not null)
        {
            var (u, x) = Evaluate(result, dev);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tagger two-pass: dev upos {u:F2} xpos {x:F2}"));
        }
        return result;
    }

    private static LinearModel TrainPass(PosTagger shell, WordInfo[][] infos, List<int[]> gold, int[][]? right, int[] sentences, int epochs, int seed, IReadOnlyList<ConlluSentence>? dev, string name, TextWriter log, float pruneBelow)
    {
        int nTags = shell.Tags.Length;
        var perceptron = new AveragedPerceptron(nTags);
        var order = (int[])sentences.Clone();
        var rng = new Random(seed);
        var feats = new ulong[PosTagger.MaxFeatures];
        var scores = new float[nTags];
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            rng.Shuffle(order);
            int correct = 0, total = 0;
            foreach (int s in order)
            {
                var w = infos[s];
                var g = gold[s];
                var pred = new int[w.Length];
                var r = right is null ? default : right[s].AsSpan();
                for (int i = 0; i < w.Length; i++)
                {
                    total++;
                    int d = shell.DictLookup(w[i].Form);
                    if (d >= 0) { pred[i] = d; correct += d == g[i] ? 1 : 0; continue; }
                    int nf = PosTagger.Features(w, i, i > 0 ? pred[i - 1] : -1, i > 1 ? pred[i - 2] : -1, r, feats);
                    perceptron.Score(feats.AsSpan(0, nf), scores);
                    int guess = 0;
                    for (int c = 1; c < nTags; c++) if (scores[c] > scores[guess]) guess = c;
                    perceptron.Update(feats.AsSpan(0, nf), g[i], guess);
                    perceptron.Tick();
                    pred[i] = guess;
                    if (guess == g[i]) correct++;
                }
            }
            string devScore = "";
            if (dev is not null && (epoch == epochs || epoch % 3 == 0))
            {
                var t = new PosTagger(shell.Tags, perceptron.Build(), null, shell.Clusters, shell.DictKeys, shell.DictTags);
                var (u, x) = Evaluate(t, dev);
                devScore = string.Create(CultureInfo.InvariantCulture, $" dev upos {u:F2} xpos {x:F2}");
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tagger {name} epoch {epoch}: train acc {100.0 * correct / total:F2} features {perceptron.FeatureCount}{devScore}"));
        }
        return perceptron.Build(pruneBelow);
    }

    public static (double Upos, double Xpos) Evaluate(PosTagger tagger, IReadOnlyList<ConlluSentence> sentences)
    {
        int u = 0, x = 0, n = 0;
        foreach (var s in sentences)
        {
            var forms = s.Words.Select(w => w.Form).ToArray();
            var infos = tagger.Prepare(forms);
            var pred = new int[forms.Length];
            tagger.Tag(infos, pred);
            for (int i = 0; i < forms.Length; i++)
            {
                n++;
                if (tagger.Upos[pred[i]].ToString() == s.Words[i].Upos) u++;
                if (tagger.Xpos[pred[i]] == s.Words[i].Xpos) x++;
            }
        }
        return (100.0 * u / n, 100.0 * x / n);
    }
}
