namespace Attest.Syntax;

/// <summary>
/// Hierarchical word clusters induced from raw text: each frequent lowercased word gets a bit path from a bisecting
/// 2-means over random projections of its log-scaled left/right neighbour-count vectors (a cheap Brown-cluster stand-in).
/// Prefixes of the path are used as tagger and parser features.
/// </summary>
internal sealed class WordClusters
{
    private readonly HashIndex index;

    public WordClusters(ulong[] keys, int[] paths)
    {
        Keys = keys;
        Paths = paths;
        index = new HashIndex(keys.Length);
        for (int i = 0; i < keys.Length; i++) index.TryAdd(keys[i], paths[i]);
    }

    public ulong[] Keys { get; }
    /// <summary>Paths encoded with a leading 1 bit: 1b₁b₂…bₖ.</summary>
    public int[] Paths { get; }

    /// <summary>The encoded path of a lowercased word hash, or 0 when unknown.</summary>
    public int Get(ulong lowerHash) => index.Get(lowerHash, 0);

    /// <summary>Prefix of length <paramref name="bits"/> of an encoded path (the full path when shorter).</summary>
    public static int Prefix(int path, int bits)
    {
        if (path == 0) return 0;
        int len = 31 - int.LeadingZeroCount(path);
        return len <= bits ? path : path >> (len - bits);
    }

    public void Write(BinaryWriter w)
    {
        w.Write(Keys.Length);
        for (int i = 0; i < Keys.Length; i++) { w.Write(Keys[i]); w.Write(Paths[i]); }
    }

    /// <summary>
    /// One table from two clusterings: every word of <paramref name="primary"/> keeps its path unchanged (so models that
    /// read the primary clusters, like the parser's and the reviser's, see the same values); words only in
    /// <paramref name="secondary"/> take theirs with a 1 inserted after the leading bit, so that a model trained on the
    /// merged table learns their prefixes mostly apart from the primary ones (a tagger trained with it: see
    /// <c>PosTaggerTrainer.Train</c>'s <c>embeddingClusters</c>).
    /// </summary>
    public static WordClusters Merge(WordClusters primary, WordClusters secondary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(secondary);
        var keys = new List<ulong>(primary.Keys.Length + secondary.Keys.Length);
        var paths = new List<int>(keys.Capacity);
        var seen = new HashSet<ulong>(primary.Keys);
        for (int i = 0; i < primary.Keys.Length; i++) { keys.Add(primary.Keys[i]); paths.Add(primary.Paths[i]); }
        for (int i = 0; i < secondary.Keys.Length; i++)
            if (seen.Add(secondary.Keys[i])) { keys.Add(secondary.Keys[i]); paths.Add(Mark(secondary.Paths[i], 1)); }
        return new WordClusters([.. keys], [.. paths]);
    }

    /// <summary>The encoded path with <paramref name="bit"/> inserted right after its leading 1.</summary>
    internal static int Mark(int path, int bit)
    {
        if (path <= 0 || path >= 1 << 29) throw new ArgumentOutOfRangeException(nameof(path), path, "an encoded path is positive and below 2^29");
        int len = 31 - int.LeadingZeroCount(path);
        return (1 << (len + 1)) | (bit << len) | (path & ((1 << len) - 1));
    }

    /// <summary>A table of (word, encoded path) pairs keyed by the hashed lowercase word (the first entry of a word wins).</summary>
    public static WordClusters FromTable(IEnumerable<(string Word, int Path)> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var keys = new List<ulong>();
        var paths = new List<int>();
        var seen = new HashSet<ulong>();
        foreach (var (word, p) in table)
        {
            if (p <= 0) throw new ArgumentException($"invalid path {p} for '{word}'", nameof(table));
            ulong key = FeatureHash.OfLower(word);
            if (!seen.Add(key)) continue;
            keys.Add(key);
            paths.Add(p);
        }
        return new WordClusters([.. keys], [.. paths]);
    }

