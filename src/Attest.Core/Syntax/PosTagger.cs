using System.Globalization;

namespace Attest.Syntax;

/// <summary>Per-token hashed lexical features, computed once per sentence.</summary>
internal struct WordInfo
{
    public ulong Form, Lower, Shape, P1, P2, P3, S1, S2, S3, S4;
    public int Cluster;
    public int Flags;
    /// <summary>Ambiguity class (set of tags seen with the lowercased word in training), 0 when unknown.</summary>
    public int Amb;
    /// <summary>1 + the word's row in the tagger's score cache, 0 when the word is not cached.</summary>
    public int Cached;
    /// <summary>1 + the word's tag in the tagger's tag dictionary, 0 when the dictionary does not settle the word.</summary>
    public int Dict;

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
    internal const int MaxFeatures = 64;
    private readonly HashIndex tagDict;
    private readonly HashIndex ambIndex;

    /// <summary>Per tag: a possessive ending (XPOS POS), a finite lexical verb (VERB with VBD, VBP or VBZ).</summary>
    private readonly bool[] possessive, finiteVerb;

    internal PosTagger(string[] tags, LinearModel model, LinearModel? model2, WordClusters clusters, ulong[] dictKeys, int[] dictTags, ulong[] ambKeys, int[] ambIds, string[]? cacheForms = null)
        : this(tags, new PassModel(model), model2 is null ? null : new PassModel(model2), clusters, dictKeys, dictTags, ambKeys, ambIds, cacheForms)
    {
    }

    private PosTagger(string[] tags, PassModel pass1, PassModel? pass2, WordClusters clusters, ulong[] dictKeys, int[] dictTags, ulong[] ambKeys, int[] ambIds, string[]? cacheForms)
    {
        AmbKeys = ambKeys;
        AmbIds = ambIds;
        ambIndex = new HashIndex(ambKeys.Length);
        for (int i = 0; i < ambKeys.Length; i++) ambIndex.TryAdd(ambKeys[i], ambIds[i]);
        this.pass1 = pass1;
        this.pass2 = pass2;
        Tags = tags;
        Upos = new UPos[tags.Length];
        Xpos = new string[tags.Length];
        possessive = new bool[tags.Length];
        finiteVerb = new bool[tags.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            int tab = tags[i].IndexOf('\t', StringComparison.Ordinal);
            Upos[i] = Enum.Parse<UPos>(tags[i][..tab]);
            Xpos[i] = tags[i][(tab + 1)..];
            possessive[i] = Xpos[i] == "POS";
            finiteVerb[i] = Upos[i] == UPos.VERB && Xpos[i] is "VBD" or "VBP" or "VBZ";
        }
        weights1 = pass1.Weights;
        weights2 = pass2?.Weights;
        if (weights1.Classes != tags.Length || (weights2 is not null && weights2.Classes != tags.Length))
            throw new InvalidDataException("tagger model class count does not match its tag set");
        Clusters = clusters;
        DictKeys = dictKeys;
        DictTags = dictTags;
        tagDict = new HashIndex(dictKeys.Length);
        for (int i = 0; i < dictKeys.Length; i++) tagDict.TryAdd(dictKeys[i], dictTags[i]);
        CacheForms = cacheForms ?? [];
        (cacheIndex, cacheInfo, cache1, cache2) = BuildCache(CacheForms);
    }

    /// <summary>
    /// One pass's model: the lookup form that tags (<see cref="TagWeights"/>) and the <see cref="LinearModel"/> that is
    /// saved and pruned, which a tagger read from a file rebuilds from the former only when it is asked for.
    /// </summary>
    private sealed class PassModel
    {
        private readonly Lazy<LinearModel> model;

        public PassModel(LinearModel model)
        {
            Weights = new TagWeights(model);
            this.model = new Lazy<LinearModel>(model);
        }

