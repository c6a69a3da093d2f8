using System.Globalization;

namespace Attest.Syntax;

/// <summary>Per-word inputs of the parser: hashed lowercase form, XPOS, UPOS, word cluster and embedding cluster (0 when unknown or absent).</summary>
internal struct ParseWord
{
    public ulong Word, Tag, Upos;
    public int Cluster;
    /// <summary>Encoded bit path of the word in the parser's embedding-cluster table (feature set 4), 0 when unknown.</summary>
    public int Emb;

    public static ParseWord From(ReadOnlySpan<char> form, string xpos, UPos upos, WordClusters? clusters, WordClusters? embeddings = null)
    {
        var w = FeatureHash.OfLower(form);
        return new ParseWord { Word = w, Tag = FeatureHash.Of(xpos), Upos = (ulong)upos + 1, Cluster = clusters?.Get(w) ?? 0, Emb = embeddings?.Get(w) ?? 0 };
    }
}

/// <summary>
/// Feature templates (by id: transitions 100–299, attach labeller 400–499) that a parser leaves out at inference, as
/// a bit set; the default value leaves none out. Chosen after training on dev data (templates whose removal barely
/// changes any decision cost lookups and hashing in every scored state), stored in the parser file.
/// </summary>
internal readonly struct TemplateMask
{
    /// <summary>Template ids are below this.</summary>
    public const int Limit = 512;

    [System.Runtime.CompilerServices.InlineArray(Limit / 64)]
    private struct Bits
    {
        private ulong first;
    }

    // inline bits (no array): a test of a constant template id is one load and a bit test
    private readonly Bits skipped;

    public TemplateMask(IEnumerable<int> ids)
    {
        foreach (int t in ids)
        {
            if (t < 0 || t >= Limit) throw new ArgumentOutOfRangeException(nameof(ids), t, $"template ids are 0–{Limit - 1}");
            skipped[t >> 6] |= 1UL << (t & 63);
        }
    }

    /// <summary>Whether template <paramref name="t"/> (0 ≤ t &lt; <see cref="Limit"/>) is used.</summary>
    /// <remarks>
    /// The word is read without the inline array's span (whose bounds check and helper call the JIT left out of line in
    /// the large feature functions): for the constant ids of the feature functions the range test folds away and the
    /// test is one load and a bit test.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool Keep(int t)
    {
        if ((uint)t >= Limit) ThrowOutOfRange(t);
        ulong word = System.Runtime.CompilerServices.Unsafe.Add(
            ref System.Runtime.CompilerServices.Unsafe.As<Bits, ulong>(ref System.Runtime.CompilerServices.Unsafe.AsRef(in skipped)), t >> 6);
        return (word & (1UL << (t & 63))) == 0;
    }

    private static void ThrowOutOfRange(int t) => throw new ArgumentOutOfRangeException(nameof(t), t, $"template ids are 0–{Limit - 1}");

    public bool IsEmpty => ((ReadOnlySpan<ulong>)skipped).IndexOfAnyExcept(0UL) < 0;

    /// <summary>The skipped ids, ascending.</summary>
    public int[] Ids()
    {
        var ids = new List<int>();
        for (int t = 0; t < Limit; t++) if (!Keep(t)) ids.Add(t);
        return [.. ids];
    }
}

/// <summary>What the transition and attach features read of one position (see <see cref="ArcHybridState.View"/>).</summary>
internal struct WordView
{
    public ulong Word, Tag, Upos, C10, E4, E8, E12;

    public static WordView Of(in ParseWord w) => new()
    {
        Word = w.Word, Tag = w.Tag, Upos = w.Upos, C10 = (ulong)WordClusters.Prefix(w.Cluster, 10),
        E4 = (ulong)WordClusters.Prefix(w.Emb, 4), E8 = (ulong)WordClusters.Prefix(w.Emb, 8), E12 = (ulong)WordClusters.Prefix(w.Emb, 12),
    };

    /// <summary>The empty-position or root marker in every field.</summary>
    public static WordView Marker(ulong m) => new() { Word = m, Tag = m, Upos = m, C10 = m, E4 = m, E8 = m, E12 = m };
}

/// <summary>
/// Arc-hybrid transition system (Kuhlmann et al. 2011) with the root on the stack bottom. Words are 0..n-1, the root is n.
/// SHIFT pushes b0; LEFT makes b0 the head of s0 and pops; RIGHT makes s1 the head of s0 and pops. RIGHT onto the root
/// is only allowed once the buffer is empty, so each tree has exactly one root dependent.
/// </summary>
internal sealed class ArcHybridState
{
    public const int Shift = 0, Left = 1, Right = 2;
    public readonly int[] Stack;
    public readonly int[] Heads;
    public readonly int[] Lc1, Lc2, Rc1, Rc2, NLeft, NRight;
    /// <summary>Label id given to each attached word (-1 while unattached or unlabelled).</summary>
    public readonly int[] Labels;
    /// <summary>Bit sets of the label ids (mod 64) of each word's left and right dependents.</summary>
    public readonly ulong[] LeftLabelSet, RightLabelSet;
    /// <summary>Number of punctuation words (UPOS PUNCT) and of verbs (UPOS VERB) before each position (prefix counts; zero after <see cref="Reset(int)"/>).</summary>
    public readonly int[] PunctBefore, VerbBefore;
    /// <summary>
    /// Parsing scratch: per stack position (<see cref="DependencyParser.RoleS0"/>…) and word (index + 1, so -1 fits),
    /// the transition scores of the word's single-word templates there (three per entry), and whether they are set
    /// (cleared by <see cref="Reset(int)"/>).
    /// </summary>
    public readonly int[] RoleScores;
    public readonly bool[] RoleScored;
    /// <summary>Entries per stack position in <see cref="RoleScored"/> (capacity + 2).</summary>
    public readonly int RoleStride;
    public int Sp;
    public int B;
    public int N;

    /// <summary>
    /// The values the feature functions read for positions -1 (empty) … n (the root), at index position + 1: word,
    /// tag, UPOS, 10-bit cluster and 4/8/12-bit embedding-cluster prefixes, with the empty and root markers filled in
    /// (the same values as the per-call checks gave, without their branches). Filled by <see cref="Reset(ReadOnlySpan{ParseWord})"/>.
    /// </summary>
    public readonly WordView[] View;

    public ArcHybridState(int capacity)
    {
        View = new WordView[capacity + 2];
        Stack = new int[capacity + 1];
        Heads = new int[capacity + 1];
        Lc1 = new int[capacity + 1];
        Lc2 = new int[capacity + 1];
        Rc1 = new int[capacity + 1];
        Rc2 = new int[capacity + 1];
        NLeft = new int[capacity + 1];
        NRight = new int[capacity + 1];
        Labels = new int[capacity + 1];
        LeftLabelSet = new ulong[capacity + 1];
        RightLabelSet = new ulong[capacity + 1];
        PunctBefore = new int[capacity + 2];
        VerbBefore = new int[capacity + 2];
        RoleStride = capacity + 2;
        RoleScored = new bool[DependencyParser.Roles * RoleStride];
        RoleScores = new int[DependencyParser.Roles * RoleStride * 3];
    }

    /// <summary>Resets for a sentence and fills the punctuation and verb prefix counts the in-between features read.</summary>
    public void Reset(ReadOnlySpan<ParseWord> words)
    {
        int n = words.Length;
        Reset(n);
        View[0] = WordView.Marker(DependencyParser.NoneF);
        for (int i = 0; i < n; i++) View[i + 1] = WordView.Of(words[i]);
        View[n + 1] = WordView.Marker(DependencyParser.RootF);
        const ulong Punct = (ulong)UPos.PUNCT + 1, Verb = (ulong)UPos.VERB + 1;
        int p = 0, v = 0;
        for (int i = 0; i < n; i++)
        {
            PunctBefore[i] = p;
            VerbBefore[i] = v;
            if (words[i].Upos == Punct) p++;
            else if (words[i].Upos == Verb) v++;
        }
        PunctBefore[n] = p;
        VerbBefore[n] = v;
    }

    /// <summary>How many words strictly between positions a &lt; b (both words, not the root) the prefix counts count, capped at <paramref name="cap"/>; 99 when undefined.</summary>
    public ulong Between(int[] prefix, int a, int b, int cap)
    {
        if (a < 0 || b < 0 || a >= N || b >= N || a >= b) return 99;
        return (ulong)Math.Min(prefix[b] - prefix[a + 1], cap);
    }

    public void Reset(int n)
    {
        N = n;
        Sp = 0;
        Stack[Sp++] = n;
        B = 0;
        for (int i = 0; i <= n; i++)
        {
            PunctBefore[i] = VerbBefore[i] = 0;
            Heads[i] = -1;
            Lc1[i] = Lc2[i] = Rc1[i] = Rc2[i] = -1;
            NLeft[i] = NRight[i] = 0;
            Labels[i] = -1;
            LeftLabelSet[i] = RightLabelSet[i] = 0;
        }
        for (int r = 0; r < DependencyParser.Roles; r++) Array.Clear(RoleScored, r * RoleStride, n + 2);
    }

    public bool Terminal => B == N && Sp == 1;
    public int S0 => Sp > 0 ? Stack[Sp - 1] : -1;
    public int S1 => Sp > 1 ? Stack[Sp - 2] : -1;
    public int S2 => Sp > 2 ? Stack[Sp - 3] : -1;

    public bool IsLegal(int t) => t switch
    {
        Shift => B < N,
        Left => Sp >= 2 && B < N,
        _ => Sp >= 2 && (Stack[Sp - 2] != N || B == N),
    };

    /// <summary>The only legal transition when exactly one is legal (SHIFT onto a stack holding only the root, RIGHT once the buffer is empty), else -1.</summary>
    public int OnlyLegal()
    {
        if (Sp < 2) return B < N ? Shift : -1;
        return B == N ? Right : -1;
    }

    /// <summary>The (head, dependent) pair transition t would attach, or (-1, -1) for SHIFT.</summary>
    public (int Head, int Dependent) ArcOf(int t) => t switch
    {
        Shift => (-1, -1),
        Left => (B, Stack[Sp - 1]),
        _ => (Stack[Sp - 2], Stack[Sp - 1]),
    };

    public void Apply(int t, int label)
    {
        Apply(t);
        if (t == Shift) return;
        int d = Stack[Sp]; // the popped dependent is left just above the stack top
        Labels[d] = label;
        if (label >= 0)
        {
            int h = Heads[d];
            if (d < h) LeftLabelSet[h] |= 1UL << (label & 63);
            else RightLabelSet[h] |= 1UL << (label & 63);
        }
    }

    public void Apply(int t)
    {
        switch (t)
        {
            case Shift:
                Stack[Sp++] = B++;
                break;
            case Left:
                AddArc(B, Stack[--Sp]);
                break;
            default:
                int d = Stack[--Sp];
                AddArc(Stack[Sp - 1], d);
                break;
        }
    }

    private void AddArc(int h, int d)
    {
        Heads[d] = h;
        if (d < h)
        {
            NLeft[h]++;
            if (Lc1[h] < 0 || d < Lc1[h]) { Lc2[h] = Lc1[h]; Lc1[h] = d; }
            else if (Lc2[h] < 0 || d < Lc2[h]) Lc2[h] = d;
        }
        else
        {
            NRight[h]++;
            if (Rc1[h] < 0 || d > Rc1[h]) { Rc2[h] = Rc1[h]; Rc1[h] = d; }
            else if (Rc2[h] < 0 || d > Rc2[h]) Rc2[h] = d;
        }
    }

