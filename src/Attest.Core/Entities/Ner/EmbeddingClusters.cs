using System.Globalization;
using Attest.Syntax;

namespace Attest.Entities.Ner;

/// <summary>
/// Encodes words (or short names) into vectors, e.g. with a sentence-embedding model. Used only while building an
/// embedding-cluster table; the recognizer itself never encodes anything at run time.
/// </summary>
public delegate IReadOnlyList<float[]> WordVectorSource(IReadOnlyList<string> words);

/// <summary>
/// Builds a word → bit-path table from word embeddings: bisecting 2-means (each split seeded by the principal direction
/// of its members, then refined by 2-means), so words the embedding model places together (google, yahoo, microsoft)
/// share path prefixes. The paths are encoded like <see cref="WordClusters"/> (leading 1 bit), and the recognizer uses
/// their prefixes as features: world knowledge of the embedding model, looked up from a stored table.
/// </summary>
public static class EmbeddingClusterBuilder
{
    /// <summary>Encodes <paramref name="words"/> (lowercased, distinct) in batches and clusters the vectors.</summary>
    public static IReadOnlyList<(string Word, int Path)> Build(IReadOnlyList<string> words, WordVectorSource encode, int depth, int batchSize, TextWriter log) =>
        Build(words, encode, depth, batchSize, log, out _);