        private PassModel(TagWeights weights, float scale, ulong[] keys)
        {
            Weights = weights;
            model = new Lazy<LinearModel>(() => Weights.ToModel(scale, keys), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public TagWeights Weights { get; }
        public LinearModel Model => model.Value;

        public static PassModel Read(BinaryReader r)
        {
            var weights = TagWeights.Read(r, out float scale, out ulong[] keys);
            return new PassModel(weights, scale, keys);
        }
    }

    private readonly PassModel pass1;
    private readonly PassModel? pass2;
    private readonly TagWeights weights1;
    private readonly TagWeights? weights2;
    private readonly HashIndex cacheIndex;
    private readonly WordInfo[] cacheInfo;
    private readonly int[] cache1;
    private readonly int[] cache2;

    /// <summary>
    /// Frequent training forms whose lexical features (<see cref="WordInfo"/>) are computed once when the model is loaded,
    /// and for those the tag dictionary does not settle, the summed scores of the context-free features
    /// (<see cref="SelfFeatures"/>) too: tagging such a word starts from its cached score row (one sequential read)
    /// instead of looking up those features one by one. Integer sums, so the tags are exactly those of the uncached
    /// computation. Tag-dictionary words are only described (their features still feed their neighbours').
    /// </summary>
    internal string[] CacheForms { get; }

    private (HashIndex, WordInfo[], int[], int[]) BuildCache(string[] forms)
    {
        var index = new HashIndex(forms.Length);
        var infos = new WordInfo[forms.Length];
        int s1 = weights1.Stride, s2 = weights2?.Stride ?? 0;
        int scored = 0;
        foreach (var form in forms) if (tagDict.Get(FeatureHash.Of(form)) < 0) scored++;
        var rows1 = new int[scored * s1];
        var rows2 = new int[scored * s2];
        Span<ulong> feats = stackalloc ulong[MaxFeatures];
        int entry = 0, row = 0;
        foreach (var form in forms)
        {
            ref var info = ref infos[entry];
            DescribeUncached(form, ref info);
            if (!index.TryAdd(info.Form, entry)) continue; // a duplicate
            entry++;
            if (info.Dict > 0) continue; // a tag-dictionary word: lexical features only, never scored
            info.Cached = row + 1;
            int nf = SelfFeatures(in info, feats);
            weights1.Score(feats[..nf], rows1.AsSpan(row * s1, s1));
            weights2?.Score(feats[..nf], rows2.AsSpan(row * s2, s2));
            row++;
        }
        return (index, infos[..entry], rows1[..(row * s1)], rows2[..(row * s2)]);
    }

    /// <summary>Joint tags "UPOS\tXPOS".</summary>
    internal string[] Tags { get; }
    internal UPos[] Upos { get; }
    internal string[] Xpos { get; }
    internal LinearModel Model => pass1.Model;
    /// <summary>Second pass: same features plus the first pass's tags to the right.</summary>
    internal LinearModel? Model2 => pass2?.Model;
    internal WordClusters Clusters { get; }
    internal ulong[] DictKeys { get; }
    internal int[] DictTags { get; }
    internal ulong[] AmbKeys { get; }
    internal int[] AmbIds { get; }

    /// <summary>Computes the lexical features of one word (clusters and ambiguity class included).</summary>
    internal void Describe(ReadOnlySpan<char> form, ref WordInfo info)
    {
        if (cacheInfo is { Length: > 0 })
        {
            int row = cacheIndex.Get(FeatureHash.Of(form));
            if (row >= 0)
            {
                info = cacheInfo[row];
                return;
            }
        }
        DescribeUncached(form, ref info);
    }

    private void DescribeUncached(ReadOnlySpan<char> form, ref WordInfo info)
    {
        WordInfo.Compute(form, Clusters, ref info);
        info.Amb = ambIndex.Get(info.Lower, 0);
        info.Cached = 0;
        info.Dict = tagDict.Get(info.Form) + 1;
    }

    internal int DictLookup(ulong formHash) => tagDict.Get(formHash);

    /// <summary>
    /// Pass-1 score margin (best minus second best, in quantized weight units) at or above which pass 2 keeps the
    /// pass-1 tag without rescoring the word; 0 rescores every word.
    /// </summary>
    public int SkipMargin { get; init; }

    /// <summary>Tags a sentence by the weights alone (as training does): writes joint tag ids into <paramref name="tags"/>.</summary>
    internal void Tag(ReadOnlySpan<WordInfo> words, Span<int> tags) => Tag(words, tags, constrain: false);

    /// <summary>
    /// Tags a sentence; with <paramref name="constrain"/> (the analyzer: analysis and evaluation) no word after a
    /// possessive ending is a finite verb (<see cref="BestAfterPossessive"/>). Training paths (jackknifed tags, dev scores
    /// while training) keep the weights alone, so the committed models' training commands still reproduce them.
    /// </summary>
    internal void Tag(ReadOnlySpan<WordInfo> words, Span<int> tags, bool constrain)
    {
        if (weights2 is null)
        {
            Pass(weights1, cache1, words, default, tags, default, constrain);
            return;
        }
        Span<int> first = words.Length <= 256 ? stackalloc int[words.Length] : new int[words.Length];
        Span<int> margin = words.Length <= 256 ? stackalloc int[words.Length] : new int[words.Length];
        Pass(weights1, cache1, words, default, first, margin, constrain);
        Pass(weights2, cache2, words, first, tags, margin, constrain);
    }

    /// <summary>The first pass alone, without the score cache or constraints (training: jackknifed taggers).</summary>
    internal void FirstPass(ReadOnlySpan<WordInfo> words, Span<int> tags) => Pass(weights1, [], words, default, tags, default, constrain: false);

    /// <summary>
    /// One greedy pass. Without <paramref name="right"/> it is pass 1 and records margins; with it, pass 2 skips confident
    /// words. <paramref name="cache"/> holds <paramref name="model"/>'s cached score rows (empty: none). With
    /// <paramref name="constrain"/>, a word after a possessive ending gets no finite-verb tag (<see cref="BestAfterPossessive"/>).
    /// </summary>
    private void Pass(TagWeights model, int[] cache, ReadOnlySpan<WordInfo> words, ReadOnlySpan<int> right, Span<int> tags, Span<int> margins, bool constrain)
    {
        Span<ulong> feats = stackalloc ulong[MaxFeatures];
        Span<int> scores = stackalloc int[model.Stride * 2];
        bool second = !right.IsEmpty;
        int skip = SkipMargin;
        int stride = model.Stride;
        for (int i = 0; i < words.Length; i++)
        {
            int d = words[i].Dict - 1;
            if (d >= 0) { tags[i] = d; continue; }
            if (second && skip > 0 && !margins.IsEmpty && margins[i] >= skip) { tags[i] = right[i]; continue; }
            int p1 = i > 0 ? tags[i - 1] : -1, p2 = i > 1 ? tags[i - 2] : -1;
            int nf;
            int cached = words[i].Cached - 1;
            if (cached >= 0 && cache.Length > 0)
            {
                cache.AsSpan(cached * stride, stride).CopyTo(scores);
                nf = ContextFeatures(words, i, p1, p2, right, feats);
            }
            else
            {
                scores.Clear();
                nf = Features(words, i, p1, p2, right, feats);
            }
            model.Score(feats[..nf], scores);
            int best = model.Best(scores, out int margin);
            if (constrain && p1 >= 0 && possessive[p1] && finiteVerb[best]) best = BestAfterPossessive(scores, out margin);
            tags[i] = best;
            if (!second && !margins.IsEmpty) margins[i] = margin;
        }
    }

    /// <summary>
    /// The best tag that is no finite lexical verb: a possessive ending ("Athens' claim", "Kenya's appeal") is followed by
    /// what it possesses, and in EWT and GUM train a VERB tagged VBD, VBP or VBZ follows one twice in 1 400 times, both
    /// annotation slips (an auxiliary after an elided head, "Sam's is", stays possible).
    /// </summary>
    private int BestAfterPossessive(Span<int> scores, out int margin)
    {
        for (int c = 0; c < Tags.Length; c++)
            if (finiteVerb[c]) scores[c] = int.MinValue / 2; // below any real score, and the margin cannot overflow
        return TagWeights.BestScalar(scores, Tags.Length, out margin);
    }

    internal WordInfo[] Prepare(IReadOnlyList<string> forms)
    {
        var infos = new WordInfo[forms.Count];
        for (int i = 0; i < infos.Length; i++) Describe(forms[i], ref infos[i]);
        return infos;
    }

    /// <summary>All features of word <paramref name="i"/>: <see cref="SelfFeatures"/> then <see cref="ContextFeatures"/>.</summary>
    internal static int Features(ReadOnlySpan<WordInfo> w, int i, int p1, int p2, ReadOnlySpan<int> right, Span<ulong> f)
    {
        int n = SelfFeatures(in w[i], f);
        return n + ContextFeatures(w, i, p1, p2, right, f[n..]);
    }

    /// <summary>The features that depend on the word alone (bias, form, affixes, shape, cluster, ambiguity class): cacheable per form.</summary>
    internal static int SelfFeatures(in WordInfo x, Span<ulong> f)
    {
        int n = 0;
        int cl = x.Cluster;
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
        if (cl != 0)
        {
            f[n++] = FeatureHash.F(25, (ulong)WordClusters.Prefix(cl, 4));
            f[n++] = FeatureHash.F(26, (ulong)WordClusters.Prefix(cl, 7));
            f[n++] = FeatureHash.F(27, (ulong)WordClusters.Prefix(cl, 10));
            f[n++] = FeatureHash.F(28, (ulong)cl);
        }
        else
        {
            f[n++] = FeatureHash.F(35, x.Shape, x.S3);
        }
        f[n++] = FeatureHash.F(50, (ulong)x.Amb);
        return n;
    }

    /// <summary>The features that depend on the position, the neighbours or the tags already given.</summary>
    internal static int ContextFeatures(ReadOnlySpan<WordInfo> w, int i, int p1, int p2, ReadOnlySpan<int> right, Span<ulong> f)
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
        if (cl != 0) f[n++] = FeatureHash.F(34, t1, (ulong)WordClusters.Prefix(cl, 7));
        f[n++] = FeatureHash.F(29, (ulong)WordClusters.Prefix(clm1, 7));
        f[n++] = FeatureHash.F(30, (ulong)WordClusters.Prefix(clp1, 7));
        f[n++] = FeatureHash.F(31, (ulong)clp1);
        f[n++] = FeatureHash.F(36, (ulong)clm1);
        ulong a0 = (ulong)x.Amb, a1 = i + 1 < w.Length ? (ulong)w[i + 1].Amb : 99999, a2 = i + 2 < w.Length ? (ulong)w[i + 2].Amb : 99999;
        ulong am1 = i > 0 ? (ulong)w[i - 1].Amb : 99999;
        f[n++] = FeatureHash.F(51, a1);
        f[n++] = FeatureHash.F(52, a2);
        f[n++] = FeatureHash.F(53, a0, a1);
        f[n++] = FeatureHash.F(54, t1, a0);
        f[n++] = FeatureHash.F(55, a1, x.Lower);
        f[n++] = FeatureHash.F(56, t1, a0, a1);
        f[n++] = FeatureHash.F(57, am1, a0);
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

    /// <summary>A copy with low-weight features dropped (see <see cref="LinearModel.Prune"/>).</summary>
    public PosTagger Prune(float fraction) => new(Tags, Model.Prune(fraction), Model2?.Prune(fraction), Clusters, DictKeys, DictTags, AmbKeys, AmbIds, CacheForms) { SkipMargin = SkipMargin };

    /// <summary>A copy with another <see cref="SkipMargin"/>.</summary>
    public PosTagger WithSkipMargin(int margin) => new(Tags, pass1, pass2, Clusters, DictKeys, DictTags, AmbKeys, AmbIds, CacheForms) { SkipMargin = margin };

    /// <summary>A copy whose score cache holds <paramref name="forms"/> (see <see cref="CacheForms"/>; empty: no cache).</summary>
    public PosTagger WithCache(IEnumerable<string> forms) => new(Tags, pass1, pass2, Clusters, DictKeys, DictTags, AmbKeys, AmbIds, forms.ToArray()) { SkipMargin = SkipMargin };

    internal void Write(BinaryWriter w)
    {
        ModelFile.WriteStrings(w, Tags);
        w.Write(DictKeys.Length);
        for (int i = 0; i < DictKeys.Length; i++) { w.Write(DictKeys[i]); w.Write(DictTags[i]); }
        Clusters.Write(w);
        Model.Write(w);
        w.Write(Model2 is not null);
        Model2?.Write(w);
        w.Write(AmbKeys.Length);
        for (int i = 0; i < AmbKeys.Length; i++) { w.Write(AmbKeys[i]); w.Write(AmbIds[i]); }
        w.Write(SkipMargin);
        ModelFile.WriteStrings(w, CacheForms); // format version 2
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
        var model = PassModel.Read(r);
        var model2 = r.ReadBoolean() ? PassModel.Read(r) : null;
        int na = r.ReadInt32();
        if (na < 0 || na > 10_000_000) throw new InvalidDataException("implausible ambiguity-class count");
        var ak = new ulong[na];
        var ai = new int[na];
        for (int i = 0; i < na; i++) { ak[i] = r.ReadUInt64(); ai[i] = r.ReadInt32(); }
        int skip = ModelFile.HasTrailing(r) ? r.ReadInt32() : 0;
        var cache = ModelFile.HasTrailing(r) ? ModelFile.ReadStrings(r) : null;
        return new PosTagger(tags, model, model2, clusters, k, t, ak, ai, cache) { SkipMargin = skip };
    }
}

/// <summary>Trains a <see cref="PosTagger"/>.</summary>
public static class PosTaggerTrainer
{
    /// <param name="embeddingClusters">Optional word → encoded path table (<c>attest train embeddings</c>): words the
    /// induced clusters leave out (rare and unseen words) take their embedding cluster, in a namespace of its own
    /// (<see cref="WordClusters.Merge"/>).</param>
    /// <param name="seeds">Train this many perceptrons per pass (shuffle seeds <paramref name="seed"/>, <paramref name="seed"/> + 100, …;
    /// one cluster induction, with <paramref name="seed"/>) and average their weights: a score-level ensemble in one model.</param>
    public static PosTagger Train(IReadOnlyList<ConlluSentence> train, IReadOnlyList<ConlluSentence>? dev, int epochs, int seed, TextWriter log, bool twoPass = true, float pruneBelow = 0f,
        IReadOnlyList<(string Word, int Path)>? embeddingClusters = null, int seeds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
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
        var induced = clusters;
        var embedding = embeddingClusters is null ? null : WordClusters.FromTable(embeddingClusters);
        if (embedding is not null)
        {
            clusters = WordClusters.Merge(clusters, embedding);
            log.WriteLine($"tagger: {clusters.Keys.Length} clustered words with the embedding clusters");
        }

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
        var lowerCounts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (word, c) in counts)
        {
            var low = word.ToLowerInvariant();
            if (!lowerCounts.TryGetValue(low, out var lc)) lowerCounts[low] = lc = new int[tagList.Count];
            for (int j = 0; j < c.Length; j++) lc[j] += c[j];
        }
        var ambClassIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var ambKeyList = new List<ulong>();
        var ambIdList = new List<int>();
        foreach (var (word, c) in lowerCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            int total = c.Sum();
            if (total < 2) continue;
            var cls = string.Join(",", Enumerable.Range(0, c.Length).Where(j => c[j] > 0 && c[j] >= total * 0.01));
            if (!ambClassIds.TryGetValue(cls, out int id)) ambClassIds[cls] = id = ambClassIds.Count + 1;
            ambKeyList.Add(FeatureHash.Of(word));
            ambIdList.Add(id);
        }
        var ambKeys = ambKeyList.ToArray();
        var ambIds = ambIdList.ToArray();
        log.WriteLine($"tagger: {ambKeys.Length} words in {ambClassIds.Count} ambiguity classes");