    /// <summary>Dynamic-oracle cost (Goldberg and Nivre 2013): gold arcs made unreachable by transition t. Gold heads use n for the root.</summary>
    public int Cost(int t, ReadOnlySpan<int> gold)
    {
        int s0 = S0;
        int cost = 0;
        switch (t)
        {
            case Shift:
            {
                int b = B;
                for (int k = 0; k < Sp; k++)
                {
                    int x = Stack[k];
                    if (x < N && gold[x] == b) cost++;
                    if (k < Sp - 1 && gold[b] == x) cost++;
                }
                return cost;
            }
            case Left:
            {
                int h = gold[s0];
                if (h != B && (h == S1 || h > B && h < N)) cost++;
                for (int d = B; d < N; d++) if (gold[d] == s0) cost++;
                return cost;
            }
            default:
            {
                int h = gold[s0];
                if (h != S1 && h >= B && h < N) cost++;
                for (int d = B; d < N; d++) if (gold[d] == s0) cost++;
                return cost;
            }
        }
    }
}

/// <summary>
/// Greedy arc-hybrid dependency parser (averaged perceptron, dynamic oracle) plus an arc labeller that assigns UD relations
/// to the finished tree left to right. Immutable and thread-safe.
/// </summary>
public sealed class DependencyParser
{
    internal const int MaxFeatures = 160;
    internal const int MaxLabelFeatures = 40;

    /// <summary>
    /// Newest feature set (<see cref="FeatureSet"/>): 1 = the original templates, 2 = + label sets, UPOS and cluster
    /// combinations, 3 = + punctuation and verbs between s1 and s0, s0 and b0 (and between head and dependent for labels),
    /// 4 = set 2 (not 3) + 16 embedding-cluster templates of s0, s1, b0, b1 (and 5 of the dependent and head for labels),
    /// 5 = set 2 + the 7 + 3 of those templates that cost least (a faster variant of 4). Sets 4 and 5 need an
    /// embedding-cluster table (<see cref="EmbeddingClusters"/>), stored in the model file.
    /// </summary>
    public const int LatestFeatureSet = 5;

    /// <summary>The first feature set that reads <see cref="EmbeddingClusters"/> (every later set does too).</summary>
    public const int EmbeddingFeatureSet = 4;

    /// <summary>Whether feature set <paramref name="featureSet"/> reads an embedding-cluster table.</summary>
    public static bool UsesEmbeddings(int featureSet) => featureSet >= EmbeddingFeatureSet;

    /// <summary>Feature set the trainer uses unless told otherwise: 2 (set 3 scored no better on EWT dev and costs 10 more templates).</summary>
    public const int DefaultFeatureSet = 2;

    internal DependencyParser(LinearModel arcs, LinearModel attachLabeller, LinearModel labeller, string[] labels, WordClusters clusters, int featureSet = 1, WordClusters? embeddings = null, TemplateMask skipped = default)
    {
        if (featureSet < 1 || featureSet > LatestFeatureSet) throw new InvalidDataException($"parser feature set {featureSet} is unknown to this build (it knows 1–{LatestFeatureSet})");
        if (UsesEmbeddings(featureSet) != (embeddings is not null))
            throw new InvalidDataException(UsesEmbeddings(featureSet)
                ? $"parser feature set {featureSet} needs an embedding-cluster table and this model has none"
                : $"parser feature set {featureSet} does not use an embedding-cluster table, but this model has one");
        FeatureSet = featureSet;
        EmbeddingClusters = embeddings;
        AttachLabeller = attachLabeller;
        Arcs = arcs;
        Labeller = labeller;
        Labels = labels;
        Clusters = clusters;
        RootLabel = Array.IndexOf(labels, "root");
        var ids = skipped.Ids();
        if (ids.Length > 0 && UnknownTemplate(featureSet, ids) is int t)
            throw new InvalidDataException($"parser skips template {t}, which feature set {featureSet} does not have");
        Skipped = skipped;
    }

    /// <summary>Templates left out at inference (see <see cref="TemplateMask"/>); empty for a parser as trained.</summary>
    internal TemplateMask Skipped { get; }

    /// <summary>The template ids left out at inference, ascending (none for a parser as trained).</summary>
    public IReadOnlyList<int> SkippedTemplates => Skipped.Ids();

    /// <summary>A copy that leaves out the given transition and attach-labeller templates at inference (replacing any earlier choice).</summary>
    public DependencyParser WithSkippedTemplates(IEnumerable<int> ids) =>
        new(Arcs, AttachLabeller, Labeller, Labels, Clusters, FeatureSet, EmbeddingClusters, new TemplateMask(ids)) { UseAttachLabels = UseAttachLabels };

    /// <summary>The first of <paramref name="ids"/> that is neither a transition nor an attach-labeller template of the feature set; null when all are.</summary>
    public static int? UnknownTemplate(int featureSet, IEnumerable<int> ids)
    {
        var known = TransitionTemplates(featureSet).Concat(AttachTemplates(featureSet)).ToHashSet();
        foreach (int t in ids)
            if (!known.Contains(t)) return t;
        return null;
    }

    /// <summary>Ids of the transition templates of a feature set, in the order <see cref="ArcFeatures"/> gives them.</summary>
    public static IReadOnlyList<int> TransitionTemplates(int featureSet) =>
        ProbeTemplates(featureSet, (ReadOnlySpan<ParseWord> words, ArcHybridState st, Span<ulong> f, in TemplateMask keep) => ArcFeatures(words, st, f, featureSet, keep: keep));

    /// <summary>Ids of the attach-labeller templates of a feature set, in the order <see cref="AttachFeatures"/> gives them.</summary>
    public static IReadOnlyList<int> AttachTemplates(int featureSet) =>
        ProbeTemplates(featureSet, (ReadOnlySpan<ParseWord> words, ArcHybridState st, Span<ulong> f, in TemplateMask keep) => AttachFeatures(words, st, 1, 0, f, featureSet, keep));

    private delegate int FeatureProbe(ReadOnlySpan<ParseWord> words, ArcHybridState state, Span<ulong> f, in TemplateMask keep);

    /// <summary>The templates a feature function emits: every template gives exactly one feature in every state, so
    /// leaving one out shortens the list by one exactly when the function has it.</summary>
    private static int[] ProbeTemplates(int featureSet, FeatureProbe features)
    {
        if (featureSet < 1 || featureSet > LatestFeatureSet) throw new ArgumentOutOfRangeException(nameof(featureSet), featureSet, "unknown feature set");
        var words = new ParseWord[2];
        var st = new ArcHybridState(2);
        st.Reset(words);
        var f = new ulong[MaxFeatures];
        int all = features(words, st, f, default);
        var full = f[..all];
        var found = new List<(int Position, int Id)>();
        for (int t = 0; t < TemplateMask.Limit; t++)
        {
            if (features(words, st, f, new TemplateMask([t])) != all - 1) continue;
            // the template's place: the first feature the shorter list lacks (hashes of different templates differ)
            int k = 0;
            while (k < all - 1 && f[k] == full[k]) k++;
            found.Add((k, t));
        }
        return [.. found.OrderBy(x => x.Position).Select(x => x.Id)];
    }

    internal LinearModel Arcs { get; }
    /// <summary>Embedding-cluster table (hashed lowercase word → bit path) read by feature set 4; null for other sets.</summary>
    internal WordClusters? EmbeddingClusters { get; }
    /// <summary>Feature templates the model was trained with (stored in the model file).</summary>
    public int FeatureSet { get; }
    internal LinearModel Labeller { get; }
    /// <summary>Output the labels given as arcs are made instead of the post-hoc labeller's (chosen on dev at training time).</summary>
    public bool UseAttachLabels { get; init; }
    /// <summary>Labels arcs as they are made (dependent subtree complete), so transition features can use labels.</summary>
    internal LinearModel AttachLabeller { get; }

    internal int AttachLabel(ReadOnlySpan<ParseWord> words, ArcHybridState state, int t, Span<ulong> feats, Span<int> scores)
    {
        var (h, d) = state.ArcOf(t);
        if (h == state.N && RootLabel >= 0) return RootLabel;
        int nf = AttachFeatures(words, state, h, d, feats, FeatureSet, Skipped);
        scores.Clear();
        AttachLabeller.Score(feats[..nf], scores);
        int best = -1;
        for (int c = 0; c < AttachLabeller.Classes; c++)
            if (c != RootLabel && (best < 0 || scores[c] > scores[best])) best = c;
        return best;
    }

