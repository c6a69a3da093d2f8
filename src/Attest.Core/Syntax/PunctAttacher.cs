using System.Globalization;

namespace Attest.Syntax;

/// <summary>Punctuation classes the re-attacher distinguishes (from the form).</summary>
internal enum PunctClass : byte
{
    None = 0, Comma, Final, Colon, Semicolon, Dash, Hyphen, OpenBracket, CloseBracket, OpenQuote, CloseQuote, Quote, Ellipsis, Slash, Other,
}

/// <summary>Per-word inputs of the punctuation re-attacher: hashed lowercase form, XPOS hash, UPOS, relation hash, punctuation class.</summary>
internal struct PunctWord
{
    public ulong Word, Tag, Rel;
    public UPos Upos;
    public PunctClass Class;
}

/// <summary>Reusable buffers of <see cref="PunctAttacher.Reattach"/> for sentences of up to <see cref="Capacity"/> words.</summary>
internal sealed class PunctScratch
{
    public PunctScratch(int capacity)
    {
        Capacity = capacity;
        Depth = new int[capacity];
        Movable = new bool[capacity];
        Partner = new int[capacity];
        Original = new int[capacity];
        Candidates = new int[capacity];
        Info = new CandidateInfo[capacity];
        Scores = new float[capacity];
        PartnerCandidates = new int[capacity];
        PartnerInfo = new CandidateInfo[capacity];
        PartnerScores = new float[capacity];
        Stack = new int[capacity];
    }

    public int Capacity { get; }
    public readonly int[] Depth, Partner, Original, Candidates, PartnerCandidates, Stack;
    public readonly bool[] Movable;
    public readonly CandidateInfo[] Info, PartnerInfo;
    public readonly float[] Scores, PartnerScores;
    public readonly ulong[] Features = new ulong[PunctAttacher.MaxFeatures];
}

/// <summary>Where a candidate head sits among the candidates of one punctuation word.</summary>
internal struct CandidateInfo
{
    /// <summary>Rank on its side (0 = the neighbour's chain start), count on that side.</summary>
    public int Rank, SideCount;
    /// <summary>Relation hash of the chain word below the candidate (the child on the path to the neighbour), or 0.</summary>
    public ulong PathRel;
    public bool Highest, Lowest;
    public int DepthAboveMin;
}

/// <summary>
/// Learned punctuation re-attacher: after the parser, every PUNCT word that the parser attached as a leaf with the
/// <c>punct</c> relation is re-attached to one of the heads that keep the tree projective given the other (non-punct)
/// arcs, chosen by an averaged-perceptron ranker; paired quotes and brackets are decoded jointly (one head for both
/// when they share candidates). The relation stays <c>punct</c>. Immutable and thread-safe (buffers are per call).
/// </summary>
public sealed class PunctAttacher
{
    internal const int MaxFeatures = 64;
    /// <summary>Payload version of punct.bin (inside the model container).</summary>
    public const int PayloadVersion = 1;
    internal static readonly ulong PunctRel = FeatureHash.Of("punct");
    private const ulong NoneF = 0x1234;

    private readonly RankerWeights weights;

    internal PunctAttacher(ulong[] keys, float[] values, bool useParserChoice, ulong droppedTemplates = 0)
        : this(new RankerWeights(keys, values), useParserChoice, droppedTemplates)
    {
    }

    private PunctAttacher(RankerWeights weights, bool useParserChoice, ulong droppedTemplates)
    {
        this.weights = weights;
        UseParserChoice = useParserChoice;
        DroppedTemplates = droppedTemplates;
    }

    internal ulong[] Keys => weights.Keys;
    internal float[] Values => weights.Values;
    /// <summary>Whether the ranker has the "the parser chose this head" feature.</summary>
    public bool UseParserChoice { get; }
    public int FeatureCount => weights.Count;
    /// <summary>Bit t set: feature template t is not computed (chosen at training time, stored in the file).</summary>
    public ulong DroppedTemplates { get; }