        var tags = tagList.ToArray();
        var empty = LinearModel.Empty(tags.Length);
        var shell = new PosTagger(tags, empty, null, clusters, dictKeys.ToArray(), dictTags.ToArray(), ambKeys, ambIds);
        var infos = forms.Select(f => shell.Prepare(f)).ToArray();
        if (embedding is not null) HideInducedClusters(infos, induced, embedding, seed, log);
        var all = Enumerable.Range(0, forms.Count).ToArray();
        var pass1Training = TrainPasses(shell, infos, gold, null, all, epochs, seed, seeds, dev, "pass 1", log);
        var pass1 = pass1Training.Build(pruneBelow);
        if (!twoPass) return new PosTagger(tags, pass1, null, clusters, dictKeys.ToArray(), dictTags.ToArray(), ambKeys, ambIds);
        // jackknifed first-pass tags for the second pass
        const int folds = 4;
        var right = new int[forms.Count][];
        for (int fold = 0; fold < folds; fold++)
        {
            var trainIdx = all.Where(i => i % folds != fold).ToArray();
            var m = TrainPasses(shell, infos, gold, null, trainIdx, epochs, seed + fold + 1, seeds, null, $"fold {fold}", log).Build(0f);
            var tagger = new PosTagger(tags, m, null, clusters, dictKeys.ToArray(), dictTags.ToArray(), ambKeys, ambIds);
            foreach (int i in all.Where(i => i % folds == fold))
            {
                right[i] = new int[infos[i].Length];
                tagger.FirstPass(infos[i], right[i]);
            }
        }
        var pass2Training = TrainPasses(shell, infos, gold, right, all, epochs, seed, seeds, null, "pass 2", log);
        if (dev is not null)
            foreach (var p in new[] { 0.001f, 0.003f, 0.01f })
            {
                var t = new PosTagger(tags, pass1Training.Build(p), pass2Training.Build(p), clusters, dictKeys.ToArray(), dictTags.ToArray(), ambKeys, ambIds);
                var (pu, px) = Evaluate(t, dev);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tagger prune {p}: features {t.Model.FeatureCount}+{t.Model2!.FeatureCount} dev upos {pu:F2} xpos {px:F2}"));
            }
        var pass2 = pass2Training.Build(pruneBelow);
        var result = new PosTagger(tags, pass1, pass2, clusters, dictKeys.ToArray(), dictTags.ToArray(), ambKeys, ambIds);
        result = result.WithCache(CacheVocabulary(result, train, DefaultCacheSize));
        if (dev is not null)
        {
            var (u, x) = Evaluate(result, dev);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tagger two-pass: dev upos {u:F2} xpos {x:F2}"));
        }
        return result;
    }

