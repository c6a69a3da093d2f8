using System.Globalization;

namespace Attest.Syntax;

/// <summary>Per-word inputs of the head reviser: hashed lowercase form, XPOS hash, relation hash (updated when a word
/// moves and is relabelled), word-cluster path, UPOS.</summary>
internal struct ReviseWord
{
    public ulong Word, Tag, Rel;
    public int Cluster;
    public UPos Upos;
}

/// <summary>Reusable buffers of <see cref="HeadReviser.Revise"/> for sentences of up to <see cref="Capacity"/> words.</summary>
internal sealed class ReviseScratch
{
    public ReviseScratch(int capacity)
    {
        Capacity = capacity;
        Floating = new bool[capacity];
        Lo = new int[capacity];
        Hi = new int[capacity];
        Size = new int[capacity];
        Depth = new int[capacity];
        FixedBefore = new int[capacity + 1];
        Original = new int[capacity];
        CaseWord = new ulong[capacity];
        MarkWord = new ulong[capacity];
        HasCc = new bool[capacity];
        Candidates = new int[capacity];
        Info = new ReviseCandidate[capacity];
        Scores = new float[capacity];
    }

    public int Capacity { get; }
    /// <summary>Punctuation leaves (PUNCT, relation punct, no dependents): outside the tree for the projectivity checks.</summary>
    public readonly bool[] Floating;
    /// <summary>Leftmost and rightmost fixed word of each fixed word's subtree, its size, its depth (root 0).</summary>
    public readonly int[] Lo, Hi, Size, Depth;
    /// <summary>Number of fixed words before each position.</summary>
    public readonly int[] FixedBefore;
    public readonly int[] Original, Candidates;
    /// <summary>Word hash of each word's first case / mark dependent (0 when none), whether it has a cc dependent.</summary>
    public readonly ulong[] CaseWord, MarkWord;
    public readonly bool[] HasCc;
    public readonly ReviseCandidate[] Info;
    public readonly float[] Scores;
    public readonly ulong[] Features = new ulong[HeadReviser.MaxFeatures];
}

/// <summary>Where a candidate head sits among the candidates of one word.</summary>
internal struct ReviseCandidate
{
    /// <summary>Rank on its side (0 = the block's nearest fixed neighbour), count on that side.</summary>
    public int Rank, SideCount;
}

/// <summary>
/// Learned head reviser: after the parser (and before the punctuation re-attacher), every non-punctuation word whose
/// relation is revisable is, left to right, offered the heads that keep the tree projective given the other arcs (its
/// subtree moves with it), ranked by an averaged perceptron that sees the parser's choice; the word moves when the best
/// head outscores the current one by more than the stored margin, and an obl/nmod (advcl/acl) relation follows the new
/// head's part of speech. Immutable and thread-safe (buffers are per call).
/// </summary>
public sealed class HeadReviser
{
    internal const int MaxFeatures = 64;
    /// <summary>Payload version of revise.bin (inside the model container).</summary>
    public const int PayloadVersion = 1;
    private const ulong NoneF = 0x5678;
    private const int ClusterBits = 8;

    private readonly RankerWeights weights;
    private readonly HashSet<ulong> revisable;
    private readonly Dictionary<ulong, (ulong Nominal, ulong Verbal)> relabel;

    internal HeadReviser(ulong[] keys, float[] values, ulong[] relations, float margin, bool relabelMoves, ulong droppedTemplates = 0)
        : this(new RankerWeights(keys, values), relations, margin, relabelMoves, droppedTemplates)
    {
    }

