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
        Args = new int[capacity];
        Cluster = new ulong[capacity];
        ChildStart = new int[capacity + 1];
        Children = new int[capacity];
        PunctBefore = new int[capacity + 1];
        VerbBefore = new int[capacity + 1];
        CcBefore = new int[capacity + 1];
        Candidates = new int[capacity];
        Info = new ReviseCandidate[capacity];
        Scores = new float[capacity];
        Features = new ulong[HeadReviser.MaxFeatures * Math.Max(1, capacity)];
        Counts = new int[capacity];
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
    /// <summary>Dependents of each word by kind (<see cref="HeadReviser.ArgObj"/>, subject, copula, auxiliary bits), for the current tree.</summary>
    public readonly int[] Args;
    /// <summary>Each word's cluster-path prefix (computed once per sentence).</summary>
    public readonly ulong[] Cluster;
    /// <summary>Dependents of word h (every word, punctuation included): Children[ChildStart[h] .. ChildStart[h + 1]).</summary>
    public readonly int[] ChildStart, Children;
    /// <summary>Punctuation words, verbs and cc words before each position (prefix counts, fixed per sentence).</summary>
    public readonly int[] PunctBefore, VerbBefore, CcBefore;
    public readonly ReviseCandidate[] Info;
    public readonly float[] Scores;
    /// <summary>The features of every candidate of one word, <see cref="HeadReviser.MaxFeatures"/> slots per candidate.</summary>
    public readonly ulong[] Features;
    /// <summary>Feature count of each candidate (and a counting buffer for the child lists).</summary>
    public readonly int[] Counts;
}

/// <summary>Where a candidate head sits among the candidates of one word.</summary>
internal struct ReviseCandidate
{
    /// <summary>Rank on its side (0 = the block's nearest fixed neighbour), count on that side.</summary>
    public int Rank, SideCount;
}

/// <summary>
/// Learned head reviser: after the parser (and before the punctuation re-attacher), it may first re-choose the root
/// (the parser's root or one of its predicate dependents, which then takes the old root as a dependent), then every
/// non-punctuation word whose relation is revisable is, left to right, offered the heads that keep the tree projective
/// given the other arcs (its subtree moves with it), ranked by an averaged perceptron that sees the parser's choice; the
/// word moves when the best head outscores the current one by more than the stored margin, and an obl/nmod
/// (advcl/acl) relation follows the new head's part of speech. With the guards, a subject moves only to a predicate
/// (verb, auxiliary, adjective, or a word with a copula) that has no subject yet, and a bare noun hung from an adjacent
/// noun by parataxis, dep or list with no punctuation between (a name split in two, "Ruritania Prime Minister Anna
/// Berg") stays with it. Immutable and thread-safe (buffers are per call).
/// </summary>
public sealed class HeadReviser
{
    internal const int MaxFeatures = 64;
    /// <summary>Payload version of revise.bin (inside the model container): 2 = single-mix feature hashing, root re-choice, guards.</summary>
    public const int PayloadVersion = 2;
    private const ulong NoneF = 0x5678;
    private const int ClusterBits = 8;
    internal const int ArgObj = 1, ArgSubj = 2, ArgCop = 4, ArgAux = 8;

    private readonly RankerWeights weights;
    private readonly HashSet<ulong> revisable;
    private readonly Dictionary<ulong, (ulong Nominal, ulong Verbal)> relabel;
    private readonly Dictionary<ulong, ulong> rootLabels;

    internal HeadReviser(ulong[] keys, float[] values, ulong[] relations, float margin, bool relabelMoves, ulong droppedTemplates = 0)
        : this(new RankerWeights(keys, values), relations, margin, relabelMoves, droppedTemplates, new ReviseRoot(false, 0, []), false, 0)
    {
    }

    internal HeadReviser(ulong[] keys, float[] values, ulong[] relations, float margin, bool relabelMoves, ulong droppedTemplates, ReviseRoot root, bool guards, int maxRank)
        : this(new RankerWeights(keys, values), relations, margin, relabelMoves, droppedTemplates, root, guards, maxRank)
    {
    }