    /// <summary>Share of the training words with an induced cluster that show their embedding cluster instead.</summary>
    public const double EmbeddingDropout = 0.1;

    /// <summary>
    /// Word dropout for the embedding clusters: a seeded tenth of the training tokens that have both an induced and an
    /// embedding cluster show the embedding one (marked 1), so the weights of that namespace, which tagging uses for
    /// words outside the induced clusters, are learned from frequent words as well as from the few rare ones.
    /// </summary>
    private static void HideInducedClusters(WordInfo[][] infos, WordClusters induced, WordClusters embedding, int seed, TextWriter log)
    {
        var rng = new Random(unchecked(seed * 7919 + 17));
        int hidden = 0;
        foreach (var sentence in infos)
            for (int i = 0; i < sentence.Length; i++)
            {
                if (induced.Get(sentence[i].Lower) == 0 || embedding.Get(sentence[i].Lower) is not (> 0 and var path)) continue;
                if (rng.NextDouble() >= EmbeddingDropout) continue;
                sentence[i].Cluster = WordClusters.Mark(path, 1);
                hidden++;
            }
        log.WriteLine($"tagger: {hidden} training tokens show their embedding cluster instead of their induced one");
    }

    /// <summary>The perceptrons of one pass trained with shuffle seeds <paramref name="seed"/> (the one
    /// <see cref="TrainPass"/> would use), then seed + 100, seed + 200, … (apart from the folds' seed + 1 … + 4).</summary>
    private sealed class PassEnsemble(List<AveragedPerceptron> runs)
    {
        public LinearModel Build(float pruneBelow) =>
            runs.Count == 1 ? runs[0].Build(pruneBelow) : LinearModel.Average(runs.Select(r => r.Build(pruneBelow)).ToList());
    }