    internal static int AttachFeatures(ReadOnlySpan<ParseWord> w, ArcHybridState st, int h, int d, Span<ulong> f, int featureSet, in TemplateMask keep = default)
    {
        int n = 0;
        int N = st.N;
        var v = st.View;
        ulong dw = w[d].Word, dt = w[d].Tag, du = w[d].Upos;
        ulong hw = v[h + 1].Word, ht = v[h + 1].Tag, hu = v[h + 1].Upos;
        ulong dir = d < h ? 0UL : 1UL;
        ulong dist = h == N ? 99 : (ulong)Bucket(Math.Abs(d - h));
        int lc = st.Lc1[d], rc = st.Rc1[d];
        int sib = d < h ? st.Lc1[h] : st.Rc1[h];
        ulong sibl = Lab(st, sib);
        ulong pt = d > 0 ? w[d - 1].Tag : NoneF, nt = d + 1 < w.Length ? w[d + 1].Tag : NoneF;
        if (keep.Keep(400)) f[n++] = FeatureHash.F(400, 0);
        if (keep.Keep(401)) f[n++] = FeatureHash.F(401, dw);
        if (keep.Keep(402)) f[n++] = FeatureHash.F(402, dt);
        if (keep.Keep(403)) f[n++] = FeatureHash.F(403, du, dir);
        if (keep.Keep(404)) f[n++] = FeatureHash.F(404, hw);
        if (keep.Keep(405)) f[n++] = FeatureHash.F(405, ht);
        if (keep.Keep(406)) f[n++] = FeatureHash.F(406, ht, dt, dir);
        if (keep.Keep(407)) f[n++] = FeatureHash.F(407, hw, dt, dir);
        if (keep.Keep(408)) f[n++] = FeatureHash.F(408, ht, dw, dir);
        if (keep.Keep(409)) f[n++] = FeatureHash.F(409, hw, dw);
        if (keep.Keep(410)) f[n++] = FeatureHash.F(410, dt, dir, dist);
        if (keep.Keep(411)) f[n++] = FeatureHash.F(411, hu, du, dir);
        if (keep.Keep(412)) f[n++] = FeatureHash.F(412, v[lc + 1].Word, dt);
        if (keep.Keep(413)) f[n++] = FeatureHash.F(413, v[lc + 1].Tag, Lab(st, lc), dt);
        if (keep.Keep(414)) f[n++] = FeatureHash.F(414, v[rc + 1].Tag, Lab(st, rc), dt);
        if (keep.Keep(415)) f[n++] = FeatureHash.F(415, (ulong)Math.Min(st.NLeft[d], 4), (ulong)Math.Min(st.NRight[d], 4), dt);
        if (keep.Keep(416)) f[n++] = FeatureHash.F(416, sibl, dt, dir);
        if (keep.Keep(417)) f[n++] = FeatureHash.F(417, sibl, ht);
        if (keep.Keep(418)) f[n++] = FeatureHash.F(418, (ulong)WordClusters.Prefix(w[d].Cluster, 8), ht, dir);
        if (keep.Keep(419)) f[n++] = FeatureHash.F(419, h == N ? RootF : (ulong)WordClusters.Prefix(w[h].Cluster, 8), dt, dir);
        if (keep.Keep(420)) f[n++] = FeatureHash.F(420, pt, dt, nt);
        if (keep.Keep(421)) f[n++] = FeatureHash.F(421, v[lc + 1].Word, dt, ht);
        if (keep.Keep(422)) f[n++] = FeatureHash.F(422, dw, dt, ht);
        if (keep.Keep(423)) f[n++] = FeatureHash.F(423, pt, dt, ht);
        if (keep.Keep(424)) f[n++] = FeatureHash.F(424, dt, nt, dir);
        if (keep.Keep(425)) f[n++] = FeatureHash.F(425, hw, ht, dir);
        if (keep.Keep(426)) f[n++] = FeatureHash.F(426, Lab(st, lc), Lab(st, st.Lc2[d]), dt);
        if (featureSet >= 2)
        {
            ulong side = d < h ? (h == N ? 0 : st.LeftLabelSet[h]) : (h == N ? 0 : st.RightLabelSet[h]);
            if (keep.Keep(427)) f[n++] = FeatureHash.F(427, st.LeftLabelSet[d], dt);
            if (keep.Keep(428)) f[n++] = FeatureHash.F(428, st.RightLabelSet[d], dt);
            if (keep.Keep(429)) f[n++] = FeatureHash.F(429, side, dt, dir);
            if (keep.Keep(430)) f[n++] = FeatureHash.F(430, FeatureHash.F(0, dw, du), hu, dir);
            if (keep.Keep(431)) f[n++] = FeatureHash.F(431, st.LeftLabelSet[d], st.RightLabelSet[d], hu);
        }
        if (featureSet == 3)
        {
            int a = Math.Min(h, d), b = Math.Max(h, d);
            ulong pb = st.Between(st.PunctBefore, a, b, 3), vb = st.Between(st.VerbBefore, a, b, 2);
            if (keep.Keep(432)) f[n++] = FeatureHash.F(432, dt, dir, pb);
            if (keep.Keep(433)) f[n++] = FeatureHash.F(433, FeatureHash.F(0, ht, dt), pb, vb);
        }
        if (featureSet == EmbeddingFeatureSet)
        {
            ulong de8 = v[d + 1].E8, he8 = v[h + 1].E8;
            if (keep.Keep(440)) f[n++] = FeatureHash.F(440, de8, hu, dir);
            if (keep.Keep(441)) f[n++] = FeatureHash.F(441, he8, du, dir);
            if (keep.Keep(442)) f[n++] = FeatureHash.F(442, v[d + 1].E12, ht);
            if (keep.Keep(443)) f[n++] = FeatureHash.F(443, v[h + 1].E12, dt, dir);
            if (keep.Keep(444)) f[n++] = FeatureHash.F(444, de8, he8, dir);
        }
        else if (featureSet == 5)
        {
            if (keep.Keep(440)) f[n++] = FeatureHash.F(440, v[d + 1].E8, hu, dir);
            if (keep.Keep(441)) f[n++] = FeatureHash.F(441, v[h + 1].E8, du, dir);
            if (keep.Keep(443)) f[n++] = FeatureHash.F(443, v[h + 1].E12, dt, dir);
        }
        return n;
    }

    private static ulong Lab(ArcHybridState st, int i) => i < 0 || i >= st.N ? NoneF : (ulong)(st.Labels[i] + 2);
    internal string[] Labels { get; }
    internal WordClusters Clusters { get; }
    internal int RootLabel { get; }

    /// <summary>Parses one sentence: heads (-1 root, else word index) and label ids.</summary>
    internal void Parse(ReadOnlySpan<ParseWord> words, ArcHybridState state, Span<int> heads, Span<int> labels)
    {
        int n = words.Length;
        state.Reset(words);
        Span<ulong> feats = stackalloc ulong[MaxFeatures];
        Span<int> scores = stackalloc int[Arcs.Stride * 2];
        Span<ulong> lfeats = stackalloc ulong[MaxLabelFeatures];
        Span<int> lscores = stackalloc int[AttachLabeller.Stride * 2];
        Span<ulong> bfeats = stackalloc ulong[MaxBufferFeatures];
        Span<int> bscores = stackalloc int[Arcs.Stride * 2];
        int scoredB = -1;
        while (!state.Terminal)
        {
            int best = state.OnlyLegal();
            if (best < 0)
            {
                // more than one legal transition: score them (a forced transition needs no features); the buffer-only
                // templates' sums are kept while the buffer front stays (integer sums: the same scores in any order)
                if (state.B != scoredB)
                {
                    int nb = BufferFeatures(words, state, bfeats, FeatureSet, Skipped);
                    bscores.Clear();
                    Arcs.Score(bfeats[..nb], bscores);
                    scoredB = state.B;
                }
                int nf = ArcFeatures(words, state, feats, FeatureSet, buffer: false, roles: false, Skipped);
                scores.Clear();
                Arcs.Score(feats[..nf], scores);
                for (int t = 0; t < 3; t++) scores[t] += bscores[t];
                AddRole(words, state, RoleS0, state.S0, bfeats, scores);
                AddRole(words, state, RoleS1, state.S1, bfeats, scores);
                AddRole(words, state, RoleS2, state.S2, bfeats, scores);
                for (int t = 0; t < 3; t++)
                    if (state.IsLegal(t) && (best < 0 || scores[t] > scores[best])) best = t;
            }
            state.Apply(best, best == ArcHybridState.Shift ? -1 : AttachLabel(words, state, best, lfeats, lscores));
        }
        for (int i = 0; i < n; i++) heads[i] = state.Heads[i] == n ? -1 : state.Heads[i];
        if (UseAttachLabels)
            for (int i = 0; i < n; i++) labels[i] = state.Labels[i] < 0 ? Math.Max(RootLabel, 0) : state.Labels[i];
        else
            Label(words, heads, labels);
    }

    /// <summary>Adds the transition scores of word <paramref name="i"/>'s single-word templates in stack position <paramref name="role"/>, scoring them the first time.</summary>
    private void AddRole(ReadOnlySpan<ParseWord> words, ArcHybridState state, int role, int i, Span<ulong> feats, Span<int> scores)
    {
        int slot = role * state.RoleStride + i + 1;
        var sums = state.RoleScores.AsSpan(slot * 3, 3);
        if (!state.RoleScored[slot])
        {
            Span<int> fresh = stackalloc int[Arcs.Stride * 2];
            Arcs.Score(feats[..RoleFeatures(words, state.N, role, i, feats, FeatureSet, Skipped)], fresh);
            fresh[..3].CopyTo(sums);
            state.RoleScored[slot] = true;
        }
        for (int t = 0; t < 3; t++) scores[t] += sums[t];
    }

    internal void Label(ReadOnlySpan<ParseWord> words, ReadOnlySpan<int> heads, Span<int> labels)
    {
        Span<ulong> feats = stackalloc ulong[MaxLabelFeatures];
        Span<int> scores = stackalloc int[Labeller.Stride * 2];
        for (int d = 0; d < words.Length; d++)
        {
            if (heads[d] < 0 && RootLabel >= 0) { labels[d] = RootLabel; continue; }
            int nf = LabelFeatures(words, heads, labels, d, feats);
            scores.Clear();
            Labeller.Score(feats[..nf], scores);
            int best = -1;
            for (int c = 0; c < Labeller.Classes; c++)
                if (c != RootLabel && (best < 0 || scores[c] > scores[best])) best = c;
            labels[d] = best;
        }
    }

    private static int Bucket(int d) => d switch { <= 4 => d, <= 6 => 5, <= 10 => 6, _ => 7 };

    internal const ulong RootF = 0x7777, NoneF = 0x1234;
    private static ulong W(ReadOnlySpan<ParseWord> w, int n, int i) => i < 0 ? NoneF : i == n ? RootF : w[i].Word;
    private static ulong T(ReadOnlySpan<ParseWord> w, int n, int i) => i < 0 ? NoneF : i == n ? RootF : w[i].Tag;
    private static ulong U(ReadOnlySpan<ParseWord> w, int n, int i) => i < 0 ? NoneF : i == n ? RootF : w[i].Upos;
    private static ulong C(ReadOnlySpan<ParseWord> w, int n, int i) => i < 0 ? NoneF : i == n ? RootF : (ulong)WordClusters.Prefix(w[i].Cluster, 10);
    /// <summary>Prefix of <paramref name="bits"/> bits of the word's embedding cluster (0 when unknown).</summary>
    private static ulong E(ReadOnlySpan<ParseWord> w, int n, int i, int bits) => i < 0 ? NoneF : i == n ? RootF : (ulong)WordClusters.Prefix(w[i].Emb, bits);

    internal const int MaxBufferFeatures = 24;

    /// <summary>
    /// The templates of <see cref="ArcFeatures"/> that read only the bias and the words b0, b1, b2 of the buffer (the
    /// same hashes, in the same order): they change only when the buffer front moves, so the parser scores them once
    /// per buffer position instead of in every state.
    /// </summary>
    internal static int BufferFeatures(ReadOnlySpan<ParseWord> w, ArcHybridState st, Span<ulong> f, int featureSet, in TemplateMask keep = default)
    {
        int n = 0;
        int N = st.N;
        var v = st.View;
        int b0 = st.B < N ? st.B : -1, b1 = st.B + 1 < N ? st.B + 1 : -1, b2 = st.B + 2 < N ? st.B + 2 : -1;
        ulong b0w = v[b0 + 1].Word, b0t = v[b0 + 1].Tag, b1w = v[b1 + 1].Word, b1t = v[b1 + 1].Tag, b2w = v[b2 + 1].Word, b2t = v[b2 + 1].Tag;
        if (keep.Keep(100)) f[n++] = FeatureHash.F(100, 0);
        if (keep.Keep(107)) f[n++] = FeatureHash.F(107, b0w);
        if (keep.Keep(108)) f[n++] = FeatureHash.F(108, b0t);
        if (keep.Keep(109)) f[n++] = FeatureHash.F(109, b0w, b0t);
        if (keep.Keep(110)) f[n++] = FeatureHash.F(110, b1w);
        if (keep.Keep(111)) f[n++] = FeatureHash.F(111, b1t);
        if (keep.Keep(112)) f[n++] = FeatureHash.F(112, b1w, b1t);
        if (keep.Keep(113)) f[n++] = FeatureHash.F(113, b2w);
        if (keep.Keep(114)) f[n++] = FeatureHash.F(114, b2t);
        if (keep.Keep(127)) f[n++] = FeatureHash.F(127, b0t, b1t);
        if (keep.Keep(135)) f[n++] = FeatureHash.F(135, b0w, b1w);
        if (keep.Keep(136)) f[n++] = FeatureHash.F(136, b0w, b1t);
        if (keep.Keep(137)) f[n++] = FeatureHash.F(137, b0t, b1w);
        if (keep.Keep(140)) f[n++] = FeatureHash.F(140, b0t, b1t, b2t);
        if (keep.Keep(201)) f[n++] = FeatureHash.F(201, v[b0 + 1].C10);
        if (keep.Keep(209)) f[n++] = FeatureHash.F(209, v[b1 + 1].C10, b0t);
        ulong b0u = v[b0 + 1].Upos, b1u = v[b1 + 1].Upos;
        if (featureSet >= 2 && keep.Keep(246)) f[n++] = FeatureHash.F(246, b0u, b1u, v[b2 + 1].Upos);
        if (featureSet == EmbeddingFeatureSet)
        {
            if (keep.Keep(271)) f[n++] = FeatureHash.F(271, v[b0 + 1].E8);
            if (keep.Keep(273)) f[n++] = FeatureHash.F(273, v[b1 + 1].E8);
            if (keep.Keep(275)) f[n++] = FeatureHash.F(275, v[b0 + 1].E12);
            if (keep.Keep(281)) f[n++] = FeatureHash.F(281, b0u, v[b1 + 1].E8);
        }
        else if (featureSet == 5)
        {
            if (keep.Keep(271)) f[n++] = FeatureHash.F(271, v[b0 + 1].E8);
            if (keep.Keep(281)) f[n++] = FeatureHash.F(281, b0u, v[b1 + 1].E8);
        }
        return n;
    }