    private HeadReviser(RankerWeights weights, ulong[] relations, float margin, bool relabelMoves, ulong droppedTemplates, ReviseRoot root, bool guards, int maxRank)
    {
        if (maxRank < 0) throw new ArgumentOutOfRangeException(nameof(maxRank), "candidate rank cap must be non-negative (0 = none)");
        MaxRank = maxRank;
        if (!float.IsFinite(margin) || margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), "margin must be finite and non-negative");
        if (!float.IsFinite(root.Margin) || root.Margin < 0) throw new ArgumentOutOfRangeException(nameof(root), "root margin must be finite and non-negative");
        this.weights = weights;
        Relations = relations;
        Margin = margin;
        RelabelMoves = relabelMoves;
        DroppedTemplates = droppedTemplates;
        Root = root;
        Guards = guards;
        revisable = [.. relations];
        relabel = [];
        foreach (var (nominal, verbal) in RelabelPairs)
        {
            var pair = (FeatureHash.Of(nominal), FeatureHash.Of(verbal));
            relabel[pair.Item1] = pair;
            relabel[pair.Item2] = pair;
        }
        rootLabels = [];
        foreach (var (key, label) in root.Labels) rootLabels[key] = label;
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
    /// <summary>Root re-choice: whether it runs, its margin, and the relation the old root takes under the new one.</summary>
    internal ReviseRoot Root { get; }
    /// <summary>Whether the root is re-chosen before the words are revised.</summary>
    public bool RootChoice => Root.Enabled;
    /// <summary>Whether the guards hold: a subject moves only to a predicate without a subject; a split name stays together.</summary>
    public bool Guards { get; }
    public int FeatureCount => weights.Count;
    /// <summary>Candidates per side beyond this many (nearest first) are not scored, the current head always is; 0 = all.</summary>
    public int MaxRank { get; }

    /// <summary>The same weights (shared, not re-indexed) with another margin or relabelling choice (for dev tuning).</summary>
    internal HeadReviser With(float margin, bool relabelMoves) => new(weights, Relations, margin, relabelMoves, DroppedTemplates, Root, Guards, MaxRank);

    /// <summary>The same weights with another root re-choice setting or guards (for dev tuning).</summary>
    internal HeadReviser With(float margin, bool relabelMoves, ReviseRoot root, bool guards) => new(weights, Relations, margin, relabelMoves, DroppedTemplates, root, guards, MaxRank);

    internal bool IsRevisable(ulong rel) => revisable.Contains(rel);

    /// <summary>
    /// Revises the heads of one sentence in place (<paramref name="heads"/> sentence-local, -1 = root); a moved word
    /// may get a new relation in <paramref name="w"/>. Returns the number of words moved (a root re-choice counts the
    /// new root and the old one). Leaves the sentence alone when its tree (without the punctuation leaves) is not a
    /// projective tree.
    /// </summary>
    internal int Revise(Span<ReviseWord> w, Span<int> heads, ReviseScratch s)
    {
        int n = w.Length;
        if (n > s.Capacity) throw new ArgumentException("sentence longer than the scratch buffers", nameof(w));
        if (!Prepare(w, heads, s)) return 0;
        int moved = 0;
        if (Root.Enabled && ReviseRootChoice(w, heads, s)) moved += 2;
        for (int d = 0; d < n; d++)
        {
            if (s.Floating[d] || heads[d] < 0 || !revisable.Contains(w[d].Rel)) continue;
            int nc = Candidates(heads, s, d, s.Candidates, s.Info);
            if (nc < 2) continue;
            if (Guards && SplitName(w, heads, s, d)) continue;
            if (MaxRank > 0) nc = CapRank(heads, s, d, nc, MaxRank);
            if (Guards && IsSubject(w[d].Rel)) nc = GuardSubject(w, heads, s, d, nc);
            if (nc < 2) continue;
            int cur = Array.IndexOf(s.Candidates, heads[d], 0, nc);
            if (cur < 0) continue;
            int best = ScoreCandidates(w, heads, s, d, nc);
            if (best == cur || s.Scores[best] - s.Scores[cur] <= Margin) continue;
            int h = s.Candidates[best];
            heads[d] = h;
            if (RelabelMoves) w[d].Rel = Relabel(w[d].Rel, w[h].Upos);
            moved++;
            Spans(heads, s, n);
            Children(w, heads, s);
        }
        return moved;
    }