    /// <summary>The punctuation class of a form.</summary>
    internal static PunctClass Classify(ReadOnlySpan<char> form)
    {
        switch (form)
        {
            case ",": return PunctClass.Comma;
            case "." or "!" or "?" or "?!" or "!?" or "!!" or "??" or "!!!": return PunctClass.Final;
            case ":": return PunctClass.Colon;
            case ";": return PunctClass.Semicolon;
            case "-": return PunctClass.Hyphen;
            case "--" or "–" or "—" or "---": return PunctClass.Dash;
            case "(" or "[" or "{" or "-LRB-" or "-LSB-": return PunctClass.OpenBracket;
            case ")" or "]" or "}" or "-RRB-" or "-RSB-": return PunctClass.CloseBracket;
            case "“" or "‘" or "``" or "`": return PunctClass.OpenQuote;
            case "”" or "’" or "''": return PunctClass.CloseQuote;
            case "\"" or "'": return PunctClass.Quote;
            case "..." or "…" or "....": return PunctClass.Ellipsis;
            case "/": return PunctClass.Slash;
        }
        if (form.Length > 1 && form.IndexOfAnyExcept('.') < 0) return PunctClass.Ellipsis;
        return PunctClass.Other;
    }

    /// <summary>
    /// Re-attaches the movable punctuation of one sentence in place. <paramref name="heads"/> are sentence-local
    /// (-1 = root). A word is movable when its UPOS is PUNCT, its relation is punct and no word depends on it.
    /// </summary>
    internal void Reattach(ReadOnlySpan<PunctWord> w, Span<int> heads, PunctScratch s)
    {
        int n = w.Length;
        if (n > s.Capacity) throw new ArgumentException("sentence longer than the scratch buffers", nameof(w));
        if (!Prepare(w, heads, s)) return;
        for (int p = 0; p < n; p++)
        {
            if (!s.Movable[p]) continue;
            int q = s.Partner[p];
            if (q >= 0 && q < p && s.Movable[q]) continue; // decided with its opening partner
            int nc = Candidates(w, heads, s, p, s.Candidates, s.Info);
            bool paired = q > p && s.Movable[q];
            if (nc == 0 && !paired) continue;
            if (nc == 1 && !paired)
            {
                heads[p] = s.Candidates[0];
                continue;
            }
            for (int c = 0; c < nc; c++) s.Scores[c] = Score(w, heads, s, p, s.Candidates[c], s.Info[c]);
            int best = nc == 0 ? -1 : ArgMax(s.Scores, nc);
            if (paired)
            {
                int mc = Candidates(w, heads, s, q, s.PartnerCandidates, s.PartnerInfo);
                for (int c = 0; c < mc; c++) s.PartnerScores[c] = Score(w, heads, s, q, s.PartnerCandidates[c], s.PartnerInfo[c]);
                // joint: the best shared head by summed score, else each on its own
                int jointP = -1, jointQ = -1;
                float jointScore = float.NegativeInfinity;
                for (int a = 0; a < nc; a++)
                    for (int b = 0; b < mc; b++)
                        if (s.Candidates[a] == s.PartnerCandidates[b] && s.Scores[a] + s.PartnerScores[b] > jointScore)
                        {
                            jointScore = s.Scores[a] + s.PartnerScores[b];
                            jointP = a;
                            jointQ = b;
                        }
                if (jointP >= 0)
                {
                    heads[p] = s.Candidates[jointP];
                    heads[q] = s.PartnerCandidates[jointQ];
                }
                else
                {
                    if (best >= 0) heads[p] = s.Candidates[best];
                    if (mc > 0) heads[q] = s.PartnerCandidates[ArgMax(s.PartnerScores, mc)];
                }
                continue;
            }
            heads[p] = s.Candidates[best];
        }
    }

    private static int ArgMax(float[] scores, int n)
    {
        int best = 0;
        for (int c = 1; c < n; c++) if (scores[c] > scores[best]) best = c;
        return best;
    }

    private float Score(ReadOnlySpan<PunctWord> w, ReadOnlySpan<int> heads, PunctScratch s, int p, int h, in CandidateInfo info)
    {
        int nf = Features(w, heads, s, p, h, info, UseParserChoice, s.Features, DroppedTemplates);
        return weights.Sum(s.Features.AsSpan(0, nf));
    }