    internal const int MaxRoleFeatures = 8;

    /// <summary>Stack positions whose single-word templates <see cref="RoleFeatures"/> gives.</summary>
    internal const int RoleS0 = 0, RoleS1 = 1, RoleS2 = 2, Roles = 3;

    /// <summary>
    /// The templates of <see cref="ArcFeatures"/> that read only word <paramref name="i"/> (a word, the root
    /// <c>N</c>, or -1 for an empty position) in stack position <paramref name="role"/> (the same hashes, in the same
    /// order): a word's sums there are the same in every state that has it there, so the parser scores them once.
    /// </summary>
    internal static int RoleFeatures(ReadOnlySpan<ParseWord> w, int n, int role, int i, Span<ulong> f, int featureSet, in TemplateMask keep = default)
    {
        int k = 0;
        switch (role)
        {
            case RoleS0:
            {
                ulong s0w = W(w, n, i), s0t = T(w, n, i);
                if (keep.Keep(101)) f[k++] = FeatureHash.F(101, s0w);
                if (keep.Keep(102)) f[k++] = FeatureHash.F(102, s0t);
                if (keep.Keep(103)) f[k++] = FeatureHash.F(103, s0w, s0t);
                if (keep.Keep(200)) f[k++] = FeatureHash.F(200, C(w, n, i));
                if (featureSet == EmbeddingFeatureSet)
                {
                    if (keep.Keep(270)) f[k++] = FeatureHash.F(270, E(w, n, i, 8));
                    if (keep.Keep(274)) f[k++] = FeatureHash.F(274, E(w, n, i, 12));
                }
                else if (featureSet == 5 && keep.Keep(270)) f[k++] = FeatureHash.F(270, E(w, n, i, 8));
                return k;
            }
            case RoleS1:
            {
                ulong s1w = W(w, n, i), s1t = T(w, n, i);
                if (keep.Keep(104)) f[k++] = FeatureHash.F(104, s1w);
                if (keep.Keep(105)) f[k++] = FeatureHash.F(105, s1t);
                if (keep.Keep(106)) f[k++] = FeatureHash.F(106, s1w, s1t);
                if (keep.Keep(202)) f[k++] = FeatureHash.F(202, C(w, n, i));
                if (featureSet == EmbeddingFeatureSet && keep.Keep(272)) f[k++] = FeatureHash.F(272, E(w, n, i, 8));
                return k;
            }
            case RoleS2:
                if (keep.Keep(115)) f[k++] = FeatureHash.F(115, T(w, n, i));
                if (keep.Keep(116)) f[k++] = FeatureHash.F(116, W(w, n, i));
                return k;
            default:
                throw new ArgumentOutOfRangeException(nameof(role), role, "no such stack position");
        }
    }