    /// <summary>Scores every candidate of word <paramref name="d"/> into <c>s.Scores</c> (features of all candidates first,
    /// their table slots prefetched, then summed); returns the best one's index.</summary>
    private int ScoreCandidates(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s, int d, int nc)
    {
        var feats = s.Features.AsSpan();
        for (int c = 0; c < nc; c++)
            s.Counts[c] = Features(w, heads, s, d, s.Candidates[c], s.Info[c], feats.Slice(c * MaxFeatures, MaxFeatures), DroppedTemplates);
        return weights.Best(feats, MaxFeatures, s.Counts.AsSpan(0, nc), s.Scores);
    }

    /// <summary>
    /// Root re-choice: ranks the root against its predicate dependents that can take it over projectively; when one
    /// wins by more than the root margin it becomes the root and the old root its dependent (relation from the
    /// model's table). True when the root changed.
    /// </summary>
    private bool ReviseRootChoice(Span<ReviseWord> w, Span<int> heads, ReviseScratch s)
    {
        int r = UniqueRoot(heads, s);
        if (r < 0) return false;
        int nc = RootCandidates(w, heads, s, r, s.Candidates, Guards);
        if (nc < 2) return false;
        var feats = s.Features.AsSpan();
        for (int c = 0; c < nc; c++)
            s.Counts[c] = RootFeatures(w, heads, s, r, s.Candidates[c], feats.Slice(c * MaxFeatures, MaxFeatures), DroppedTemplates);
        int best = weights.Best(feats, MaxFeatures, s.Counts.AsSpan(0, nc), s.Scores);
        // candidate 0 is the parser's root
        if (best == 0 || s.Scores[best] - s.Scores[0] <= Root.Margin) return false;
        int x = s.Candidates[best];
        ulong oldRel = w[x].Rel;
        heads[x] = -1;
        heads[r] = x;
        w[r].Rel = RootLabel(oldRel, x < r, w[r].Upos);
        w[x].Rel = RootRel;
        Spans(heads, s, w.Length);
        Children(w, heads, s);
        return true;
    }

    /// <summary>The relation the old root takes under the new one: the model's table by (the new root's old relation,
    /// side, old root's UPOS), parataxis when the table has no entry.</summary>
    internal ulong RootLabel(ulong newRootOldRel, bool newRootFirst, UPos oldRoot) =>
        rootLabels.TryGetValue(RootLabelKey(newRootOldRel, newRootFirst, oldRoot), out var label) ? label : Parataxis;

    internal static ulong RootLabelKey(ulong newRootOldRel, bool newRootFirst, UPos oldRoot) =>
        FeatureHash.Mix(99, newRootOldRel, newRootFirst ? 1UL : 2UL, (ulong)oldRoot + 1);

    /// <summary>The single fixed word whose head is -1, or -1 when there is none or more than one.</summary>
    internal static int UniqueRoot(ReadOnlySpan<int> heads, ReviseScratch s)
    {
        int r = -1;
        for (int i = 0; i < heads.Length; i++)
        {
            if (heads[i] >= 0 || s.Floating[i]) continue;
            if (r >= 0) return -1;
            r = i;
        }
        return r;
    }

    /// <summary>
    /// Root candidates: <paramref name="r"/> first, then each fixed dependent of it that can head a clause (not a
    /// function word or punctuation) and whose taking over keeps the tree projective: no other fixed dependent of
    /// <paramref name="r"/> lies beyond its subtree on the far side from <paramref name="r"/> (with the guards, not a split name).
    /// </summary>
    internal static int RootCandidates(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s, int r, int[] cands, bool guards = false)
    {
        int count = 0;
        cands[count++] = r;
        for (int k = s.ChildStart[r]; k < s.ChildStart[r + 1]; k++)
        {
            int x = s.Children[k];
            if (s.Floating[x] || !CanHeadClause(w[x].Upos) || (guards && SplitName(w, heads, s, x))) continue;
            bool ok = true;
            for (int j = s.ChildStart[r]; j < s.ChildStart[r + 1] && ok; j++)
            {
                int c = s.Children[j];
                if (c == x || s.Floating[c]) continue;
                if (x > r ? c > s.Hi[x] : c < s.Lo[x]) ok = false;
            }
            if (ok) cands[count++] = x;
        }
        return count;
    }