    public static WordClusters Read(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > 10_000_000) throw new InvalidDataException("implausible cluster count");
        var k = new ulong[n];
        var p = new int[n];
        for (int i = 0; i < n; i++) { k[i] = r.ReadUInt64(); p[i] = r.ReadInt32(); }
        return new WordClusters(k, p);
    }

    public static WordClusters Induce(IEnumerable<string[]> sentences, int seed, int minCount = 3, int contexts = 600, int dims = 96, int depth = 14)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var sents = new List<string[]>();
        foreach (var s in sentences)
        {
            var lower = new string[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                lower[i] = s[i].ToLowerInvariant();
                counts[lower[i]] = counts.GetValueOrDefault(lower[i]) + 1;
            }
            sents.Add(lower);
        }
        var ordered = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var ctxId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Math.Min(contexts, ordered.Count); i++) ctxId[ordered[i].Key] = i;
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        foreach (var kv in ordered)
        {
            if (kv.Value < minCount) break;
            vocab[kv.Key] = words.Count;
            words.Add(kv.Key);
        }
        int nCtx = contexts + 2; // + boundary + other
        int width = nCtx * 2;
        var sparse = new Dictionary<int, float>[words.Count];
        for (int i = 0; i < sparse.Length; i++) sparse[i] = [];
        foreach (var s in sents)
            for (int i = 0; i < s.Length; i++)
            {
                if (!vocab.TryGetValue(s[i], out int wi)) continue;
                int left = i == 0 ? contexts : ctxId.GetValueOrDefault(s[i - 1], contexts + 1);
                int right = i + 1 == s.Length ? contexts : ctxId.GetValueOrDefault(s[i + 1], contexts + 1);
                var d = sparse[wi];
                d[left] = d.GetValueOrDefault(left) + 1;
                d[nCtx + right] = d.GetValueOrDefault(nCtx + right) + 1;
            }
        // Gaussian random projection of log counts
        var rng = new Random(seed);
        var proj = new float[width * dims];
        for (int i = 0; i < proj.Length; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            proj[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        var vec = new float[words.Count][];
        for (int wi = 0; wi < words.Count; wi++)
        {
            var v = new float[dims];
            foreach (var (ctx, c) in sparse[wi].OrderBy(kv => kv.Key))
            {
                float x = MathF.Log(1 + c);
                for (int d = 0; d < dims; d++) v[d] += x * proj[ctx * dims + d];
            }
            float norm = 0;
            foreach (var x in v) norm += x * x;
            norm = MathF.Sqrt(norm) + 1e-9f;
            for (int d = 0; d < dims; d++) v[d] /= norm;
            vec[wi] = v;
        }
        var paths = new int[words.Count];
        Array.Fill(paths, 1);
        var all = Enumerable.Range(0, words.Count).ToArray();
        Split(all, 0);

        void Split(int[] members, int level)
        {
            if (level >= depth || members.Length < 8) return;
            var c0 = (float[])vec[members[0]].Clone();
            var c1 = (float[])vec[members[members.Length / 2]].Clone();
            var assign = new bool[members.Length];
            for (int iter = 0; iter < 8; iter++)
            {
                for (int m = 0; m < members.Length; m++)
                {
                    var v = vec[members[m]];
                    float d0 = 0, d1 = 0;
                    for (int d = 0; d < dims; d++) { d0 += v[d] * c0[d]; d1 += v[d] * c1[d]; }
                    assign[m] = d1 > d0;
                }
                Array.Clear(c0);
                Array.Clear(c1);
                for (int m = 0; m < members.Length; m++)
                {
                    var v = vec[members[m]];
                    var c = assign[m] ? c1 : c0;
                    for (int d = 0; d < dims; d++) c[d] += v[d];
                }
            }
            var a = new List<int>();
            var b = new List<int>();
            for (int m = 0; m < members.Length; m++) (assign[m] ? b : a).Add(members[m]);
            if (a.Count == 0 || b.Count == 0) return;
            foreach (var x in a) paths[x] <<= 1;
            foreach (var x in b) paths[x] = (paths[x] << 1) | 1;
            Split(a.ToArray(), level + 1);
            Split(b.ToArray(), level + 1);
        }

        var keys = new ulong[words.Count];
        for (int i = 0; i < words.Count; i++) keys[i] = FeatureHash.Of(words[i]);
        return new WordClusters(keys, paths);
    }
}