    /// <summary>
    /// The transition features of the state, in the order the model was trained with. With <paramref name="buffer"/>
    /// false, the templates that read only the buffer front (b0, b1, b2) and the bias are left out: those are
    /// <see cref="BufferFeatures"/>, whose summed weights stay the same while arcs pop the stack. With
    /// <paramref name="roles"/> false, the templates that read only the word in one stack position (s0, s1 or s2: its
    /// form, tag and clusters, not its dependents) are left out: those are <see cref="RoleFeatures"/>, whose sums depend
    /// only on the word and the position. The words are read through <see cref="ArcHybridState.View"/>, so
    /// <paramref name="st"/> must have been reset with <paramref name="w"/> (as every caller does).
    /// </summary>
    internal static int ArcFeatures(ReadOnlySpan<ParseWord> w, ArcHybridState st, Span<ulong> f, int featureSet, bool buffer = true, bool roles = true, in TemplateMask keep = default)
    {
        int n = 0;
        int N = st.N;
        var v = st.View;
        int s0 = st.S0, s1 = st.S1, s2 = st.S2;
        int b0 = st.B < N ? st.B : -1, b1 = st.B + 1 < N ? st.B + 1 : -1, b2 = st.B + 2 < N ? st.B + 2 : -1;
        int Lc(int i, int k) => i < 0 ? -1 : k == 1 ? st.Lc1[i] : st.Lc2[i];
        int Rc(int i, int k) => i < 0 ? -1 : k == 1 ? st.Rc1[i] : st.Rc2[i];
        ulong s0w = v[s0 + 1].Word, s0t = v[s0 + 1].Tag, s1w = v[s1 + 1].Word, s1t = v[s1 + 1].Tag, s2t = v[s2 + 1].Tag, s2w = v[s2 + 1].Word;
        ulong b0w = v[b0 + 1].Word, b0t = v[b0 + 1].Tag, b1w = v[b1 + 1].Word, b1t = v[b1 + 1].Tag, b2w = v[b2 + 1].Word, b2t = v[b2 + 1].Tag;
        int s0l = Lc(s0, 1), s0l2 = Lc(s0, 2), s0r = Rc(s0, 1), s0r2 = Rc(s0, 2), s1l = Lc(s1, 1), s1r = Rc(s1, 1), s1r2 = Rc(s1, 2), b0l = Lc(b0, 1), b0l2 = Lc(b0, 2);
        ulong s0lt = v[s0l + 1].Tag, s0rt = v[s0r + 1].Tag, s1rt = v[s1r + 1].Tag, s1lt = v[s1l + 1].Tag, b0lt = v[b0l + 1].Tag;
        ulong dist = s0 >= 0 && b0 >= 0 && s0 != N ? (ulong)Bucket(b0 - s0) : 99;
        ulong dist01 = s0 >= 0 && s1 >= 0 && s1 != N && s0 != N ? (ulong)Bucket(s0 - s1) : 99;
        ulong s0vl = s0 >= 0 ? (ulong)st.NLeft[s0] : 99, s0vr = s0 >= 0 ? (ulong)st.NRight[s0] : 99;
        ulong s1vr = s1 >= 0 ? (ulong)st.NRight[s1] : 99, s1vl = s1 >= 0 ? (ulong)st.NLeft[s1] : 99, b0vl = b0 >= 0 ? (ulong)st.NLeft[b0] : 99;
        ulong s0c = v[s0 + 1].C10, s1c = v[s1 + 1].C10, b0c = v[b0 + 1].C10;
        if (buffer && keep.Keep(100)) f[n++] = FeatureHash.F(100, 0);
        if (roles && keep.Keep(101)) f[n++] = FeatureHash.F(101, s0w);
        if (roles && keep.Keep(102)) f[n++] = FeatureHash.F(102, s0t);
        if (roles && keep.Keep(103)) f[n++] = FeatureHash.F(103, s0w, s0t);
        if (roles && keep.Keep(104)) f[n++] = FeatureHash.F(104, s1w);
        if (roles && keep.Keep(105)) f[n++] = FeatureHash.F(105, s1t);
        if (roles && keep.Keep(106)) f[n++] = FeatureHash.F(106, s1w, s1t);
        if (buffer && keep.Keep(107)) f[n++] = FeatureHash.F(107, b0w);
        if (buffer && keep.Keep(108)) f[n++] = FeatureHash.F(108, b0t);
        if (buffer && keep.Keep(109)) f[n++] = FeatureHash.F(109, b0w, b0t);
        if (buffer && keep.Keep(110)) f[n++] = FeatureHash.F(110, b1w);
        if (buffer && keep.Keep(111)) f[n++] = FeatureHash.F(111, b1t);
        if (buffer && keep.Keep(112)) f[n++] = FeatureHash.F(112, b1w, b1t);
        if (buffer && keep.Keep(113)) f[n++] = FeatureHash.F(113, b2w);
        if (buffer && keep.Keep(114)) f[n++] = FeatureHash.F(114, b2t);
        if (roles && keep.Keep(115)) f[n++] = FeatureHash.F(115, s2t);
        if (roles && keep.Keep(116)) f[n++] = FeatureHash.F(116, s2w);
        // pairs
        if (keep.Keep(120)) f[n++] = FeatureHash.F(120, FeatureHash.F(0, s0w, s0t), b0w, b0t);
        if (keep.Keep(121)) f[n++] = FeatureHash.F(121, FeatureHash.F(0, s0w, s0t), b0w);
        if (keep.Keep(122)) f[n++] = FeatureHash.F(122, s0w, FeatureHash.F(0, b0w, b0t));
        if (keep.Keep(123)) f[n++] = FeatureHash.F(123, FeatureHash.F(0, s0w, s0t), b0t);
        if (keep.Keep(124)) f[n++] = FeatureHash.F(124, s0t, FeatureHash.F(0, b0w, b0t));
        if (keep.Keep(125)) f[n++] = FeatureHash.F(125, s0w, b0w);
        if (keep.Keep(126)) f[n++] = FeatureHash.F(126, s0t, b0t);
        if (buffer && keep.Keep(127)) f[n++] = FeatureHash.F(127, b0t, b1t);
        if (keep.Keep(128)) f[n++] = FeatureHash.F(128, FeatureHash.F(0, s1w, s1t), s0w, s0t);
        if (keep.Keep(129)) f[n++] = FeatureHash.F(129, s1t, s0t);
        if (keep.Keep(130)) f[n++] = FeatureHash.F(130, s1w, s0w);
        if (keep.Keep(131)) f[n++] = FeatureHash.F(131, s1t, FeatureHash.F(0, s0w, s0t));
        if (keep.Keep(132)) f[n++] = FeatureHash.F(132, FeatureHash.F(0, s1w, s1t), s0t);
        if (keep.Keep(133)) f[n++] = FeatureHash.F(133, s1w, s0t);
        if (keep.Keep(134)) f[n++] = FeatureHash.F(134, s1t, s0w);
        if (buffer && keep.Keep(135)) f[n++] = FeatureHash.F(135, b0w, b1w);
        if (buffer && keep.Keep(136)) f[n++] = FeatureHash.F(136, b0w, b1t);
        if (buffer && keep.Keep(137)) f[n++] = FeatureHash.F(137, b0t, b1w);
        // triples
        if (buffer && keep.Keep(140)) f[n++] = FeatureHash.F(140, b0t, b1t, b2t);
        if (keep.Keep(141)) f[n++] = FeatureHash.F(141, s0t, b0t, b1t);
        if (keep.Keep(142)) f[n++] = FeatureHash.F(142, s1t, s0t, b0t);
        if (keep.Keep(143)) f[n++] = FeatureHash.F(143, s0t, s0lt, b0t);
        if (keep.Keep(144)) f[n++] = FeatureHash.F(144, s0t, s0rt, b0t);
        if (keep.Keep(145)) f[n++] = FeatureHash.F(145, s1t, s0t, s0lt);
        if (keep.Keep(146)) f[n++] = FeatureHash.F(146, s1t, s0t, s0rt);
        if (keep.Keep(147)) f[n++] = FeatureHash.F(147, s1t, s1rt, s0t);
        if (keep.Keep(148)) f[n++] = FeatureHash.F(148, s0t, b0t, b0lt);
        if (keep.Keep(149)) f[n++] = FeatureHash.F(149, s2t, s1t, s0t);
        if (keep.Keep(150)) f[n++] = FeatureHash.F(150, s1t, s1lt, s0t);
        if (keep.Keep(151)) f[n++] = FeatureHash.F(151, s0t, b0t, FeatureHash.F(0, v[b0l2 + 1].Tag));
        if (keep.Keep(152)) f[n++] = FeatureHash.F(152, s1t, s0w, b0t);
        if (keep.Keep(153)) f[n++] = FeatureHash.F(153, s1t, s0t, b0w);
        if (keep.Keep(154)) f[n++] = FeatureHash.F(154, s0w, b0t, b1t);
        // distance
        if (keep.Keep(160)) f[n++] = FeatureHash.F(160, s0w, dist);
        if (keep.Keep(161)) f[n++] = FeatureHash.F(161, s0t, dist);
        if (keep.Keep(162)) f[n++] = FeatureHash.F(162, b0w, dist);
        if (keep.Keep(163)) f[n++] = FeatureHash.F(163, b0t, dist);
        if (keep.Keep(164)) f[n++] = FeatureHash.F(164, FeatureHash.F(0, s0w, b0w), dist);
        if (keep.Keep(165)) f[n++] = FeatureHash.F(165, s0t, b0t, dist);
        if (keep.Keep(166)) f[n++] = FeatureHash.F(166, s1t, s0t, dist01);
        if (keep.Keep(167)) f[n++] = FeatureHash.F(167, s1w, s0w, dist01);
        // valency
        if (keep.Keep(170)) f[n++] = FeatureHash.F(170, s0w, s0vr);
        if (keep.Keep(171)) f[n++] = FeatureHash.F(171, s0t, s0vr);
        if (keep.Keep(172)) f[n++] = FeatureHash.F(172, s0w, s0vl);
        if (keep.Keep(173)) f[n++] = FeatureHash.F(173, s0t, s0vl);
        if (keep.Keep(174)) f[n++] = FeatureHash.F(174, s1w, s1vr);
        if (keep.Keep(175)) f[n++] = FeatureHash.F(175, s1t, s1vr);
        if (keep.Keep(176)) f[n++] = FeatureHash.F(176, b0w, b0vl);
        if (keep.Keep(177)) f[n++] = FeatureHash.F(177, b0t, b0vl);
        if (keep.Keep(178)) f[n++] = FeatureHash.F(178, s1t, s1vl);
        // children
        if (keep.Keep(180)) f[n++] = FeatureHash.F(180, v[s0l + 1].Word);
        if (keep.Keep(181)) f[n++] = FeatureHash.F(181, s0lt);
        if (keep.Keep(182)) f[n++] = FeatureHash.F(182, v[s0r + 1].Word);
        if (keep.Keep(183)) f[n++] = FeatureHash.F(183, s0rt);
        if (keep.Keep(184)) f[n++] = FeatureHash.F(184, v[s0l2 + 1].Tag);
        if (keep.Keep(185)) f[n++] = FeatureHash.F(185, v[s0r2 + 1].Tag);
        if (keep.Keep(186)) f[n++] = FeatureHash.F(186, v[b0l + 1].Word);
        if (keep.Keep(187)) f[n++] = FeatureHash.F(187, b0lt);
        if (keep.Keep(188)) f[n++] = FeatureHash.F(188, v[b0l2 + 1].Tag);
        if (keep.Keep(189)) f[n++] = FeatureHash.F(189, v[s1r + 1].Word);
        if (keep.Keep(190)) f[n++] = FeatureHash.F(190, s1rt);
        if (keep.Keep(191)) f[n++] = FeatureHash.F(191, s1lt);
        if (keep.Keep(192)) f[n++] = FeatureHash.F(192, v[s1r2 + 1].Tag);
        if (keep.Keep(193)) f[n++] = FeatureHash.F(193, s0t, s0lt, v[s0l2 + 1].Tag);
        if (keep.Keep(194)) f[n++] = FeatureHash.F(194, s0t, s0rt, v[s0r2 + 1].Tag);
        if (keep.Keep(195)) f[n++] = FeatureHash.F(195, b0t, b0lt, v[b0l2 + 1].Tag);
        // clusters
        if (roles && keep.Keep(200)) f[n++] = FeatureHash.F(200, s0c);
        if (buffer && keep.Keep(201)) f[n++] = FeatureHash.F(201, b0c);
        if (roles && keep.Keep(202)) f[n++] = FeatureHash.F(202, s1c);
        if (keep.Keep(203)) f[n++] = FeatureHash.F(203, s0c, b0c);
        if (keep.Keep(204)) f[n++] = FeatureHash.F(204, s0c, b0t);
        if (keep.Keep(205)) f[n++] = FeatureHash.F(205, s0t, b0c);
        if (keep.Keep(206)) f[n++] = FeatureHash.F(206, s1c, s0c);
        if (keep.Keep(207)) f[n++] = FeatureHash.F(207, s1t, s0c);
        if (keep.Keep(208)) f[n++] = FeatureHash.F(208, s1c, s0t);
        if (buffer && keep.Keep(209)) f[n++] = FeatureHash.F(209, v[b1 + 1].C10, b0t);
        ulong s0u = v[s0 + 1].Upos, s1u = v[s1 + 1].Upos, b0u = v[b0 + 1].Upos, b1u = v[b1 + 1].Upos;
        ulong s0ll = Lab(st, s0l), s0rl = Lab(st, s0r), b0ll = Lab(st, b0l), s1rl = Lab(st, s1r), s1ll = Lab(st, s1l);
        if (keep.Keep(220)) f[n++] = FeatureHash.F(220, s0ll);
        if (keep.Keep(221)) f[n++] = FeatureHash.F(221, s0rl);
        if (keep.Keep(222)) f[n++] = FeatureHash.F(222, b0ll);
        if (keep.Keep(223)) f[n++] = FeatureHash.F(223, s1rl);
        if (keep.Keep(224)) f[n++] = FeatureHash.F(224, s0t, s0ll, Lab(st, s0l2));
        if (keep.Keep(225)) f[n++] = FeatureHash.F(225, s0t, s0rl, Lab(st, s0r2));
        if (keep.Keep(226)) f[n++] = FeatureHash.F(226, b0t, b0ll, Lab(st, b0l2));
        if (keep.Keep(227)) f[n++] = FeatureHash.F(227, s1t, s1rl, s0t);
        if (keep.Keep(228)) f[n++] = FeatureHash.F(228, s0t, s0ll, s0rl);
        if (keep.Keep(229)) f[n++] = FeatureHash.F(229, s1t, s1ll, s1rl);
        if (keep.Keep(230)) f[n++] = FeatureHash.F(230, s0w, s0ll, s0rl);
        if (keep.Keep(231)) f[n++] = FeatureHash.F(231, b0w, b0ll);
        if (keep.Keep(210)) f[n++] = FeatureHash.F(210, s0u, b0u);
        if (keep.Keep(211)) f[n++] = FeatureHash.F(211, s1u, s0u);
        if (keep.Keep(212)) f[n++] = FeatureHash.F(212, s0u, b0u, b1u);
        if (keep.Keep(213)) f[n++] = FeatureHash.F(213, s1u, s0u, b0u);
        if (keep.Keep(214)) f[n++] = FeatureHash.F(214, s0w, b0u);
        if (keep.Keep(215)) f[n++] = FeatureHash.F(215, s0u, b0w);
        if (featureSet >= 2)
        {
            ulong s0ls = s0 >= 0 && s0 < N ? st.LeftLabelSet[s0] : NoneF, s0rs = s0 >= 0 && s0 < N ? st.RightLabelSet[s0] : NoneF;
            ulong b0ls = b0 >= 0 ? st.LeftLabelSet[b0] : NoneF, s1rs = s1 >= 0 && s1 < N ? st.RightLabelSet[s1] : NoneF;
            ulong b2u = v[b2 + 1].Upos, s2u = v[s2 + 1].Upos;
            if (keep.Keep(240)) f[n++] = FeatureHash.F(240, s0t, s0ls);
            if (keep.Keep(241)) f[n++] = FeatureHash.F(241, s0t, s0rs);
            if (keep.Keep(242)) f[n++] = FeatureHash.F(242, b0t, b0ls);
            if (keep.Keep(243)) f[n++] = FeatureHash.F(243, s1t, s1rs);
            if (keep.Keep(244)) f[n++] = FeatureHash.F(244, FeatureHash.F(0, s0u, s0ls), s0rs, b0u);
            if (keep.Keep(245)) f[n++] = FeatureHash.F(245, FeatureHash.F(0, s1u, s0u), b0u, b1u);
            if (buffer && keep.Keep(246)) f[n++] = FeatureHash.F(246, b0u, b1u, b2u);
            if (keep.Keep(247)) f[n++] = FeatureHash.F(247, s2u, s1u, s0u);
            if (keep.Keep(248)) f[n++] = FeatureHash.F(248, s0w, b0w, b1u);
            if (keep.Keep(249)) f[n++] = FeatureHash.F(249, s0c, b0c, b1u);
            if (keep.Keep(250)) f[n++] = FeatureHash.F(250, s1c, s0u, b0u);
            if (keep.Keep(251)) f[n++] = FeatureHash.F(251, s0c, b0w);
            if (keep.Keep(252)) f[n++] = FeatureHash.F(252, s0w, b0c);
        }
        if (featureSet == 3)
        {
            ulong p0b = st.Between(st.PunctBefore, s0, b0, 3), v0b = st.Between(st.VerbBefore, s0, b0, 2);
            ulong p10 = st.Between(st.PunctBefore, s1, s0, 3), v10 = st.Between(st.VerbBefore, s1, s0, 2);
            if (keep.Keep(260)) f[n++] = FeatureHash.F(260, s0t, b0t, p0b);
            if (keep.Keep(261)) f[n++] = FeatureHash.F(261, s0t, b0t, v0b);
            if (keep.Keep(262)) f[n++] = FeatureHash.F(262, s1t, s0t, p10);
            if (keep.Keep(263)) f[n++] = FeatureHash.F(263, s1t, s0t, v10);
            if (keep.Keep(264)) f[n++] = FeatureHash.F(264, FeatureHash.F(0, s0u, b0u), p0b, v0b);
            if (keep.Keep(265)) f[n++] = FeatureHash.F(265, FeatureHash.F(0, s1u, s0u), p10, v10);
            if (keep.Keep(266)) f[n++] = FeatureHash.F(266, s0w, p0b, v0b);
            if (keep.Keep(267)) f[n++] = FeatureHash.F(267, b0w, p0b, v0b);
        }
        if (featureSet == EmbeddingFeatureSet)
        {
            ulong s0e8 = v[s0 + 1].E8, b0e8 = v[b0 + 1].E8, s1e8 = v[s1 + 1].E8, b1e8 = v[b1 + 1].E8;
            ulong s0e12 = v[s0 + 1].E12, b0e12 = v[b0 + 1].E12, s0e4 = v[s0 + 1].E4, b0e4 = v[b0 + 1].E4;
            if (roles && keep.Keep(270)) f[n++] = FeatureHash.F(270, s0e8);
            if (buffer && keep.Keep(271)) f[n++] = FeatureHash.F(271, b0e8);
            if (roles && keep.Keep(272)) f[n++] = FeatureHash.F(272, s1e8);
            if (buffer && keep.Keep(273)) f[n++] = FeatureHash.F(273, b1e8);
            if (roles && keep.Keep(274)) f[n++] = FeatureHash.F(274, s0e12);
            if (buffer && keep.Keep(275)) f[n++] = FeatureHash.F(275, b0e12);
            if (keep.Keep(276)) f[n++] = FeatureHash.F(276, s0e8, b0e8);
            if (keep.Keep(277)) f[n++] = FeatureHash.F(277, s0e8, b0u);
            if (keep.Keep(278)) f[n++] = FeatureHash.F(278, s0u, b0e8);
            if (keep.Keep(279)) f[n++] = FeatureHash.F(279, s1e8, s0u);
            if (keep.Keep(280)) f[n++] = FeatureHash.F(280, s1u, s0e8);
            if (buffer && keep.Keep(281)) f[n++] = FeatureHash.F(281, b0u, b1e8);
            if (keep.Keep(282)) f[n++] = FeatureHash.F(282, s0e12, b0w);
            if (keep.Keep(283)) f[n++] = FeatureHash.F(283, s0w, b0e12);
            if (keep.Keep(284)) f[n++] = FeatureHash.F(284, s0e4, b0e4, b1u);
            if (keep.Keep(285)) f[n++] = FeatureHash.F(285, FeatureHash.F(0, s1u, s0e4), b0e4);
        }
        else if (featureSet == 5)
        {
            ulong s0e8 = v[s0 + 1].E8, b0e8 = v[b0 + 1].E8;
            if (roles && keep.Keep(270)) f[n++] = FeatureHash.F(270, s0e8);
            if (buffer && keep.Keep(271)) f[n++] = FeatureHash.F(271, b0e8);
            if (keep.Keep(276)) f[n++] = FeatureHash.F(276, s0e8, b0e8);
            if (keep.Keep(277)) f[n++] = FeatureHash.F(277, s0e8, b0u);
            if (keep.Keep(278)) f[n++] = FeatureHash.F(278, s0u, b0e8);
            if (keep.Keep(279)) f[n++] = FeatureHash.F(279, v[s1 + 1].E8, s0u);
            if (buffer && keep.Keep(281)) f[n++] = FeatureHash.F(281, b0u, v[b1 + 1].E8);
        }
        return n;
    }