    private static bool CanHeadClause(UPos u) => u is UPos.VERB or UPos.AUX or UPos.ADJ or UPos.NOUN or UPos.PROPN or UPos.PRON or UPos.NUM or UPos.ADV or UPos.INTJ or UPos.X or UPos.SYM;

    /// <summary>Name guard: <paramref name="d"/> is a noun hung from a noun by parataxis, dep or list with no punctuation between.</summary>
    internal static bool SplitName(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s, int d)
    {
        int h = heads[d];
        ulong r = w[d].Rel;
        if (h < 0 || !(r == Parataxis || r == DepRel || r == ListRel) || !IsNoun(w[d].Upos) || !IsNoun(w[h].Upos)) return false;
        int lo = Math.Min(h, d) + 1, hi = Math.Max(h, d);
        return s.PunctBefore[hi] == s.PunctBefore[lo];
    }

    private static bool IsNoun(UPos u) => u is UPos.NOUN or UPos.PROPN;

    internal static bool IsSubject(ulong rel) => rel == Nsubj || rel == NsubjPass || rel == Csubj;

    /// <summary>Keeps the candidates of rank below <paramref name="maxRank"/> on their side, and the current head.</summary>
    internal static int CapRank(ReadOnlySpan<int> heads, ReviseScratch s, int d, int nc, int maxRank)
    {
        int k = 0;
        for (int c = 0; c < nc; c++)
        {
            if (s.Info[c].Rank >= maxRank && s.Candidates[c] != heads[d]) continue;
            s.Candidates[k] = s.Candidates[c];
            s.Info[k++] = s.Info[c];
        }
        return k;
    }

    /// <summary>Subject guard: keeps the current head and the candidates that are predicates without another subject.</summary>
    internal static int GuardSubject(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s, int d, int nc)
    {
        int k = 0;
        for (int c = 0; c < nc; c++)
        {
            int h = s.Candidates[c];
            bool keep = h == heads[d] || (IsPredicate(w[h].Upos, s.Args[h]) && (s.Args[h] & ArgSubj) == 0);
            if (!keep) continue;
            s.Candidates[k] = h;
            s.Info[k++] = s.Info[c];
        }
        return k;
    }

    private static bool IsPredicate(UPos u, int args) => u is UPos.VERB or UPos.AUX or UPos.ADJ || (args & ArgCop) != 0;

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

    /// <summary>
    /// Marks the punctuation leaves, records the parser's heads, each word's cluster prefix and case/mark/cc and
    /// argument dependents, the prefix counts of punctuation, verbs and cc words, and computes the subtree spans. False
    /// when a head is out of range or the fixed arcs have a cycle or are not projective.
    /// </summary>
    internal static bool Prepare(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s)
    {
        int n = w.Length;
        s.PunctBefore[0] = s.VerbBefore[0] = s.CcBefore[0] = 0;
        for (int i = 0; i < n; i++)
        {
            if (heads[i] >= n || heads[i] < -1 || heads[i] == i) return false;
            s.Floating[i] = w[i].Upos == UPos.PUNCT && w[i].Rel == PunctAttacher.PunctRel;
            s.Original[i] = heads[i];
            s.Cluster[i] = (ulong)WordClusters.Prefix(w[i].Cluster, ClusterBits);
            bool punct = w[i].Upos == UPos.PUNCT, verb = !punct && w[i].Upos == UPos.VERB, cc = !punct && !verb && w[i].Rel == CcRel;
            s.PunctBefore[i + 1] = s.PunctBefore[i] + (punct ? 1 : 0);
            s.VerbBefore[i + 1] = s.VerbBefore[i] + (verb ? 1 : 0);
            s.CcBefore[i + 1] = s.CcBefore[i] + (cc ? 1 : 0);
        }
        for (int i = 0; i < n; i++)
            if (heads[i] >= 0) s.Floating[heads[i]] = false;
        s.FixedBefore[0] = 0;
        for (int i = 0; i < n; i++) s.FixedBefore[i + 1] = s.FixedBefore[i] + (s.Floating[i] ? 0 : 1);
        Children(w, heads, s);
        return Spans(heads, s, n);
    }