    private HeadReviser(RankerWeights weights, ulong[] relations, float margin, bool relabelMoves, ulong droppedTemplates)
    {
        if (!float.IsFinite(margin) || margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), "margin must be finite and non-negative");
        this.weights = weights;
        Relations = relations;
        Margin = margin;
        RelabelMoves = relabelMoves;
        DroppedTemplates = droppedTemplates;
        revisable = [.. relations];
        relabel = [];
        foreach (var (nominal, verbal) in RelabelPairs)
        {
            var pair = (FeatureHash.Of(nominal), FeatureHash.Of(verbal));
            relabel[pair.Item1] = pair;
            relabel[pair.Item2] = pair;
        }
    }

    /// <summary>Relations that follow the new head: (under a nominal head, under a verbal head).</summary>
    internal static readonly (string Nominal, string Verbal)[] RelabelPairs =
    [
        ("nmod", "obl"), ("nmod:tmod", "obl:tmod"), ("nmod:npmod", "obl:npmod"), ("nmod:unmarked", "obl:unmarked"), ("acl", "advcl"),
    ];

    /// <summary>The relations revised when none are given: the attachment relations that lose most dev UAS.</summary>
    public static IReadOnlyList<string> DefaultRelations { get; } =
    [
        "obl", "nmod", "conj", "advcl", "acl", "acl:relcl", "obj", "nsubj", "compound", "advmod", "amod", "appos", "xcomp", "ccomp",
        "parataxis", "obl:tmod", "nmod:poss", "nmod:tmod", "obl:npmod", "nmod:npmod", "dep", "list", "nummod", "iobj", "nsubj:pass",
        "csubj", "det", "case", "mark", "cc", "aux", "cop", "flat", "fixed", "compound:prt", "obl:unmarked", "nmod:unmarked",
    ];

    internal ulong[] Keys => weights.Keys;
    internal float[] Values => weights.Values;
    /// <summary>Relation hashes of the words that may move.</summary>
    internal ulong[] Relations { get; }
    /// <summary>A word moves only when the best head outscores the current one by more than this.</summary>
    public float Margin { get; }
    /// <summary>Whether a moved obl/nmod or advcl/acl word takes the relation that fits its new head.</summary>
    public bool RelabelMoves { get; }
    public ulong DroppedTemplates { get; }
    public int FeatureCount => weights.Count;

    /// <summary>The same weights (shared, not re-indexed) with another margin or relabelling choice (for dev tuning).</summary>
    internal HeadReviser With(float margin, bool relabelMoves) => new(weights, Relations, margin, relabelMoves, DroppedTemplates);

    internal bool IsRevisable(ulong rel) => revisable.Contains(rel);

    /// <summary>
    /// Revises the heads of one sentence in place (<paramref name="heads"/> sentence-local, -1 = root); a moved word
    /// may get a new relation in <paramref name="w"/>. Returns the number of words moved. Leaves the sentence alone when
    /// its tree (without the punctuation leaves) is not a projective tree.
    /// </summary>
    internal int Revise(Span<ReviseWord> w, Span<int> heads, ReviseScratch s)
    {
        int n = w.Length;
        if (n > s.Capacity) throw new ArgumentException("sentence longer than the scratch buffers", nameof(w));
        if (!Prepare(w, heads, s)) return 0;
        int moved = 0;
        for (int d = 0; d < n; d++)
        {
            if (s.Floating[d] || heads[d] < 0 || !revisable.Contains(w[d].Rel)) continue;
            int nc = Candidates(heads, s, d, s.Candidates, s.Info);
            if (nc < 2) continue;
            int cur = Array.IndexOf(s.Candidates, heads[d], 0, nc);
            if (cur < 0) continue;
            int best = 0;
            for (int c = 0; c < nc; c++)
            {
                s.Scores[c] = Score(w, heads, s, d, s.Candidates[c], s.Info[c]);
                if (s.Scores[c] > s.Scores[best]) best = c;
            }
            if (best == cur || s.Scores[best] - s.Scores[cur] <= Margin) continue;
            int h = s.Candidates[best];
            heads[d] = h;
            if (RelabelMoves) w[d].Rel = Relabel(w[d].Rel, w[h].Upos);
            moved++;
            Spans(heads, s, n);
        }
        return moved;
    }

    /// <summary>The relation a moved word takes under a head of part of speech <paramref name="head"/>.</summary>
    internal ulong Relabel(ulong rel, UPos head)
    {
        if (!relabel.TryGetValue(rel, out var pair)) return rel;
        return head switch
        {
            UPos.NOUN or UPos.PROPN or UPos.PRON or UPos.NUM => pair.Nominal,
            UPos.VERB or UPos.AUX or UPos.ADJ or UPos.ADV => pair.Verbal,
            _ => rel,
        };
    }

    private float Score(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s, int d, int h, in ReviseCandidate info)
    {
        int nf = Features(w, heads, s, d, h, info, s.Features, DroppedTemplates);
        return weights.Sum(s.Features.AsSpan(0, nf));
    }

    /// <summary>
    /// Marks the punctuation leaves, records the parser's heads and each word's case/mark/cc dependents, and computes
    /// the subtree spans. False when a head is out of range or the fixed arcs have a cycle or are not projective.
    /// </summary>
    internal static bool Prepare(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s)
    {
        int n = w.Length;
        for (int i = 0; i < n; i++)
        {
            if (heads[i] >= n || heads[i] < -1 || heads[i] == i) return false;
            s.Floating[i] = w[i].Upos == UPos.PUNCT && w[i].Rel == PunctAttacher.PunctRel;
            s.Original[i] = heads[i];
            s.CaseWord[i] = 0;
            s.MarkWord[i] = 0;
            s.HasCc[i] = false;
        }
        for (int i = 0; i < n; i++)
        {
            int h = heads[i];
            if (h < 0) continue;
            s.Floating[h] = false;
            ulong r = w[i].Rel;
            if (r == CaseRel) { if (s.CaseWord[h] == 0) s.CaseWord[h] = w[i].Word; }
            else if (r == MarkRel) { if (s.MarkWord[h] == 0) s.MarkWord[h] = w[i].Word; }
            else if (r == CcRel) s.HasCc[h] = true;
        }
        s.FixedBefore[0] = 0;
        for (int i = 0; i < n; i++) s.FixedBefore[i + 1] = s.FixedBefore[i] + (s.Floating[i] ? 0 : 1);
        return Spans(heads, s, n);
    }

    /// <summary>Subtree spans, sizes and depths of the fixed words; false on a cycle or a non-projective subtree.</summary>
    private static bool Spans(ReadOnlySpan<int> heads, ReviseScratch s, int n)
    {
        for (int i = 0; i < n; i++)
        {
            s.Lo[i] = i;
            s.Hi[i] = i;
            s.Size[i] = 0;
        }
        for (int i = 0; i < n; i++)
        {
            if (s.Floating[i]) continue;
            int depth = 0;
            for (int a = i; a >= 0; a = heads[a])
            {
                if (depth > n) return false;
                if (s.Lo[a] > i) s.Lo[a] = i;
                if (s.Hi[a] < i) s.Hi[a] = i;
                s.Size[a]++;
                if (heads[a] >= 0) depth++;
            }
            s.Depth[i] = depth;
        }
        for (int i = 0; i < n; i++)
            if (!s.Floating[i] && s.FixedBefore[s.Hi[i] + 1] - s.FixedBefore[s.Lo[i]] != s.Size[i]) return false;
        return true;
    }

    private static readonly ulong CaseRel = FeatureHash.Of("case"), MarkRel = FeatureHash.Of("mark"), CcRel = FeatureHash.Of("cc");
    private static readonly ulong Nsubj = FeatureHash.Of("nsubj"), NsubjPass = FeatureHash.Of("nsubj:pass"), Csubj = FeatureHash.Of("csubj"), Obj = FeatureHash.Of("obj");

    /// <summary>
    /// The heads of word <paramref name="d"/> (its subtree moving with it) that keep the fixed tree projective: the
    /// ancestors of the block's nearest fixed neighbour on each side, up to the ends of the innermost arc over the block
    /// (to the top when none). The current head is among them.
    /// </summary>
    internal static int Candidates(ReadOnlySpan<int> heads, ReviseScratch s, int d, int[] cands, ReviseCandidate[] info)
    {
        int n = heads.Length;
        int l = s.Lo[d], r = s.Hi[d];
        // innermost arc over the block: the one with the largest left end (arcs over a gap nest)
        int coverL = -1, coverR = n;
        for (int i = 0; i < n; i++)
        {
            if (s.Floating[i] || (i >= l && i <= r)) continue;
            int h = heads[i];
            if (h < 0) continue;
            int a = Math.Min(i, h), b = Math.Max(i, h);
            if (a < l && b > r && a > coverL)
            {
                coverL = a;
                coverR = b;
            }
        }
        int count = 0;
        int left = l - 1;
        while (left >= 0 && s.Floating[left]) left--;
        for (int a = left; a >= 0 && a < l; a = heads[a])
        {
            info[count] = new ReviseCandidate { Rank = count };
            cands[count++] = a;
            if (a == coverL) break;
        }
        int leftCount = count;
        int right = r + 1;
        while (right < n && s.Floating[right]) right++;
        for (int a = right < n ? right : -1; a > r; a = heads[a])
        {
            info[count] = new ReviseCandidate { Rank = count - leftCount };
            cands[count++] = a;
            if (a == coverR) break;
        }
        for (int c = 0; c < count; c++) info[c].SideCount = c < leftCount ? leftCount : count - leftCount;
        return count;
    }

    private static int Bucket(int d) => d switch { <= 3 => d, <= 5 => 4, <= 8 => 5, <= 14 => 6, _ => 7 };

    /// <summary>1 h is the parser's head o, 2 o's head, 3 a child of o (sibling), 4 a grandchild of o, 5 a further ancestor of o, 6 other.</summary>
    private static ulong RelationToOriginal(ReadOnlySpan<int> heads, int h, int o)
    {
        if (h == o) return 1;
        if (o >= 0 && heads[o] == h) return 2;
        if (heads[h] == o) return 3;
        if (heads[h] >= 0 && heads[heads[h]] == o) return 4;
        for (int a = o; a >= 0; a = heads[a]) if (a == h) return 5;
        return 6;
    }

    internal static int Features(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s, int d, int h, in ReviseCandidate info, Span<ulong> f, ulong drop = 0)
    {
        int n = w.Length;
        ulong du = (ulong)w[d].Upos + 1, dt = w[d].Tag, dr = w[d].Rel, dw = w[d].Word;
        ulong hu = (ulong)w[h].Upos + 1, ht = w[h].Tag, hr = w[h].Rel, hw = w[h].Word;
        ulong dc = (ulong)WordClusters.Prefix(w[d].Cluster, ClusterBits), hc = (ulong)WordClusters.Prefix(w[h].Cluster, ClusterBits);
        ulong dir = h < d ? 1UL : 2UL;
        ulong dist = (ulong)Bucket(Math.Abs(h - d));
        ulong chosen = s.Original[d] == h ? 1UL : 0UL;
        ulong rel6 = RelationToOriginal(heads, h, s.Original[d]);
        ulong rank = (ulong)Math.Min(info.Rank, 4), side = (ulong)Math.Min(info.SideCount, 4);
        ulong cw = s.CaseWord[d] == 0 ? NoneF : s.CaseWord[d], mw = s.MarkWord[d] == 0 ? NoneF : s.MarkWord[d];
        ulong cc = s.HasCc[d] ? 1UL : 0UL;
        ulong dsz = (ulong)Bucket(s.Size[d]);
        ulong hd = (ulong)Math.Min(s.Depth[h], 7);
        ulong same = du == hu ? 1UL : 0UL;
        // between h and d's block: verbs, punctuation, a coordinating conjunction
        int lo = h < d ? h + 1 : s.Hi[d] + 1, hi = h < d ? s.Lo[d] : h;
        int verbs = 0, punct = 0;
        bool ccBetween = false;
        for (int x = lo; x < hi; x++)
        {
            if (w[x].Upos == UPos.PUNCT) punct++;
            else if (w[x].Upos == UPos.VERB) verbs++;
            else if (w[x].Rel == CcRel) ccBetween = true;
        }
        ulong between = (ulong)Math.Min(verbs, 2) * 4 + (ulong)Math.Min(punct, 3);
        // h's other dependents: one with d's relation, a subject, an object
        bool hSame = false, hSubj = false, hObj = false;
        for (int x = 0; x < n; x++)
        {
            if (heads[x] != h || x == d) continue;
            ulong xr = w[x].Rel;
            if (xr == dr) hSame = true;
            if (xr == Nsubj || xr == NsubjPass || xr == Csubj) hSubj = true;
            else if (xr == Obj) hObj = true;
        }
        ulong hs = hSame ? 1UL : 0UL;
        ulong args = (hSubj ? 2UL : 0UL) + (hObj ? 1UL : 0UL);
        ulong gpu = heads[h] < 0 ? NoneF : (ulong)w[heads[h]].Upos + 1;
        int k = 0;
        if ((drop & (1UL << 1)) == 0) f[k++] = FeatureHash.F(1, du, hu, dir * 8 + dist);
        if ((drop & (1UL << 2)) == 0) f[k++] = FeatureHash.F(2, dr, hu, dir);
        if ((drop & (1UL << 3)) == 0) f[k++] = FeatureHash.F(3, dr, ht, dir);
        if ((drop & (1UL << 4)) == 0) f[k++] = FeatureHash.F(4, dw, hu, dir);
        if ((drop & (1UL << 5)) == 0) f[k++] = FeatureHash.F(5, du, hw, dir);
        if ((drop & (1UL << 6)) == 0) f[k++] = FeatureHash.F(6, dr, hr, dir);
        if ((drop & (1UL << 7)) == 0) f[k++] = FeatureHash.F(7, cw, hu, dir);
        if ((drop & (1UL << 8)) == 0) f[k++] = FeatureHash.F(8, cw, hw);
        if ((drop & (1UL << 9)) == 0) f[k++] = FeatureHash.F(9, cw, hc);
        if ((drop & (1UL << 10)) == 0) f[k++] = FeatureHash.F(10, chosen, dr);
        if ((drop & (1UL << 11)) == 0) f[k++] = FeatureHash.F(11, chosen, du * 32 + hu);
        if ((drop & (1UL << 12)) == 0) f[k++] = FeatureHash.F(12, rel6, dr, dir);
        if ((drop & (1UL << 13)) == 0) f[k++] = FeatureHash.F(13, rank * 8 + side, dr, dir);
        if ((drop & (1UL << 14)) == 0) f[k++] = FeatureHash.F(14, between, du * 32 + hu, dir);
        if ((drop & (1UL << 15)) == 0) f[k++] = FeatureHash.F(15, hs, dr, hu);
        if ((drop & (1UL << 16)) == 0) f[k++] = FeatureHash.F(16, same * 2 + cc, dr, hu);
        if ((drop & (1UL << 17)) == 0) f[k++] = FeatureHash.F(17, hd, dr, dir);
        if ((drop & (1UL << 18)) == 0) f[k++] = FeatureHash.F(18, dc, hc, dir);
        if ((drop & (1UL << 19)) == 0) f[k++] = FeatureHash.F(19, mw, hu, dir);
        if ((drop & (1UL << 20)) == 0) f[k++] = FeatureHash.F(20, dw, hw);
        if ((drop & (1UL << 21)) == 0) f[k++] = FeatureHash.F(21, args, du, dir);
        if ((drop & (1UL << 22)) == 0) f[k++] = FeatureHash.F(22, dsz, du, dir);
        if ((drop & (1UL << 23)) == 0) f[k++] = FeatureHash.F(23, dist, dr, hu);
        if ((drop & (1UL << 24)) == 0) f[k++] = FeatureHash.F(24, chosen, rel6, dr);
        if ((drop & (1UL << 25)) == 0) f[k++] = FeatureHash.F(25, cw, ht, dir);
        if ((drop & (1UL << 26)) == 0) f[k++] = FeatureHash.F(26, dt, ht, dir);
        if ((drop & (1UL << 27)) == 0) f[k++] = FeatureHash.F(27, du, hc);
        if ((drop & (1UL << 28)) == 0) f[k++] = FeatureHash.F(28, dc, hu, dr);
        if ((drop & (1UL << 29)) == 0) f[k++] = FeatureHash.F(29, rank * 2 + chosen, dir * 8 + side);
        if ((drop & (1UL << 30)) == 0) f[k++] = FeatureHash.F(30, hr, hu, dr);
        if ((drop & (1UL << 31)) == 0) f[k++] = FeatureHash.F(31, gpu, dr, hu);
        if ((drop & (1UL << 32)) == 0) f[k++] = FeatureHash.F(32, cw, dr, hu);
        if ((drop & (1UL << 33)) == 0) f[k++] = FeatureHash.F(33, chosen, dt, ht);
        if ((drop & (1UL << 34)) == 0) f[k++] = FeatureHash.F(34, dw, hu, dr);
        if ((drop & (1UL << 35)) == 0) f[k++] = FeatureHash.F(35, (ulong)Math.Min(verbs, 2), dr, dir);
        if ((drop & (1UL << 36)) == 0) f[k++] = FeatureHash.F(36, (ccBetween ? 2UL : 0UL) + same, dr, hu);
        if ((drop & (1UL << 37)) == 0) f[k++] = FeatureHash.F(37, cw, dc, hu);
        if ((drop & (1UL << 38)) == 0) f[k++] = FeatureHash.F(38, hw, dr);
        if ((drop & (1UL << 39)) == 0) f[k++] = FeatureHash.F(39, hs * 2 + chosen, dr);
        if ((drop & (1UL << 40)) == 0) f[k++] = FeatureHash.F(40, chosen, between, dr);
        if ((drop & (1UL << 41)) == 0) f[k++] = FeatureHash.F(41, chosen, hd, dr);
        return k;
    }

    public void Save(string path) => ModelFile.Save(path, ModelKind.Revise, Write);

    internal void Write(BinaryWriter w)
    {
        w.Write(PayloadVersion);
        w.Write(Margin);
        w.Write(RelabelMoves);
        w.Write(DroppedTemplates);
        w.Write(Relations.Length);
        foreach (var r in Relations) w.Write(r);
        weights.Write(w);
    }

    public static HeadReviser Load(string path) => ModelFile.Load(path, ModelKind.Revise, Read);

    internal static HeadReviser Read(BinaryReader r)
    {
        int version = r.ReadInt32();
        if (version != PayloadVersion)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"unsupported head-reviser payload version {version} (this build reads {PayloadVersion})"));
        float margin = r.ReadSingle();
        if (!float.IsFinite(margin) || margin < 0) throw new InvalidDataException("invalid head-reviser margin");
        bool relabelMoves = r.ReadBoolean();
        ulong dropped = r.ReadUInt64();
        int nr = r.ReadInt32();
        if (nr < 0 || nr > 10_000) throw new InvalidDataException("implausible head-reviser relation count");
        var relations = new ulong[nr];
        for (int i = 0; i < nr; i++) relations[i] = r.ReadUInt64();
        return new HeadReviser(RankerWeights.Read(r, "head-reviser"), relations, margin, relabelMoves, dropped);
    }
}