    internal static int LabelFeatures(ReadOnlySpan<ParseWord> w, ReadOnlySpan<int> heads, ReadOnlySpan<int> labels, int d, Span<ulong> f)
    {
        int n = 0;
        int h = heads[d];
        int len = w.Length;
        const ulong Root = 0x7777, None = 0x1234;
        ulong dw = w[d].Word, dt = w[d].Tag, du = w[d].Upos;
        ulong hw = h < 0 ? Root : w[h].Word, ht = h < 0 ? Root : w[h].Tag, hu = h < 0 ? Root : w[h].Upos;
        int gh = h < 0 ? -1 : heads[h];
        ulong gt = h < 0 ? None : gh < 0 ? Root : w[gh].Tag;
        ulong dir = h < 0 ? 2UL : d < h ? 0UL : 1UL;
        ulong dist = h < 0 ? 99 : (ulong)Bucket(Math.Abs(d - h));
        // dependents of d: leftmost, rightmost, count; previous sibling on the same side
        int lc = -1, rc = -1, nc = 0, prevSib = -1;
        for (int k = 0; k < len; k++)
        {
            if (heads[k] == d)
            {
                nc++;
                if (lc < 0) lc = k;
                rc = k;
            }
            if (k < d && heads[k] == h && h >= 0 && (k < h) == (d < h)) prevSib = k;
        }
        ulong lcw = lc >= 0 && lc < d ? w[lc].Word : None, lct = lc >= 0 && lc < d ? w[lc].Tag : None;
        ulong rct = rc > d ? w[rc].Tag : None, rcw = rc > d ? w[rc].Word : None;
        ulong sib = prevSib >= 0 ? (ulong)labels[prevSib] + 1 : None;
        ulong dc = (ulong)WordClusters.Prefix(w[d].Cluster, 8), hc = h < 0 ? Root : (ulong)WordClusters.Prefix(w[h].Cluster, 8);
        ulong pt = d > 0 ? w[d - 1].Tag : None, nt = d + 1 < len ? w[d + 1].Tag : None;
        f[n++] = FeatureHash.F(300, 0);
        f[n++] = FeatureHash.F(301, dw);
        f[n++] = FeatureHash.F(302, dt);
        f[n++] = FeatureHash.F(303, du, dir);
        f[n++] = FeatureHash.F(304, hw);
        f[n++] = FeatureHash.F(305, ht);
        f[n++] = FeatureHash.F(306, ht, dt, dir);
        f[n++] = FeatureHash.F(307, hw, dt, dir);
        f[n++] = FeatureHash.F(308, ht, dw, dir);
        f[n++] = FeatureHash.F(309, hw, dw);
        f[n++] = FeatureHash.F(310, dt, dir, dist);
        f[n++] = FeatureHash.F(311, hu, du, dir);
        f[n++] = FeatureHash.F(312, gt, ht, dt);
        f[n++] = FeatureHash.F(313, lcw, dt);
        f[n++] = FeatureHash.F(314, lct, dt, ht);
        f[n++] = FeatureHash.F(315, rct, dt);
        f[n++] = FeatureHash.F(316, rcw, dt);
        f[n++] = FeatureHash.F(317, (ulong)Math.Min(nc, 5), dt);
        f[n++] = FeatureHash.F(318, sib, dt, dir);
        f[n++] = FeatureHash.F(319, sib, ht);
        f[n++] = FeatureHash.F(320, dc, ht, dir);
        f[n++] = FeatureHash.F(321, hc, dt, dir);
        f[n++] = FeatureHash.F(322, pt, dt, nt);
        f[n++] = FeatureHash.F(323, lcw, dt, ht);
        f[n++] = FeatureHash.F(324, dw, dt, ht);
        f[n++] = FeatureHash.F(325, pt, dt, ht);
        f[n++] = FeatureHash.F(326, dt, nt, dir);
        f[n++] = FeatureHash.F(327, prevSib >= 0 ? 1UL : 0UL, dt, ht);
        f[n++] = FeatureHash.F(328, hw, ht, dir);
        f[n++] = FeatureHash.F(329, h >= 0 && d < h ? (ulong)(h - d) : 0, dt, ht);
        return n;
    }

    /// <summary>
    /// The parser whose every weight is the mean of the given parsers' — e.g. two seed-averaged runs of one
    /// configuration, giving the average of all their seeds when each ran as many seeds. The parsers must agree in
    /// feature set, labels, word clusters, embedding-cluster table, skipped templates and label source; else
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public static DependencyParser Average(IReadOnlyList<DependencyParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        if (parsers.Count == 0) throw new ArgumentException("no parsers to average", nameof(parsers));
        var first = parsers[0];
        static bool SameClusters(WordClusters? a, WordClusters? b) =>
            a is null ? b is null : b is not null && a.Keys.AsSpan().SequenceEqual(b.Keys) && a.Paths.AsSpan().SequenceEqual(b.Paths);
        for (int i = 1; i < parsers.Count; i++)
        {
            var p = parsers[i];
            string? why = p.FeatureSet != first.FeatureSet ? "feature set"
                : !p.Labels.AsSpan().SequenceEqual(first.Labels) ? "labels"
                : !SameClusters(p.Clusters, first.Clusters) ? "word clusters"
                : !SameClusters(p.EmbeddingClusters, first.EmbeddingClusters) ? "embedding clusters"
                : !p.SkippedTemplates.SequenceEqual(first.SkippedTemplates) ? "skipped templates"
                : p.UseAttachLabels != first.UseAttachLabels ? "label source (attach-time or post-hoc)"
                : null;
            if (why is not null) throw new ArgumentException($"parser {i + 1} differs from parser 1 in its {why}; only parsers of one configuration can be averaged", nameof(parsers));
        }
        var averaged = AverageOf(parsers);
        if (!first.UseAttachLabels && averaged.Labeller.FeatureCount == 0) throw new ArgumentException("parsers that output post-hoc labels must all have a post-hoc labeller", nameof(parsers));
        return averaged;
    }

    /// <summary>
    /// The weight-by-weight mean of <paramref name="parsers"/> (non-empty), with the first one's labels, clusters,
    /// feature set, skipped templates and label source, unchecked (the trainer's seeds share one configuration); the
    /// post-hoc labeller is averaged when every parser has one, else left empty.
    /// </summary>
    internal static DependencyParser AverageOf(IReadOnlyList<DependencyParser> parsers)
    {
        var first = parsers[0];
        var post = parsers.All(p => p.Labeller.FeatureCount > 0) ? LinearModel.Average(parsers.Select(p => p.Labeller).ToList()) : LinearModel.Empty(first.Labels.Length);
        return new DependencyParser(LinearModel.Average(parsers.Select(p => p.Arcs).ToList()), LinearModel.Average(parsers.Select(p => p.AttachLabeller).ToList()), post,
            first.Labels, first.Clusters, first.FeatureSet, first.EmbeddingClusters, first.Skipped) { UseAttachLabels = first.UseAttachLabels };
    }

    public void Save(string path) => ModelFile.Save(path, ModelKind.Parser, Write);

    /// <summary>A copy with low-weight features dropped (see <see cref="LinearModel.Prune"/>).</summary>
    public DependencyParser Prune(float fraction) =>
        new(Arcs.Prune(fraction), AttachLabeller.Prune(fraction), Labeller.Prune(fraction), Labels, Clusters, FeatureSet, EmbeddingClusters, Skipped) { UseAttachLabels = UseAttachLabels };

    /// <summary>A copy that outputs attach-time labels (true) or post-hoc labels (false).</summary>
    public DependencyParser WithAttachLabels(bool value)
    {
        if (!value && Labeller.FeatureCount == 0) throw new InvalidOperationException("this parser has no post-hoc labeller (it was dropped); it can only output attach-time labels");
        return new(Arcs, AttachLabeller, Labeller, Labels, Clusters, FeatureSet, EmbeddingClusters, Skipped) { UseAttachLabels = value };
    }

    /// <summary>
    /// A copy without the post-hoc labeller, for a parser that outputs attach-time labels: that labeller is never
    /// consulted then, and dropping it makes the file smaller and loading faster.
    /// </summary>
    public DependencyParser WithoutPostHocLabeller()
    {
        if (!UseAttachLabels) throw new InvalidOperationException("the post-hoc labeller gives this parser's output labels; it cannot be dropped");
        return new(Arcs, AttachLabeller, LinearModel.Empty(Labels.Length), Labels, Clusters, FeatureSet, EmbeddingClusters, Skipped) { UseAttachLabels = true };
    }