    /// <summary>Child lists (in word order), each word's first case / mark dependent, cc and argument flags, for the current tree.</summary>
    private static void Children(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s)
    {
        int n = w.Length;
        var counts = s.Counts;
        for (int i = 0; i < n; i++)
        {
            counts[i] = 0;
            s.CaseWord[i] = 0;
            s.MarkWord[i] = 0;
            s.HasCc[i] = false;
            s.Args[i] = 0;
        }
        for (int i = 0; i < n; i++) if (heads[i] >= 0) counts[heads[i]]++;
        s.ChildStart[0] = 0;
        for (int i = 0; i < n; i++) s.ChildStart[i + 1] = s.ChildStart[i] + counts[i];
        for (int i = 0; i < n; i++) counts[i] = s.ChildStart[i];
        for (int i = 0; i < n; i++)
        {
            int h = heads[i];
            if (h < 0) continue;
            s.Children[counts[h]++] = i;
            ulong r = w[i].Rel;
            if (r == CaseRel) { if (s.CaseWord[h] == 0) s.CaseWord[h] = w[i].Word; }
            else if (r == MarkRel) { if (s.MarkWord[h] == 0) s.MarkWord[h] = w[i].Word; }
            else if (r == CcRel) s.HasCc[h] = true;
            else if (r == Nsubj || r == NsubjPass || r == Csubj) s.Args[h] |= ArgSubj;
            else if (r == Obj) s.Args[h] |= ArgObj;
            else if (r == CopRel) s.Args[h] |= ArgCop;
            else if (r == AuxRel || r == AuxPassRel) s.Args[h] |= ArgAux;
        }
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
    private static readonly ulong CopRel = FeatureHash.Of("cop"), AuxRel = FeatureHash.Of("aux"), AuxPassRel = FeatureHash.Of("aux:pass");
    internal static readonly ulong RootRel = FeatureHash.Of("root"), Parataxis = FeatureHash.Of("parataxis");
    private static readonly ulong DepRel = FeatureHash.Of("dep"), ListRel = FeatureHash.Of("list");

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
        ulong du = (ulong)w[d].Upos + 1, dt = w[d].Tag, dr = w[d].Rel, dw = w[d].Word;
        ulong hu = (ulong)w[h].Upos + 1, ht = w[h].Tag, hr = w[h].Rel, hw = w[h].Word;
        ulong dc = s.Cluster[d], hc = s.Cluster[h];
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
        if (hi > lo)
        {
            punct = s.PunctBefore[hi] - s.PunctBefore[lo];
            verbs = s.VerbBefore[hi] - s.VerbBefore[lo];
            ccBetween = s.CcBefore[hi] > s.CcBefore[lo];
        }
        ulong between = (ulong)Math.Min(verbs, 2) * 4 + (ulong)Math.Min(punct, 3);
        // h's other dependents: one with d's relation, a subject, an object
        bool hSame = false;
        for (int k = s.ChildStart[h]; k < s.ChildStart[h + 1]; k++)
        {
            int x = s.Children[k];
            if (x != d && w[x].Rel == dr) { hSame = true; break; }
        }
        int hArgs = s.Args[h];
        if (heads[d] == h)
        {
            // d itself is not one of h's other dependents
            ulong r = dr;
            if (r == Nsubj || r == NsubjPass || r == Csubj) hArgs = OtherArgs(w, s, h, d, hArgs, ArgSubj);
            else if (r == Obj) hArgs = OtherArgs(w, s, h, d, hArgs, ArgObj);
        }
        ulong hs = hSame ? 1UL : 0UL;
        ulong args = ((hArgs & ArgSubj) != 0 ? 2UL : 0UL) + ((hArgs & ArgObj) != 0 ? 1UL : 0UL);
        ulong gpu = heads[h] < 0 ? NoneF : (ulong)w[heads[h]].Upos + 1;
        int k2 = 0;
        if ((drop & (1UL << 1)) == 0) f[k2++] = FeatureHash.Mix(1, du, hu, dir * 8 + dist);
        if ((drop & (1UL << 2)) == 0) f[k2++] = FeatureHash.Mix(2, dr, hu, dir);
        if ((drop & (1UL << 3)) == 0) f[k2++] = FeatureHash.Mix(3, dr, ht, dir);
        if ((drop & (1UL << 4)) == 0) f[k2++] = FeatureHash.Mix(4, dw, hu, dir);
        if ((drop & (1UL << 5)) == 0) f[k2++] = FeatureHash.Mix(5, du, hw, dir);
        if ((drop & (1UL << 6)) == 0) f[k2++] = FeatureHash.Mix(6, dr, hr, dir);
        if ((drop & (1UL << 7)) == 0) f[k2++] = FeatureHash.Mix(7, cw, hu, dir);
        if ((drop & (1UL << 8)) == 0) f[k2++] = FeatureHash.Mix(8, cw, hw);
        if ((drop & (1UL << 9)) == 0) f[k2++] = FeatureHash.Mix(9, cw, hc);
        if ((drop & (1UL << 10)) == 0) f[k2++] = FeatureHash.Mix(10, chosen, dr);
        if ((drop & (1UL << 11)) == 0) f[k2++] = FeatureHash.Mix(11, chosen, du * 32 + hu);
        if ((drop & (1UL << 12)) == 0) f[k2++] = FeatureHash.Mix(12, rel6, dr, dir);
        if ((drop & (1UL << 13)) == 0) f[k2++] = FeatureHash.Mix(13, rank * 8 + side, dr, dir);
        if ((drop & (1UL << 14)) == 0) f[k2++] = FeatureHash.Mix(14, between, du * 32 + hu, dir);
        if ((drop & (1UL << 15)) == 0) f[k2++] = FeatureHash.Mix(15, hs, dr, hu);
        if ((drop & (1UL << 16)) == 0) f[k2++] = FeatureHash.Mix(16, same * 2 + cc, dr, hu);
        if ((drop & (1UL << 17)) == 0) f[k2++] = FeatureHash.Mix(17, hd, dr, dir);
        if ((drop & (1UL << 18)) == 0) f[k2++] = FeatureHash.Mix(18, dc, hc, dir);
        if ((drop & (1UL << 19)) == 0) f[k2++] = FeatureHash.Mix(19, mw, hu, dir);
        if ((drop & (1UL << 20)) == 0) f[k2++] = FeatureHash.Mix(20, dw, hw);
        if ((drop & (1UL << 21)) == 0) f[k2++] = FeatureHash.Mix(21, args, du, dir);
        if ((drop & (1UL << 22)) == 0) f[k2++] = FeatureHash.Mix(22, dsz, du, dir);
        if ((drop & (1UL << 23)) == 0) f[k2++] = FeatureHash.Mix(23, dist, dr, hu);
        if ((drop & (1UL << 24)) == 0) f[k2++] = FeatureHash.Mix(24, chosen, rel6, dr);
        if ((drop & (1UL << 25)) == 0) f[k2++] = FeatureHash.Mix(25, cw, ht, dir);
        if ((drop & (1UL << 26)) == 0) f[k2++] = FeatureHash.Mix(26, dt, ht, dir);
        if ((drop & (1UL << 27)) == 0) f[k2++] = FeatureHash.Mix(27, du, hc);
        if ((drop & (1UL << 28)) == 0) f[k2++] = FeatureHash.Mix(28, dc, hu, dr);
        if ((drop & (1UL << 29)) == 0) f[k2++] = FeatureHash.Mix(29, rank * 2 + chosen, dir * 8 + side);
        if ((drop & (1UL << 30)) == 0) f[k2++] = FeatureHash.Mix(30, hr, hu, dr);
        if ((drop & (1UL << 31)) == 0) f[k2++] = FeatureHash.Mix(31, gpu, dr, hu);
        if ((drop & (1UL << 32)) == 0) f[k2++] = FeatureHash.Mix(32, cw, dr, hu);
        if ((drop & (1UL << 33)) == 0) f[k2++] = FeatureHash.Mix(33, chosen, dt, ht);
        if ((drop & (1UL << 34)) == 0) f[k2++] = FeatureHash.Mix(34, dw, hu, dr);
        if ((drop & (1UL << 35)) == 0) f[k2++] = FeatureHash.Mix(35, (ulong)Math.Min(verbs, 2), dr, dir);
        if ((drop & (1UL << 36)) == 0) f[k2++] = FeatureHash.Mix(36, (ccBetween ? 2UL : 0UL) + same, dr, hu);
        if ((drop & (1UL << 37)) == 0) f[k2++] = FeatureHash.Mix(37, cw, dc, hu);
        if ((drop & (1UL << 38)) == 0) f[k2++] = FeatureHash.Mix(38, hw, dr);
        if ((drop & (1UL << 39)) == 0) f[k2++] = FeatureHash.Mix(39, hs * 2 + chosen, dr);
        if ((drop & (1UL << 40)) == 0) f[k2++] = FeatureHash.Mix(40, chosen, between, dr);
        if ((drop & (1UL << 41)) == 0) f[k2++] = FeatureHash.Mix(41, chosen, hd, dr);
        return k2;
    }