    /// <summary>As <see cref="Build(IReadOnlyList{string}, WordVectorSource, int, int, TextWriter)"/>, also returning the vectors (in word order).</summary>
    public static IReadOnlyList<(string Word, int Path)> Build(IReadOnlyList<string> words, WordVectorSource encode, int depth, int batchSize, TextWriter log, out float[][] vectorsOut)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(encode);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 30);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var vectors = new float[words.Count][];
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < words.Count; i += batchSize)
        {
            var batch = new List<string>(batchSize);
            for (int j = i; j < Math.Min(words.Count, i + batchSize); j++) batch.Add(words[j]);
            var v = encode(batch);
            if (v.Count != batch.Count) throw new InvalidOperationException($"the encoder returned {v.Count} vectors for {batch.Count} words");
            for (int j = 0; j < v.Count; j++) vectors[i + j] = v[j];
            if ((i / batchSize) % 20 == 0)
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embeddings: {i + batch.Count} of {words.Count} words encoded ({started.Elapsed.TotalSeconds:F0} s)"));
        }
        var paths = Cluster(vectors, depth);
        vectorsOut = vectors;
        var result = new (string, int)[words.Count];
        for (int i = 0; i < words.Count; i++) result[i] = (words[i], paths[i]);
        return result;
    }

    /// <summary>Bit paths (leading 1 bit) of <paramref name="vectors"/> after centring and length-normalising them.</summary>
    public static int[] Cluster(IReadOnlyList<float[]> vectors, int depth)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        int n = vectors.Count;
        var paths = new int[n];
        Array.Fill(paths, 1);
        if (n == 0) return paths;
        // centre: single-word embeddings share a large common component
        var vec = EmbeddingNeighbours.Normalise([.. vectors]);
        int dims = vec[0].Length;
        Split(Enumerable.Range(0, n).ToArray(), 0);
        return paths;

        void Split(int[] members, int level)
        {
            if (level >= depth || members.Length < 4) return;
            var m = new float[dims];
            foreach (int i in members) Add(m, vec[i], 1f);
            Scale(m, 1f / members.Length);
            // principal direction of the members (power iteration, deterministic start)
            var u = new float[dims];
            for (int d = 0; d < dims; d++) u[d] = 1f / (1 + d % 7);
            var next = new float[dims];
            for (int it = 0; it < 12; it++)
            {
                Array.Clear(next);
                foreach (int i in members)
                {
                    float p = 0;
                    var v = vec[i];
                    for (int d = 0; d < dims; d++) p += (v[d] - m[d]) * u[d];
                    for (int d = 0; d < dims; d++) next[d] += p * (v[d] - m[d]);
                }
                float norm = MathF.Sqrt(Dot(next, next));
                if (norm <= 0) return;
                for (int d = 0; d < dims; d++) u[d] = next[d] / norm;
            }
            var side = new bool[members.Length];
            for (int k = 0; k < members.Length; k++)
            {
                var v = vec[members[k]];
                float p = 0;
                for (int d = 0; d < dims; d++) p += (v[d] - m[d]) * u[d];
                side[k] = p > 0;
            }
            // refine with 2-means (Euclidean)
            var c0 = new float[dims];
            var c1 = new float[dims];
            for (int it = 0; it < 6; it++)
            {
                Array.Clear(c0);
                Array.Clear(c1);
                int n0 = 0, n1 = 0;
                for (int k = 0; k < members.Length; k++)
                    if (side[k]) { Add(c1, vec[members[k]], 1f); n1++; }
                    else { Add(c0, vec[members[k]], 1f); n0++; }
                if (n0 == 0 || n1 == 0) return;
                Scale(c0, 1f / n0);
                Scale(c1, 1f / n1);
                bool changed = false;
                for (int k = 0; k < members.Length; k++)
                {
                    var v = vec[members[k]];
                    float d0 = 0, d1 = 0;
                    for (int d = 0; d < dims; d++)
                    {
                        float a = v[d] - c0[d], b = v[d] - c1[d];
                        d0 += a * a;
                        d1 += b * b;
                    }
                    bool s = d1 < d0;
                    if (s != side[k]) { side[k] = s; changed = true; }
                }
                if (!changed) break;
            }
            var left = new List<int>();
            var right = new List<int>();
            for (int k = 0; k < members.Length; k++) (side[k] ? right : left).Add(members[k]);
            if (left.Count == 0 || right.Count == 0) return;
            foreach (int i in left) paths[i] <<= 1;
            foreach (int i in right) paths[i] = (paths[i] << 1) | 1;
            Split([.. left], level + 1);
            Split([.. right], level + 1);
        }
    }

    private static void Add(float[] a, float[] b, float w)
    {
        for (int d = 0; d < a.Length; d++) a[d] += w * b[d];
    }

    private static void Scale(float[] a, float s)
    {
        for (int d = 0; d < a.Length; d++) a[d] *= s;
    }

    private static float Dot(float[] a, float[] b)
    {
        float s = 0;
        for (int d = 0; d < a.Length; d++) s += a[d] * b[d];
        return s;
    }

    /// <summary>Writes words and their vectors (binary: count, dimensions, then each word and its floats).</summary>
    public static void WriteVectors(string path, IReadOnlyList<string> words, IReadOnlyList<float[]> vectors)
    {
        using var w = new BinaryWriter(File.Create(path));
        int dims = vectors.Count == 0 ? 0 : vectors[0].Length;
        w.Write(words.Count);
        w.Write(dims);
        for (int i = 0; i < words.Count; i++)
        {
            w.Write(words[i]);
            foreach (var x in vectors[i]) w.Write(x);
        }
    }

    /// <summary>Reads a file written by <see cref="WriteVectors"/>.</summary>
    public static (string[] Words, float[][] Vectors) ReadVectors(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        int n = r.ReadInt32(), dims = r.ReadInt32();
        if (n < 0 || n > 10_000_000 || dims < 0 || dims > 10_000) throw new InvalidDataException($"{path}: implausible vector table size");
        var words = new string[n];
        var vectors = new float[n][];
        for (int i = 0; i < n; i++)
        {
            words[i] = r.ReadString();
            var v = new float[dims];
            for (int d = 0; d < dims; d++) v[d] = r.ReadSingle();
            vectors[i] = v;
        }
        return (words, vectors);
    }

    /// <summary>Writes the table as <c>word&lt;TAB&gt;bits</c> lines (the path without its leading 1).</summary>
    public static void WriteTsv(string path, IEnumerable<(string Word, int Path)> table)
    {
        using var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        foreach (var (word, p) in table)
        {
            int len = 31 - int.LeadingZeroCount(p);
            var bits = len == 0 ? "" : Convert.ToString(p & ((1 << len) - 1), 2).PadLeft(len, '0');
            w.Write(word);
            w.Write('\t');
            w.Write(bits);
            w.Write('\n');
        }
    }

    /// <summary>Reads a table written by <see cref="WriteTsv"/> (paths encoded with their leading 1 bit).</summary>
    public static List<(string Word, int Path)> ReadTsv(string path)
    {
        var result = new List<(string, int)>();
        int line = 0;
        foreach (var l in File.ReadLines(path))
        {
            line++;
            if (l.Length == 0) continue;
            int tab = l.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0) throw new FormatException($"{path}:{line}: expected word<TAB>bits");
            var bits = l.AsSpan(tab + 1);
            if (bits.Length > 30) throw new FormatException($"{path}:{line}: path longer than 30 bits");
            int p = 1;
            foreach (char c in bits)
            {
                if (c != '0' && c != '1') throw new FormatException($"{path}:{line}: path must be 0/1 digits");
                p = (p << 1) | (c - '0');
            }
            result.Add((l[..tab], p));
        }
        return result;
    }

    /// <summary>The lookup table of the recognizer: hashed lowercase words (first entry wins) → encoded paths.</summary>
    internal static WordClusters ToClusters(IEnumerable<(string Word, int Path)> table) => WordClusters.FromTable(table);
}