    internal void Write(BinaryWriter w)
    {
        ModelFile.WriteStrings(w, Labels);
        Clusters.Write(w);
        Arcs.Write(w);
        AttachLabeller.Write(w);
        Labeller.Write(w);
        w.Write(UseAttachLabels);
        w.Write(FeatureSet); // format version 2; absent (feature set 1) in version-1 files
        // trailing embedding-cluster section (feature set 4); files without it end after the feature set
        if (EmbeddingClusters is null && Skipped.IsEmpty) return;
        w.Write(EmbeddingClusters is not null);
        EmbeddingClusters?.Write(w);
        // trailing skipped-template section; files without it end after the embedding section
        if (Skipped.IsEmpty) return;
        w.Write(true);
        var ids = Skipped.Ids();
        w.Write(ids.Length);
        foreach (int t in ids) w.Write(t);
    }

    public static DependencyParser Load(string path) => ModelFile.Load(path, ModelKind.Parser, Read);

    internal static DependencyParser Read(BinaryReader r)
    {
        var labels = ModelFile.ReadStrings(r);
        var clusters = WordClusters.Read(r);
        var arcs = LinearModel.Read(r);
        var attach = LinearModel.Read(r);
        var labeller = LinearModel.Read(r);
        if (arcs.Classes != 3) throw new InvalidDataException("parser transition model must have 3 classes");
        if (labeller.Classes != labels.Length || attach.Classes != labels.Length) throw new InvalidDataException("parser labeller class count does not match its labels");
        bool useAttach = ModelFile.ReadTrailingFlag(r);
        if (!useAttach && labeller.FeatureCount == 0) throw new InvalidDataException("parser outputs post-hoc labels but its post-hoc labeller is empty");
        int featureSet = ModelFile.HasTrailing(r) ? r.ReadInt32() : 1;
        var embeddings = ModelFile.ReadTrailingFlag(r) ? WordClusters.Read(r) : null;
        var skipped = ModelFile.ReadTrailingFlag(r) ? ReadSkipped(r) : default;
        return new DependencyParser(arcs, attach, labeller, labels, clusters, featureSet, embeddings, skipped) { UseAttachLabels = useAttach };
    }

    private static TemplateMask ReadSkipped(BinaryReader r)
    {
        int count = r.ReadInt32();
        if (count <= 0 || count > TemplateMask.Limit) throw new InvalidDataException($"implausible skipped-template count {count} in parser file");
        var ids = new int[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = r.ReadInt32();
            if (ids[i] < 0 || ids[i] >= TemplateMask.Limit) throw new InvalidDataException($"skipped template id {ids[i]} out of range in parser file");
        }
        return new TemplateMask(ids);
    }
}

/// <summary>Trains a <see cref="DependencyParser"/> with a dynamic oracle and exploration.</summary>
public static class DependencyParserTrainer
{
    private sealed record Item(ParseWord[] Words, int[] Gold, int[] Labels);

    /// <param name="minCount">
    /// Frequency cutoff: a feature gets a weight row only if it occurs at least this often in the oracle configurations
    /// of the training data (one counting pass before training); 1 keeps every feature.
    /// </param>
    /// <param name="seeds">Train this many perceptrons (shuffle and exploration seeds seed, seed+1, …) on the same prepared data and average their weights.</param>
    /// <param name="postHocLabeller">Also train the post-hoc full-tree labeller (its labels are the output only if they beat the attach-time labels on dev).</param>
    /// <param name="checkpoint">Called with the model so far (the average of the seeds trained so far) after each seed.</param>
    /// <param name="embeddingClusters">Word → embedding-cluster bit path (leading 1 bit) table; required by, and only allowed with, feature set 4. Stored in the model.</param>
    /// <param name="dropTemplates">
    /// Transition and attach-labeller template ids (of <see cref="DependencyParser.TransitionTemplates"/> and
    /// <see cref="DependencyParser.AttachTemplates"/> of the feature set) left out of training — counting, updates and
    /// the dev scores — and, stored as the skipped-template section of the model, out of inference; the other weights
    /// learn to do without them. Null or empty trains every template.
    /// </param>
    public static DependencyParser Train(IReadOnlyList<ConlluSentence> train, IReadOnlyList<ConlluSentence>? dev, PosTagger? tagger, int epochs, int seed, TextWriter log, float prune = 0f, int jackknifeFolds = 4, int featureSet = DependencyParser.DefaultFeatureSet, bool keepBestEpoch = true,
        int minCount = 1, int seeds = 1, bool postHocLabeller = true, Action<DependencyParser>? checkpoint = null, IEnumerable<(string Word, int Path)>? embeddingClusters = null,
        IEnumerable<int>? dropTemplates = null, JackknifeTagger? jackknifeTagger = null) =>
        Train(null, train, dev, tagger, epochs, seed, log, prune, jackknifeFolds, featureSet, keepBestEpoch, minCount, seeds, postHocLabeller, checkpoint, embeddingClusters, DropMask(featureSet, dropTemplates), jackknifeTagger);