    /// <summary>h's argument flags without d's own contribution (bit <paramref name="bit"/> stays only if another dependent sets it).</summary>
    private static int OtherArgs(ReadOnlySpan<ReviseWord> w, ReviseScratch s, int h, int d, int args, int bit)
    {
        args &= ~bit;
        for (int k = s.ChildStart[h]; k < s.ChildStart[h + 1]; k++)
        {
            int x = s.Children[k];
            if (x == d) continue;
            ulong r = w[x].Rel;
            if (bit == ArgSubj ? (r == Nsubj || r == NsubjPass || r == Csubj) : r == Obj) return args | bit;
        }
        return args;
    }

    /// <summary>
    /// Features of candidate root <paramref name="x"/> (<paramref name="r"/> = the parser's root; x == r is "keep"):
    /// its part of speech, tag, word, cluster and relation to r, its dependents (subject, object, copula, auxiliary,
    /// mark, case, cc) and theirs of r, how many verbs precede it, punctuation between it and r, its subtree size and
    /// dependent count, r's word, tag and mark. Templates 42–63.
    /// </summary>
    internal static int RootFeatures(ReadOnlySpan<ReviseWord> w, ReadOnlySpan<int> heads, ReviseScratch s, int r, int x, Span<ulong> f, ulong drop = 0)
    {
        int n = w.Length;
        ulong keep = x == r ? 1UL : 0UL;
        ulong xu = (ulong)w[x].Upos + 1, xt = w[x].Tag, xw = w[x].Word, xr = w[x].Rel, xc = s.Cluster[x];
        ulong ru = (ulong)w[r].Upos + 1, rw = w[r].Word, rt = w[r].Tag;
        ulong dir = x == r ? 0UL : x < r ? 1UL : 2UL;
        ulong args = (ulong)s.Args[x], rargs = (ulong)s.Args[r];
        ulong mw = s.MarkWord[x] == 0 ? NoneF : s.MarkWord[x];
        ulong rm = s.MarkWord[r] == 0 ? 0UL : 1UL;
        ulong hasCase = s.CaseWord[x] == 0 ? 0UL : 1UL;
        ulong hasCc = s.HasCc[x] ? 1UL : 0UL;
        ulong verbsBefore = (ulong)Math.Min(s.VerbBefore[x], 3);
        int lo = Math.Min(x, r) + 1, hi = Math.Max(x, r);
        ulong punctBetween = hi > lo ? (ulong)Math.Min(s.PunctBefore[hi] - s.PunctBefore[lo], 3) : 0UL;
        ulong size = (ulong)Bucket(s.Size[x]);
        ulong deps = (ulong)Math.Min(s.ChildStart[x + 1] - s.ChildStart[x], 5);
        ulong pos = (ulong)(4 * x / Math.Max(1, n));
        int k = 0;
        if ((drop & (1UL << 42)) == 0) f[k++] = FeatureHash.Mix(42, keep, xu, xr);
        if ((drop & (1UL << 43)) == 0) f[k++] = FeatureHash.Mix(43, keep, xt, ru);
        if ((drop & (1UL << 44)) == 0) f[k++] = FeatureHash.Mix(44, xw, keep);
        if ((drop & (1UL << 45)) == 0) f[k++] = FeatureHash.Mix(45, xr, ru, dir);
        if ((drop & (1UL << 46)) == 0) f[k++] = FeatureHash.Mix(46, args, xu, keep);
        if ((drop & (1UL << 47)) == 0) f[k++] = FeatureHash.Mix(47, mw, keep);
        if ((drop & (1UL << 48)) == 0) f[k++] = FeatureHash.Mix(48, verbsBefore, xu, keep);
        if ((drop & (1UL << 49)) == 0) f[k++] = FeatureHash.Mix(49, punctBetween, xr, dir);
        if ((drop & (1UL << 50)) == 0) f[k++] = FeatureHash.Mix(50, size, xu, keep);
        if ((drop & (1UL << 51)) == 0) f[k++] = FeatureHash.Mix(51, rw, xr, dir);
        if ((drop & (1UL << 52)) == 0) f[k++] = FeatureHash.Mix(52, xc, keep, xr);
        if ((drop & (1UL << 53)) == 0) f[k++] = FeatureHash.Mix(53, pos, xu, keep);
        if ((drop & (1UL << 54)) == 0) f[k++] = FeatureHash.Mix(54, hasCase, xu, keep);
        if ((drop & (1UL << 55)) == 0) f[k++] = FeatureHash.Mix(55, rt, xt, dir);
        if ((drop & (1UL << 56)) == 0) f[k++] = FeatureHash.Mix(56, rargs * 16 + args, dir);
        if ((drop & (1UL << 57)) == 0) f[k++] = FeatureHash.Mix(57, rm, keep, xu);
        if ((drop & (1UL << 58)) == 0) f[k++] = FeatureHash.Mix(58, ru * 32 + xu, dir, xr);
        if ((drop & (1UL << 59)) == 0) f[k++] = FeatureHash.Mix(59, xw, xr);
        if ((drop & (1UL << 60)) == 0) f[k++] = FeatureHash.Mix(60, rw, xw);
        if ((drop & (1UL << 61)) == 0) f[k++] = FeatureHash.Mix(61, hasCc, xr, dir);
        if ((drop & (1UL << 62)) == 0) f[k++] = FeatureHash.Mix(62, xt, rt, xr);
        if ((drop & (1UL << 63)) == 0) f[k++] = FeatureHash.Mix(63, deps, xu, keep);
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
        w.Write(Guards);
        w.Write(MaxRank);
        w.Write(Root.Enabled);
        w.Write(Root.Margin);
        w.Write(Root.Labels.Length);
        foreach (var (key, label) in Root.Labels)
        {
            w.Write(key);
            w.Write(label);
        }
        weights.Write(w);
    }