    private static PassEnsemble TrainPasses(PosTagger shell, WordInfo[][] infos, List<int[]> gold, int[][]? right, int[] sentences, int epochs, int seed, int seeds,
        IReadOnlyList<ConlluSentence>? dev, string name, TextWriter log)
    {
        var runs = new List<AveragedPerceptron>(seeds);
        for (int k = 0; k < seeds; k++)
            runs.Add(TrainPass(shell, infos, gold, right, sentences, epochs, seed + 100 * k, dev, seeds == 1 ? name : $"{name} seed {seed + 100 * k}", log));
        return new PassEnsemble(runs);
    }

    private static AveragedPerceptron TrainPass(PosTagger shell, WordInfo[][] infos, List<int[]> gold, int[][]? right, int[] sentences, int epochs, int seed, IReadOnlyList<ConlluSentence>? dev, string name, TextWriter log)
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
                var t = new PosTagger(shell.Tags, perceptron.Build(), null, shell.Clusters, shell.DictKeys, shell.DictTags, shell.AmbKeys, shell.AmbIds);
                var (u, x) = Evaluate(t, dev);
                devScore = string.Create(CultureInfo.InvariantCulture, $" dev upos {u:F2} xpos {x:F2}");
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tagger {name} epoch {epoch}: train acc {100.0 * correct / total:F2} features {perceptron.FeatureCount}{devScore}"));
        }
        return perceptron;
    }

    /// <summary>Default size of the score cache written with a trained tagger (see <see cref="PosTagger.CacheForms"/>).</summary>
    public const int DefaultCacheSize = 8000;

    /// <summary>
    /// The <paramref name="size"/> most frequent forms of <paramref name="sentences"/> seen at least <paramref name="minCount"/>
    /// times that the tagger's tag dictionary does not settle (ties broken by ordinal order, so the list is deterministic),
    /// then every form of <paramref name="sentences"/> the tag dictionary settles (in ordinal order), whose lexical features
    /// are cached without a score row; empty when <paramref name="size"/> is 0.
    /// </summary>
    public static string[] CacheVocabulary(PosTagger tagger, IReadOnlyList<ConlluSentence> sentences, int size, int minCount = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (size == 0) return [];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sentences)
            foreach (var w in s.Words)
                counts[w.Form] = counts.GetValueOrDefault(w.Form) + 1;
        var scored = counts
            .Where(kv => kv.Value >= minCount && tagger.DictLookup(FeatureHash.Of(kv.Key)) < 0)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(size).Select(kv => kv.Key);
        var settled = counts.Keys.Where(f => tagger.DictLookup(FeatureHash.Of(f)) >= 0).Order(StringComparer.Ordinal);
        return scored.Concat(settled).ToArray();
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