/// <summary>
/// Nearest-neighbour entity types: for every word of an embedding table, the types that the training data gives its
/// k most similar capitalised training words (never the word itself), as quantized fractions of PER, ORG, LOC and O.
/// The result is a lookup table (hashed lowercase word → packed code) stored in ner.bin; nothing is encoded at run time.
/// </summary>
internal static class EmbeddingNeighbours
{
    /// <summary>Packs the quantized fractions: 256 | per | org &lt;&lt; 2 | loc &lt;&lt; 4 | argmax &lt;&lt; 6 (argmax 0 = O, 1 PER, 2 ORG, 3 LOC).</summary>
    public static WordClusters Build(string[] words, float[][] vectors, IReadOnlyList<NerSentence> train, int k, TextWriter log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var row = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++) row.TryAdd(words[i], i);
        // type counts of capitalised (or labelled) training words: O, PER, ORG, LOC
        var counts = new Dictionary<int, int[]>();
        foreach (var s in train)
            for (int i = 0; i < s.Forms.Length; i++)
            {
                var f = s.Forms[i];
                var l = s.Labels[i];
                int t = l.Length > 2 ? l[2..] switch { "PER" => 1, "ORG" => 2, "LOC" => 3, _ => 0 } : 0;
                if (t == 0 && (f.Length == 0 || !char.IsUpper(f[0]) || i == 0)) continue;
                if (!row.TryGetValue(f.ToLowerInvariant(), out int r)) continue;
                if (!counts.TryGetValue(r, out var c)) counts[r] = c = new int[4];
                c[t]++;
            }
        var labelled = counts.Keys.Order().ToArray();
        var fractions = labelled.Select(r => { var c = counts[r]; float sum = c.Sum(); return c.Select(x => x / sum).ToArray(); }).ToArray();
        log.WriteLine($"ner: {labelled.Length} labelled training words for embedding neighbours (k = {k})");
        var unit = Normalise(vectors);
        var keys = new ulong[words.Length];
        var codes = new int[words.Length];
        var bestSim = new float[k];
        var bestIdx = new int[k];
        var dist = new float[4];
        for (int w = 0; w < words.Length; w++)
        {
            Array.Fill(bestSim, float.NegativeInfinity);
            Array.Fill(bestIdx, -1);
            var v = unit[w];
            for (int j = 0; j < labelled.Length; j++)
            {
                int r = labelled[j];
                if (r == w) continue;
                float sim = Dot(v, unit[r]);
                if (sim <= bestSim[k - 1]) continue;
                int p = k - 1;
                while (p > 0 && bestSim[p - 1] < sim) { bestSim[p] = bestSim[p - 1]; bestIdx[p] = bestIdx[p - 1]; p--; }
                bestSim[p] = sim;
                bestIdx[p] = j;
            }
            Array.Clear(dist);
            float total = 0;
            for (int p = 0; p < k; p++)
            {
                if (bestIdx[p] < 0) continue;
                float weight = Math.Max(bestSim[p], 0f);
                for (int t = 0; t < 4; t++) dist[t] += weight * fractions[bestIdx[p]][t];
                total += weight;
            }
            int arg = 0;
            if (total > 0)
                for (int t = 0; t < 4; t++) { dist[t] /= total; if (dist[t] > dist[arg]) arg = t; }
            keys[w] = FeatureHash.OfLower(words[w]);
            codes[w] = 256 | Bin(dist[1]) | Bin(dist[2]) << 2 | Bin(dist[3]) << 4 | arg << 6;
        }
        var seen = new HashSet<ulong>();
        var kk = new List<ulong>();
        var cc = new List<int>();
        for (int i = 0; i < keys.Length; i++)
            if (seen.Add(keys[i])) { kk.Add(keys[i]); cc.Add(codes[i]); }
        return new WordClusters([.. kk], [.. cc]);
    }

    private static int Bin(float x) => x < 0.1f ? 0 : x < 0.3f ? 1 : x < 0.6f ? 2 : 3;

    internal static float[][] Normalise(float[][] vectors)
    {
        int n = vectors.Length;
        if (n == 0) return [];
        int dims = vectors[0].Length;
        var mean = new double[dims];
        foreach (var v in vectors)
        {
            if (v.Length != dims) throw new ArgumentException("vectors differ in length", nameof(vectors));
            for (int d = 0; d < dims; d++) mean[d] += v[d];
        }
        var result = new float[n][];
        for (int i = 0; i < n; i++)
        {
            var x = new float[dims];
            double norm = 0;
            for (int d = 0; d < dims; d++) { x[d] = (float)(vectors[i][d] - mean[d] / n); norm += (double)x[d] * x[d]; }
            float scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
            for (int d = 0; d < dims; d++) x[d] *= scale;
            result[i] = x;
        }
        return result;
    }

    private static float Dot(float[] a, float[] b)
    {
        var va = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(a.AsSpan());
        var vb = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(b.AsSpan());
        var acc = System.Numerics.Vector<float>.Zero;
        for (int i = 0; i < va.Length; i++) acc += va[i] * vb[i];
        float s = System.Numerics.Vector.Sum(acc);
        for (int i = va.Length * System.Numerics.Vector<float>.Count; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