    public static HeadReviser Load(string path) => ModelFile.Load(path, ModelKind.Revise, Read);

    internal static HeadReviser Read(BinaryReader r)
    {
        int version = r.ReadInt32();
        if (version == 1)
            throw new InvalidDataException("head-reviser payload version 1 (chained feature hashing, before root re-choice) is no longer read; retrain it with `attest train revise` (this build writes and reads version 2)");
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
        bool guards = r.ReadBoolean();
        int maxRank = r.ReadInt32();
        if (maxRank < 0 || maxRank > 10_000) throw new InvalidDataException("invalid head-reviser candidate rank cap");
        bool rootOn = r.ReadBoolean();
        float rootMargin = r.ReadSingle();
        if (!float.IsFinite(rootMargin) || rootMargin < 0) throw new InvalidDataException("invalid head-reviser root margin");
        int nl = r.ReadInt32();
        if (nl < 0 || nl > 100_000) throw new InvalidDataException("implausible head-reviser root-label count");
        var labels = new (ulong, ulong)[nl];
        for (int i = 0; i < nl; i++) labels[i] = (r.ReadUInt64(), r.ReadUInt64());
        return new HeadReviser(RankerWeights.Read(r, "head-reviser"), relations, margin, relabelMoves, dropped, new ReviseRoot(rootOn, rootMargin, labels), guards, maxRank);
    }
}

/// <summary>Root re-choice settings of a <see cref="HeadReviser"/>: whether it runs, the margin a new root must win by,
/// and the old root's relation under the new one by <see cref="HeadReviser.RootLabelKey"/> (sorted by key).</summary>
internal sealed record ReviseRoot(bool Enabled, float Margin, (ulong Key, ulong Label)[] Labels);