    /// <summary>
    /// How the taggers that tag the training sentences (each trained on the other folds) are trained. The default, a
    /// single pass of 6 epochs with the fold's own induced clusters, is what every committed parser was trained with;
    /// the other settings follow <c>train tagger</c>'s options, to bring training tags nearer the tagger used at run time.
    /// </summary>
    public sealed record JackknifeTagger(int Epochs = 6, bool TwoPass = false, int Seeds = 1, IReadOnlyList<(string Word, int Path)>? EmbeddingClusters = null)
    {
        /// <summary>Throws when a setting is out of range.</summary>
        public void Validate()
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
            ArgumentOutOfRangeException.ThrowIfLessThan(Seeds, 1, nameof(Seeds));
        }
    }

    /// <summary>The mask of <paramref name="ids"/>, each of which must be a transition or attach-labeller template of the feature set.</summary>
    internal static TemplateMask DropMask(int featureSet, IEnumerable<int>? ids)
    {
        if (ids is null) return default;
        var list = ids.ToList();
        if (featureSet < 1 || featureSet > DependencyParser.LatestFeatureSet) throw new ArgumentOutOfRangeException(nameof(featureSet), featureSet, "unknown feature set");
        if (DependencyParser.UnknownTemplate(featureSet, list) is int t) throw new ArgumentException($"feature set {featureSet} has no transition or attach-labeller template {t}", nameof(ids));
        return new TemplateMask(list);
    }

    /// <summary>As the public overload; <paramref name="pretagged"/>, when given, replaces the tagging of the training sentences.</summary>
    /// <param name="pretagged">
    /// Parser words (tags and clusters already set) of every training sentence, aligned with <paramref name="train"/>;
    /// used as they are instead of tagging (no jackknifed taggers are trained). Every sentence must have all heads.
    /// </param>
    internal static DependencyParser Train(IReadOnlyList<ParseWord[]>? pretagged, IReadOnlyList<ConlluSentence> train, IReadOnlyList<ConlluSentence>? dev, PosTagger? tagger, int epochs, int seed, TextWriter log, float prune, int jackknifeFolds, int featureSet, bool keepBestEpoch,
        int minCount, int seeds, bool postHocLabeller, Action<DependencyParser>? checkpoint, IEnumerable<(string Word, int Path)>? embeddingClusters, TemplateMask drop = default,
        JackknifeTagger? jackknifeTagger = null)
    {
        jackknifeTagger ??= new JackknifeTagger();
        jackknifeTagger.Validate();
        if (DependencyParser.UsesEmbeddings(featureSet) != (embeddingClusters is not null))
            throw new ArgumentException($"an embedding-cluster table is required by, and only used with, feature sets {DependencyParser.EmbeddingFeatureSet}–{DependencyParser.LatestFeatureSet}", nameof(embeddingClusters));
        var embeddings = embeddingClusters is null ? null : WordClusters.FromTable(embeddingClusters);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var labelIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new List<string>();
        foreach (var s in train)
            foreach (var w in s.Words)
                if (labelIds.TryAdd(w.Deprel, labels.Count)) labels.Add(w.Deprel);
        if (labelIds.TryAdd("root", labels.Count)) labels.Add("root");
        var clusters = tagger?.Clusters ?? WordClusters.Induce(train.Select(s => s.Words.Select(w => w.Form).ToArray()), seed);
        var usable = train.Where(s => s.Words.All(w => w.Head >= 0)).ToList();
        var items = new Item[usable.Count];
        if (pretagged is not null)
        {
            if (pretagged.Count != train.Count || usable.Count != train.Count) throw new ArgumentException("pre-tagged words must be given for every training sentence, and every sentence must have all heads", nameof(pretagged));
            for (int i = 0; i < usable.Count; i++)
            {
                if (pretagged[i].Length != usable[i].Count) throw new ArgumentException($"pre-tagged sentence {i} has {pretagged[i].Length} words, the treebank sentence {usable[i].Count}", nameof(pretagged));
                items[i] = Prepare(usable[i], pretagged[i], labelIds);
            }
        }
        else if (tagger is not null && jackknifeFolds > 1)
        {
            // tags for the training sentences come from taggers that did not see them (jackknifing)
            log.WriteLine($"parser: jackknife taggers: {jackknifeTagger.Epochs} epochs, {(jackknifeTagger.TwoPass ? "two passes" : "one pass")}, {jackknifeTagger.Seeds} seed(s), {(jackknifeTagger.EmbeddingClusters is null ? "no" : "with")} embedding clusters");
            for (int fold = 0; fold < jackknifeFolds; fold++)
            {
                var part = usable.Where((_, i) => i % jackknifeFolds != fold).ToList();
                var foldTagger = PosTaggerTrainer.Train(part, null, jackknifeTagger.Epochs, seed + fold, TextWriter.Null, twoPass: jackknifeTagger.TwoPass,
                    embeddingClusters: jackknifeTagger.EmbeddingClusters, seeds: jackknifeTagger.Seeds);
                for (int i = fold; i < usable.Count; i += jackknifeFolds) items[i] = Prepare(usable[i], foldTagger, clusters, embeddings, labelIds);
                log.WriteLine($"parser: jackknife fold {fold + 1}/{jackknifeFolds} tagged");
            }
        }
        else
        {
            for (int i = 0; i < usable.Count; i++) items[i] = Prepare(usable[i], tagger, clusters, embeddings, labelIds);
        }
        log.WriteLine($"parser: {items.Length} sentences, {labels.Count} labels");
        var labelNames = labels.ToArray();
        int rootLabel = labelIds["root"];
        HashIndex? allowed = null;
        if (minCount > 1)
        {
            allowed = CountFeatures(items, featureSet, minCount, rootLabel, postHocLabeller, drop, out long distinct);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parser: {allowed.Count} of {distinct} distinct oracle features occur >= {minCount} times"));
        }
        if (!drop.IsEmpty) log.WriteLine($"parser: training without templates {string.Join(' ', drop.Ids())}");
        var runs = new List<DependencyParser>();
        DependencyParser? result = null;
        for (int run = 0; run < seeds; run++)
        {
            var one = TrainOne(items, dev, tagger, labelNames, rootLabel, clusters, embeddings, epochs, seed + run, log, prune, featureSet, keepBestEpoch, allowed, postHocLabeller, drop);
            runs.Add(one);
            result = runs.Count == 1 ? one : DependencyParser.AverageOf(runs);
            if (dev is not null && runs.Count > 1)
            {
                var (uas, las) = Evaluate(result, dev, tagger);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parser: average of {runs.Count} seeds: features {result.Arcs.FeatureCount}+{result.AttachLabeller.FeatureCount} dev UAS {uas:F2} LAS {las:F2}"));
            }
            checkpoint?.Invoke(result);
        }
        return result!;
    }

    /// <summary>The parser whose every weight is the mean of the given parsers' (same labels, clusters and feature set).</summary>
    /// <summary>
    /// Counts the transition, attach-label and (optionally) post-hoc label features of the oracle configurations (the
    /// lowest-numbered zero-cost transition at each step, gold labels on gold arcs) and returns those seen at least
    /// <paramref name="minCount"/> times.
    /// </summary>
    private static HashIndex CountFeatures(Item[] items, int featureSet, int minCount, int rootLabel, bool postHoc, in TemplateMask drop, out long distinct)
    {
        var counts = new HashIndex(1 << 22);
        var feats = new ulong[DependencyParser.MaxFeatures];
        var lfeats = new ulong[DependencyParser.MaxLabelFeatures];
        var state = new ArcHybridState(items.Max(i => i.Words.Length));
        void Add(ReadOnlySpan<ulong> fs)
        {
            foreach (var f in fs) counts.Set(f, counts.Get(f, 0) + 1);
        }
        foreach (var it in items)
        {
            int n = it.Words.Length;
            state.Reset(it.Words);
            while (!state.Terminal)
            {
                int truth = -1, minCost = int.MaxValue;
                for (int t = 0; t < 3; t++)
                {
                    if (!state.IsLegal(t)) continue;
                    int c = state.Cost(t, it.Gold);
                    if (c < minCost) { minCost = c; truth = t; }
                }
                if (state.OnlyLegal() < 0) Add(feats.AsSpan(0, DependencyParser.ArcFeatures(it.Words, state, feats, featureSet, keep: drop)));
                int label = -1;
                if (truth != ArcHybridState.Shift)
                {
                    var (h, d) = state.ArcOf(truth);
                    if (h == n) label = rootLabel;
                    else
                    {
                        Add(lfeats.AsSpan(0, DependencyParser.AttachFeatures(it.Words, state, h, d, lfeats, featureSet, drop)));
                        label = it.Gold[d] == h ? it.Labels[d] : -1;
                    }
                }
                state.Apply(truth, label);
            }
            if (!postHoc) continue;
            var heads = new int[n];
            for (int i = 0; i < n; i++) heads[i] = it.Gold[i] == n ? -1 : it.Gold[i];
            for (int d = 0; d < n; d++)
                if (heads[d] >= 0) Add(lfeats.AsSpan(0, DependencyParser.LabelFeatures(it.Words, heads, it.Labels, d, lfeats)));
        }
        distinct = counts.Count;
        var keep = new HashIndex(1 << 20);
        foreach (var (key, count) in counts.Entries())
            if (count >= minCount) keep.TryAdd(key, 1);
        return keep;
    }

    private static DependencyParser TrainOne(Item[] items, IReadOnlyList<ConlluSentence>? dev, PosTagger? tagger, string[] labels, int rootLabel, WordClusters clusters, WordClusters? embeddings, int epochs, int seed, TextWriter log, float prune, int featureSet, bool keepBestEpoch, HashIndex? allowed, bool postHoc, TemplateMask drop)
    {
        var arcs = new AveragedPerceptron(3, allowed);
        var labeller = new AveragedPerceptron(labels.Length, allowed);
        var attach = new AveragedPerceptron(labels.Length, allowed);
        int maxLen = items.Max(i => i.Words.Length);
        var state = new ArcHybridState(maxLen);
        var rng = new Random(seed);
        var order = Enumerable.Range(0, items.Length).ToArray();
        var feats = new ulong[DependencyParser.MaxFeatures];
        var lfeats = new ulong[DependencyParser.MaxLabelFeatures];
        var scores = new float[Math.Max(3, labels.Length)];
        var costs = new int[3];
        DependencyParser? result = null;
        double bestLas = double.MinValue;
        int bestEpoch = epochs;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            rng.Shuffle(order);
            long steps = 0, errors = 0, lok = 0, ltotal = 0;
            foreach (int idx in order)
            {
                var it = items[idx];
                int n = it.Words.Length;
                state.Reset(it.Words);
                while (!state.Terminal)
                {
                    int nf = DependencyParser.ArcFeatures(it.Words, state, feats, featureSet, keep: drop);
                    arcs.Score(feats.AsSpan(0, nf), scores);
                    int pred = -1, minCost = int.MaxValue;
                    for (int t = 0; t < 3; t++)
                    {
                        if (!state.IsLegal(t)) { costs[t] = int.MaxValue; continue; }
                        costs[t] = state.Cost(t, it.Gold);
                        minCost = Math.Min(minCost, costs[t]);
                        if (pred < 0 || scores[t] > scores[pred]) pred = t;
                    }
                    int truth = -1;
                    for (int t = 0; t < 3; t++)
                        if (costs[t] == minCost && (truth < 0 || scores[t] > scores[truth])) truth = t;
                    steps++;
                    if (costs[pred] > minCost)
                    {
                        errors++;
                        arcs.Update(feats.AsSpan(0, nf), truth, pred);
                    }
                    arcs.Tick();
                    int next = epoch > 1 && rng.NextDouble() < 0.9 ? pred : truth;
                    int label = -1;
                    if (next != ArcHybridState.Shift)
                    {
                        var (h, d) = state.ArcOf(next);
                        if (h == n) label = rootLabel;
                        else
                        {
                            int lnf = DependencyParser.AttachFeatures(it.Words, state, h, d, lfeats, featureSet, drop);
                            attach.Score(lfeats.AsSpan(0, lnf), scores);
                            int lg = -1;
                            for (int c = 0; c < labels.Length; c++) if (c != rootLabel && (lg < 0 || scores[c] > scores[lg])) lg = c;
                            if (it.Gold[d] == h)
                            {
                                attach.Update(lfeats.AsSpan(0, lnf), it.Labels[d], lg);
                                attach.Tick();
                                lg = it.Labels[d];
                            }
                            label = lg;
                        }
                    }
                    state.Apply(next, label);
                }
                if (!postHoc) continue;
                // labeller on the gold tree, earlier sibling labels gold
                var heads = new int[n];
                for (int i = 0; i < n; i++) heads[i] = it.Gold[i] == n ? -1 : it.Gold[i];
                for (int d = 0; d < n; d++)
                {
                    if (heads[d] < 0) continue;
                    int nf = DependencyParser.LabelFeatures(it.Words, heads, it.Labels, d, lfeats);
                    labeller.Score(lfeats.AsSpan(0, nf), scores);
                    int guess = 0;
                    for (int c = 1; c < labels.Length; c++) if (scores[c] > scores[guess]) guess = c;
                    labeller.Update(lfeats.AsSpan(0, nf), it.Labels[d], guess);
                    labeller.Tick();
                    ltotal++;
                    if (guess == it.Labels[d]) lok++;
                }
            }
            var current = new DependencyParser(arcs.Build(prune), attach.Build(prune), postHoc ? labeller.Build(prune) : LinearModel.Empty(labels.Length), labels, clusters, featureSet, embeddings, drop) { UseAttachLabels = !postHoc };
            var devScore = "";
            if (dev is not null)
            {
                // keep the epoch with the best dev LAS (attach-time labels, the ones the transition features saw)
                var (uas, las) = Evaluate(current.WithAttachLabels(true), dev, tagger);
                devScore = string.Create(CultureInfo.InvariantCulture, $" dev UAS {uas:F2} LAS {las:F2}");
                if (result is null || las > bestLas || !keepBestEpoch)
                {
                    result = current;
                    bestLas = las;
                    bestEpoch = epoch;
                }
            }
            else result = current;
            string labelAcc = ltotal > 0 ? string.Create(CultureInfo.InvariantCulture, $" label acc {100.0 * lok / ltotal:F2}") : "";
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"parser seed {seed} epoch {epoch}: transition errors {100.0 * errors / steps:F2}%{labelAcc} features {arcs.FeatureCount}+{attach.FeatureCount}+{labeller.FeatureCount}{devScore}"));
        }
        log.WriteLine($"parser seed {seed}: keeping epoch {bestEpoch}");
        if (postHoc && dev is not null && result is not null)
        {
            var (_, lasPost) = Evaluate(result, dev, tagger);
            var attachVariant = result.WithAttachLabels(true);
            var (_, lasAttach) = Evaluate(attachVariant, dev, tagger);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parser: dev LAS post-hoc labeller {lasPost:F2}, attach-time labels {lasAttach:F2}"));
            if (lasAttach > lasPost) result = attachVariant;
        }
        return result!;
    }

    private static Item Prepare(ConlluSentence s, PosTagger? tagger, WordClusters clusters, WordClusters? embeddings, Dictionary<string, int> labelIds) =>
        Prepare(s, Tag(s, tagger, clusters, embeddings), labelIds);

    private static Item Prepare(ConlluSentence s, ParseWord[] words, Dictionary<string, int> labelIds)
    {
        int n = s.Count;
        var gold = new int[n];
        var lab = new int[n];
        for (int i = 0; i < n; i++)
        {
            gold[i] = s.Words[i].Head == 0 ? n : s.Words[i].Head - 1;
            lab[i] = labelIds.GetValueOrDefault(s.Words[i].Deprel);
        }
        return new Item(words, gold, lab);
    }

    internal static ParseWord[] Tag(ConlluSentence s, PosTagger? tagger, WordClusters clusters, WordClusters? embeddings = null)
    {
        int n = s.Count;
        var words = new ParseWord[n];
        if (tagger is null)
        {
            for (int i = 0; i < n; i++)
                words[i] = ParseWord.From(s.Words[i].Form, s.Words[i].Xpos, s.Words[i].UposTag, clusters, embeddings);
            return words;
        }
        var forms = s.Words.Select(w => w.Form).ToArray();
        var infos = tagger.Prepare(forms);
        var tags = new int[n];
        tagger.Tag(infos, tags);
        for (int i = 0; i < n; i++) words[i] = ParseWord.From(forms[i], tagger.Xpos[tags[i]], tagger.Upos[tags[i]], clusters, embeddings);
        return words;
    }

    public static (double Uas, double Las) Evaluate(DependencyParser parser, IReadOnlyList<ConlluSentence> sentences, PosTagger? tagger)
    {
        int ua = 0, la = 0, total = 0;
        var state = new ArcHybridState(sentences.Max(s => s.Count));
        foreach (var s in sentences)
        {
            var words = Tag(s, tagger, parser.Clusters, parser.EmbeddingClusters);
            var heads = new int[s.Count];
            var labs = new int[s.Count];
            parser.Parse(words, state, heads, labs);
            for (int i = 0; i < s.Count; i++)
            {
                total++;
                if (heads[i] + 1 == s.Words[i].Head)
                {
                    ua++;
                    if (parser.Labels[labs[i]] == s.Words[i].Deprel) la++;
                }
            }
        }
        return (100.0 * ua / total, 100.0 * la / total);
    }
}