    /// <summary>
    /// Marks the movable words, depths of the fixed words (movable ones are leaves outside the tree), quote/bracket
    /// partners and the parser's heads. False when nothing is movable or the fixed arcs have a cycle.
    /// </summary>
    internal static bool Prepare(ReadOnlySpan<PunctWord> w, ReadOnlySpan<int> heads, PunctScratch s)
    {
        int n = w.Length;
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            s.Movable[i] = w[i].Upos == UPos.PUNCT && w[i].Rel == PunctRel;
            s.Original[i] = heads[i];
        }
        for (int i = 0; i < n; i++)
            if (heads[i] >= 0 && heads[i] < n) s.Movable[heads[i]] = false;
        for (int i = 0; i < n; i++)
        {
            any |= s.Movable[i];
            if (heads[i] >= n || heads[i] < -1) return false;
        }
        if (!any) return false;
        for (int i = 0; i < n; i++)
        {
            if (s.Movable[i]) { s.Depth[i] = -1; continue; }
            int d = 0, x = i;
            while (heads[x] >= 0)
            {
                x = heads[x];
                if (++d > n) return false;
            }
            s.Depth[i] = d;
        }
        // partners: brackets by a stack, quotes open/close by direction, ambiguous straight quotes alternate
        int sp = 0;
        int openQuote = -1, straight = -1, straightSingle = -1;
        for (int i = 0; i < n; i++) s.Partner[i] = -1;
        for (int i = 0; i < n; i++)
        {
            if (!s.Movable[i]) continue;
            switch (w[i].Class)
            {
                case PunctClass.OpenBracket:
                    s.Stack[sp++] = i;
                    break;
                case PunctClass.CloseBracket:
                    if (sp > 0) Pair(s, s.Stack[--sp], i);
                    break;
                case PunctClass.OpenQuote:
                    openQuote = i;
                    break;
                case PunctClass.CloseQuote:
                    if (openQuote >= 0) { Pair(s, openQuote, i); openQuote = -1; }
                    break;
                case PunctClass.Quote:
                    bool single = w[i].Word == SingleQuote;
                    ref int open = ref single ? ref straightSingle : ref straight;
                    if (open >= 0) { Pair(s, open, i); open = -1; }
                    else open = i;
                    break;
            }
        }
        return true;
    }

    private static readonly ulong Nsubj = FeatureHash.Of("nsubj"), NsubjPass = FeatureHash.Of("nsubj:pass"), Csubj = FeatureHash.Of("csubj"), Expl = FeatureHash.Of("expl");
    private static readonly ulong SingleQuote = FeatureHash.OfLower("'");

    private static void Pair(PunctScratch s, int a, int b)
    {
        s.Partner[a] = b;
        s.Partner[b] = a;
    }

    /// <summary>Whether <paramref name="a"/> is <paramref name="x"/> or one of its ancestors (the tree must be acyclic).</summary>
    internal static bool Dominates(ReadOnlySpan<int> heads, int a, int x)
    {
        while (x >= 0)
        {
            if (x == a) return true;
            x = heads[x];
        }
        return false;
    }

    /// <summary>Whether every fixed word strictly between <paramref name="h"/> and <paramref name="p"/> descends from h.</summary>
    private static bool Spans(ReadOnlySpan<int> heads, PunctScratch s, int h, int p)
    {
        int lo = Math.Min(h, p) + 1, hi = Math.Max(h, p);
        for (int x = lo; x < hi; x++)
            if (!s.Movable[x] && !Dominates(heads, h, x)) return false;
        return true;
    }

    /// <summary>The nearest fixed (non-movable) words left and right of <paramref name="p"/>; -1 where there is none.</summary>
    private static (int Left, int Right) FixedNeighbours(PunctScratch s, int p, int n)
    {
        int l = p - 1;
        while (l >= 0 && s.Movable[l]) l--;
        int r = p + 1;
        while (r < n && s.Movable[r]) r++;
        return (l, r == n ? -1 : r);
    }

    /// <summary>The projective heads of punctuation word <paramref name="p"/>: ancestors of its nearest fixed neighbours
    /// on each side that dominate every fixed word between them and p.</summary>
    internal static int Candidates(ReadOnlySpan<PunctWord> w, ReadOnlySpan<int> heads, PunctScratch s, int p, int[] cands, CandidateInfo[] info)
    {
        int count = 0;
        var (l, r) = FixedNeighbours(s, p, w.Length);
        int leftStart = count;
        ulong pathRel = 0;
        for (int a = l; a >= 0; pathRel = w[a].Rel, a = heads[a])
            if (a < p && Spans(heads, s, a, p))
            {
                info[count] = new CandidateInfo { Rank = count - leftStart, PathRel = pathRel };
                cands[count++] = a;
            }
        int leftCount = count - leftStart;
        int rightStart = count;
        pathRel = 0;
        for (int a = r; a >= 0; pathRel = w[a].Rel, a = heads[a])
            if (a > p && Spans(heads, s, a, p))
            {
                info[count] = new CandidateInfo { Rank = count - rightStart, PathRel = pathRel };
                cands[count++] = a;
            }
        int rightCount = count - rightStart;
        int minD = int.MaxValue, maxD = int.MinValue;
        for (int c = 0; c < count; c++)
        {
            minD = Math.Min(minD, s.Depth[cands[c]]);
            maxD = Math.Max(maxD, s.Depth[cands[c]]);
        }
        for (int c = 0; c < count; c++)
        {
            int d = s.Depth[cands[c]];
            info[c].SideCount = c < rightStart ? leftCount : rightCount;
            info[c].Highest = d == minD;
            info[c].Lowest = d == maxD;
            info[c].DepthAboveMin = d - minD;
        }
        return count;
    }

    private static int Bucket(int d) => d switch { <= 3 => d, <= 5 => 4, <= 8 => 5, <= 14 => 6, _ => 7 };

    /// <summary>0 none, 1 h is x, 2 h is x's head, 3 h is a further ancestor of x, 4 unrelated.</summary>
    private static ulong Relation(ReadOnlySpan<int> heads, int h, int x)
    {
        if (x < 0) return 0;
        if (h == x) return 1;
        if (heads[x] == h) return 2;
        return Dominates(heads, h, x) ? 3UL : 4UL;
    }

    internal static int Features(ReadOnlySpan<PunctWord> w, ReadOnlySpan<int> heads, PunctScratch s, int p, int h, in CandidateInfo info, bool parserChoice, Span<ulong> f, ulong drop = 0)
    {
        int n = w.Length;
        var (l, r) = FixedNeighbours(s, p, n);
        ulong pc = (ulong)w[p].Class + 1, pf = w[p].Word;
        ulong dir = h < p ? 1UL : 2UL;
        ulong hu = (ulong)w[h].Upos + 1, ht = w[h].Tag, hr = w[h].Rel, hw = w[h].Word;
        ulong db = (ulong)Math.Min(s.Depth[h], 7);
        ulong dist = (ulong)Bucket(Math.Abs(h - p));
        ulong relL = Relation(heads, h, l), relR = Relation(heads, h, r);
        ulong lu = l < 0 ? NoneF : (ulong)w[l].Upos + 1, lr = l < 0 ? NoneF : w[l].Rel;
        ulong ru = r < 0 ? NoneF : (ulong)w[r].Upos + 1, rr = r < 0 ? NoneF : w[r].Rel;
        ulong final = r < 0 ? 1UL : 0UL, first = l < 0 ? 1UL : 0UL;
        ulong rank = (ulong)Math.Min(info.Rank, 4), side = (ulong)Math.Min(info.SideCount, 4);
        ulong hilo = (info.Highest ? 2UL : 0UL) | (info.Lowest ? 1UL : 0UL);
        ulong above = (ulong)Math.Min(info.DepthAboveMin, 4);
        ulong path = info.PathRel == 0 ? NoneF : info.PathRel;
        // paired punctuation: partner side, candidate inside the span, candidate is the span's highest word
        int q = s.Partner[p];
        ulong pair = 0;
        if (q >= 0)
        {
            int lo = Math.Min(p, q), hi = Math.Max(p, q);
            bool inside = h > lo && h < hi;
            bool spanHead = false;
            if (inside)
            {
                spanHead = true;
                for (int x = lo + 1; x < hi; x++)
                    if (!s.Movable[x] && s.Depth[x] < s.Depth[h]) { spanHead = false; break; }
            }
            pair = (q < p ? 1UL : 2UL) * 4 + (inside ? 2UL : 0UL) + (spanHead ? 1UL : 0UL);
        }
        // what lies between: a verb among the fixed words, punctuation count
        bool verb = false;
        int punct = 0;
        for (int x = Math.Min(h, p) + 1; x < Math.Max(h, p); x++)
        {
            if (s.Movable[x]) punct++;
            else if (w[x].Upos is UPos.VERB) verb = true;
        }
        ulong between = (verb ? 8UL : 0UL) + (ulong)Math.Min(punct, 3);
        // h's children: clause head (has a subject), the nearest fixed child beyond p, the latest earlier punctuation attached to h
        bool clause = false;
        int beyond = -1, prevPunct = -1;
        for (int x = 0; x < n; x++)
        {
            if (heads[x] != h) continue;
            if (s.Movable[x])
            {
                if (x < p) prevPunct = x;
                continue;
            }
            ulong xr = w[x].Rel;
            if (xr == Nsubj || xr == NsubjPass || xr == Csubj || xr == Expl) clause = true;
            if (h < p ? x > p && beyond < 0 : x < p && (beyond < 0 || x > beyond)) beyond = x;
        }
        ulong beyondRel = beyond < 0 ? NoneF : w[beyond].Rel;
        ulong prev = prevPunct < 0 ? 0UL : (ulong)w[prevPunct].Class * 4 + (prevPunct < h ? 2UL : 0UL) + (h < p ? 1UL : 0UL);
        ulong cl = clause ? 1UL : 0UL;
        ulong gpr = heads[h] < 0 ? NoneF : w[heads[h]].Rel;
        ulong rw = r < 0 ? NoneF : w[r].Word, lw = l < 0 ? NoneF : w[l].Word;
        int k = 0;
        if ((drop & (1UL << 1)) == 0) f[k++] = FeatureHash.F(1, pc, dir * 8 + db);
        if ((drop & (1UL << 2)) == 0) f[k++] = FeatureHash.F(2, pc, hu, dir);
        if ((drop & (1UL << 3)) == 0) f[k++] = FeatureHash.F(3, pc, ht, dir);
        if ((drop & (1UL << 4)) == 0) f[k++] = FeatureHash.F(4, pc, hr, dir);
        if ((drop & (1UL << 5)) == 0) f[k++] = FeatureHash.F(5, pc, hw, dir);
        if ((drop & (1UL << 6)) == 0) f[k++] = FeatureHash.F(6, pf, hu, dir);
        if ((drop & (1UL << 7)) == 0) f[k++] = FeatureHash.F(7, pc, relL * 8 + relR, dir);
        if ((drop & (1UL << 8)) == 0) f[k++] = FeatureHash.F(8, pc * 8 + relR, rr, ru);
        if ((drop & (1UL << 9)) == 0) f[k++] = FeatureHash.F(9, pc * 8 + relL, lr, lu);
        if ((drop & (1UL << 10)) == 0) f[k++] = FeatureHash.F(10, pc, dir * 100 + rank * 10 + side);
        if ((drop & (1UL << 11)) == 0) f[k++] = FeatureHash.F(11, pc, hilo, final * 2 + first);
        if ((drop & (1UL << 12)) == 0) f[k++] = FeatureHash.F(12, pc, hr, relR * 8 + relL);
        if ((drop & (1UL << 13)) == 0) f[k++] = FeatureHash.F(13, pc, dist * 4 + dir);
        if ((drop & (1UL << 14)) == 0) f[k++] = FeatureHash.F(14, pc, pair);
        if ((drop & (1UL << 15)) == 0) f[k++] = FeatureHash.F(15, pc, between, dir);
        if ((drop & (1UL << 16)) == 0) f[k++] = FeatureHash.F(16, pc, path, dir);
        if ((drop & (1UL << 17)) == 0) f[k++] = FeatureHash.F(17, pc, hr, path);
        if ((drop & (1UL << 18)) == 0) f[k++] = FeatureHash.F(18, pc * 8 + relR, hu, rr);
        if ((drop & (1UL << 19)) == 0) f[k++] = FeatureHash.F(19, pc * 8 + relL, hu, lr);
        if ((drop & (1UL << 20)) == 0) f[k++] = FeatureHash.F(20, pc, hr, final * 4 + dir);
        if ((drop & (1UL << 21)) == 0) f[k++] = FeatureHash.F(21, pc, hr, hilo);
        if ((drop & (1UL << 22)) == 0) f[k++] = FeatureHash.F(22, pc * 32 + hu, ru, lu);
        if ((drop & (1UL << 23)) == 0) f[k++] = FeatureHash.F(23, pc, dir * 8 + db, hilo);
        if ((drop & (1UL << 24)) == 0) f[k++] = FeatureHash.F(24, pc, hr, ht);
        if ((drop & (1UL << 25)) == 0) f[k++] = FeatureHash.F(25, pc, hr, rank * 4 + dir);
        if ((drop & (1UL << 26)) == 0) f[k++] = FeatureHash.F(26, pf, relL * 8 + relR, dir);
        if ((drop & (1UL << 27)) == 0) f[k++] = FeatureHash.F(27, pc, pair, hr);
        if ((drop & (1UL << 28)) == 0) f[k++] = FeatureHash.F(28, pc, above, dir);
        if ((drop & (1UL << 29)) == 0) f[k++] = FeatureHash.F(29, pc, hu, between * 4 + dir);
        if ((drop & (1UL << 30)) == 0) f[k++] = FeatureHash.F(30, pc, hr, relR * 8 + rr % 1024);
        if ((drop & (1UL << 31)) == 0) f[k++] = FeatureHash.F(31, pc, hilo * 8 + relR, relL * 4 + dir);
        if ((drop & (1UL << 32)) == 0) f[k++] = FeatureHash.F(32, pc, path, hilo * 4 + dir);
        if ((drop & (1UL << 33)) == 0) f[k++] = FeatureHash.F(33, pc * 8 + final, hr, db);
        if ((drop & (1UL << 34)) == 0) f[k++] = FeatureHash.F(34, pc, pair, hilo * 4 + dir);
        if ((drop & (1UL << 43)) == 0) f[k++] = FeatureHash.F(43, pc, beyondRel, dir);
        if ((drop & (1UL << 44)) == 0) f[k++] = FeatureHash.F(44, pc, beyondRel, hr);
        if ((drop & (1UL << 45)) == 0) f[k++] = FeatureHash.F(45, pc, prev);
        if ((drop & (1UL << 46)) == 0) f[k++] = FeatureHash.F(46, pc, prev, hr);
        if ((drop & (1UL << 47)) == 0) f[k++] = FeatureHash.F(47, pc, cl * 4 + dir, hr);
        if ((drop & (1UL << 48)) == 0) f[k++] = FeatureHash.F(48, pc, cl * 4 + hilo, final * 4 + dir);
        if ((drop & (1UL << 49)) == 0) f[k++] = FeatureHash.F(49, pc, gpr, hr);
        if ((drop & (1UL << 50)) == 0) f[k++] = FeatureHash.F(50, pc * 8 + relR, rw);
        if ((drop & (1UL << 51)) == 0) f[k++] = FeatureHash.F(51, pc * 8 + relL, lw);
        if ((drop & (1UL << 52)) == 0) f[k++] = FeatureHash.F(52, pc * 8 + relR, rw, hr);
        if (parserChoice)
        {
            ulong chosen = s.Original[p] == h ? 1UL : 0UL;
            if ((drop & (1UL << 40)) == 0) f[k++] = FeatureHash.F(40, pc, chosen);
            if ((drop & (1UL << 41)) == 0) f[k++] = FeatureHash.F(41, pc, chosen, hr);
            if ((drop & (1UL << 42)) == 0) f[k++] = FeatureHash.F(42, pc, chosen, hilo * 4 + dir);
            if ((drop & (1UL << 53)) == 0) f[k++] = FeatureHash.F(53, pc, chosen, relL * 8 + relR);
        }
        return k;
    }

    public void Save(string path) => ModelFile.Save(path, ModelKind.Punct, Write);

    internal void Write(BinaryWriter w)
    {
        w.Write(PayloadVersion);
        w.Write(UseParserChoice);
        w.Write(DroppedTemplates);
        weights.Write(w);
    }

    public static PunctAttacher Load(string path) => ModelFile.Load(path, ModelKind.Punct, Read);

    internal static PunctAttacher Read(BinaryReader r)
    {
        int version = r.ReadInt32();
        if (version != PayloadVersion)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"unsupported punctuation-attacher payload version {version} (this build reads {PayloadVersion})"));
        bool choice = r.ReadBoolean();
        ulong dropped = r.ReadUInt64();
        return new PunctAttacher(RankerWeights.Read(r, "punctuation-attacher"), choice, dropped);
    }
}
