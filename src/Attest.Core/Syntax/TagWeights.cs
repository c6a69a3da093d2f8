using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Attest.Syntax;

/// <summary>
/// The tagger's lookup form of a many-class <see cref="LinearModel"/>: one table of 64-byte buckets of four keys
/// (feature hash → row, see <see cref="Bucket"/>), where a row with more than <see cref="DenseAbove"/> non-zero weights is a dense int16 row of
/// <see cref="LinearModel.Stride"/> entries added with SIMD widening adds, and a sparser row is a run of packed
/// (class &lt;&lt; 16 | weight) ints added one by one. The frequent features (neighbouring words, tag history) have dense
/// rows of about 100 non-zero weights, which packed scatter-adds handled one weight at a time. Integer sums in int32,
/// so the scores are exactly those of <see cref="LinearModel.Score"/>. Immutable and thread-safe.
/// </summary>
internal sealed class TagWeights
{
    /// <summary>Rows with more non-zero weights than this are stored dense.</summary>
    public const int DenseAbove = 16;

    /// <summary>
    /// 64-byte bucket (one cache line): four keys (0 = empty lane; lanes fill in order) and their rows' offsets and
    /// counts (offset into <see cref="dense"/> in shorts when the count is −1, else into <see cref="packed"/>). When a
    /// key finds its home bucket full, the bucket's last lane becomes a marker (count <see cref="Overflowed"/>, key 0;
    /// its entry moves on) and the key goes to the next bucket with a free lane, so a lookup compares the four keys at
    /// once and goes on only when the bucket has no match and is marked.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    private struct Bucket
    {
        public Vector256<ulong> Key;
        public Vector128<int> Offset;
        public Vector128<int> Count;
    }

    private const int Lanes = 4;
    private const int Overflowed = int.MinValue;
    /// <summary>Keys per bucket lane: 1.5 keys per bucket on average (about 7 % of the buckets marked).</summary>
    private const double Load = 0.375;

    private readonly TableMemory<Bucket> table;
    private readonly uint buckets;
    private readonly short[] dense;
    private readonly int[] packed;

    /// <summary>From a built model (training, pruning): each row is read back through the model's own lookup.</summary>
    public TagWeights(LinearModel model) : this(model.Classes, model.Keys, Rows(model))
    {
    }

    /// <param name="weights">Dense rows of <see cref="LinearModel.Pad"/>(classes) entries each.</param>
    public TagWeights(int classes, ulong[] keys, short[] weights) : this(classes, keys, Sparse(classes, keys.Length, weights))
    {
    }

    /// <param name="rows">Row r's non-zero weights, packed (class &lt;&lt; 16 | weight), are
    /// <c>Entries[RowStart[r] .. RowStart[r + 1]]</c>.</param>
    private TagWeights(int classes, ulong[] keys, (int[] RowStart, int[] Entries) rows)
    {
        Classes = classes;
        Stride = LinearModel.Pad(classes);
        if (Stride % Vector256<int>.Count != 0) throw new ArgumentException("model stride must be a multiple of 8", nameof(classes));
        var (rowStart, entries) = rows;
        buckets = (uint)Math.Max(2L, (long)Math.Ceiling(keys.Length / (Lanes * Load)));
        table = new TableMemory<Bucket>((int)buckets);
        int denseRows = 0, packedCount = 0;
        for (int r = 0; r < keys.Length; r++)
        {
            int k = rowStart[r + 1] - rowStart[r];
            if (k > DenseAbove) denseRows++;
            else packedCount += k;
        }
        dense = new short[denseRows * Stride];
        packed = new int[packedCount];
        int dn = 0, pk = 0;
        for (int r = 0; r < keys.Length; r++)
        {
            int from = rowStart[r], to = rowStart[r + 1];
            if (from == to) continue;
            // the inserts land at random slots: ask for a later row's home slot now, so the misses overlap
            if (r + InsertAhead < keys.Length) PrefetchHome(keys[r + InsertAhead]);
            ulong key = keys[r] == 0 ? 1 : keys[r];
            int offset, count;
            if (to - from > DenseAbove)
            {
                foreach (int e in entries.AsSpan(from, to - from)) dense[dn + (e >>> 16)] = (short)e;
                offset = dn;
                count = -1;
                dn += Stride;
            }
            else
            {
                offset = pk;
                entries.AsSpan(from, to - from).CopyTo(packed.AsSpan(pk));
                pk += to - from;
                count = to - from;
            }
            Insert(Home(key), key, offset, count);
        }
    }

    private const int InsertAhead = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Home(ulong key) => OpenAddressing.Bucket(key, buckets);

    /// <summary>
    /// Puts a key and its row in the first bucket from <paramref name="b"/> (its home) that is not marked and has a
    /// free lane; a full unmarked bucket on the way is marked and its last entry (whose lookups pass every bucket from
    /// its home to here, all marked now) moves on the same way. It ends: at most one marker per bucket and
    /// <see cref="Load"/> &lt; 3/4.
    /// </summary>
    /// <exception cref="InvalidDataException">the key is already in the table.</exception>
    private unsafe void Insert(uint b, ulong key, int offset, int count)
    {
        Bucket* p = table.Pointer;
        while (true)
        {
            ulong* keys = (ulong*)(p + b);
            int* offs = (int*)(keys + Lanes);
            int* cnts = offs + Lanes;
            for (int k = 0; k < Lanes; k++)
                if (keys[k] == key) throw new InvalidDataException("duplicate feature key in linear model");
            if (cnts[Lanes - 1] != Overflowed)
            {
                int lane = 0;
                while (lane < Lanes && keys[lane] != 0) lane++;
                if (lane < Lanes)
                {
                    keys[lane] = key;
                    offs[lane] = offset;
                    cnts[lane] = count;
                    break;
                }
                ulong movedKey = keys[Lanes - 1];
                int movedOffset = offs[Lanes - 1], movedCount = cnts[Lanes - 1];
                keys[Lanes - 1] = 0;
                offs[Lanes - 1] = 0;
                cnts[Lanes - 1] = Overflowed;
                Insert(b + 1 == buckets ? 0 : b + 1, movedKey, movedOffset, movedCount);
            }
            if (++b == buckets) b = 0;
        }
        GC.KeepAlive(table);
    }

    /// <summary>Dense rows as packed non-zero entries in row order.</summary>
    private static (int[] RowStart, int[] Entries) Sparse(int classes, int rows, short[] weights)
    {
        int stride = LinearModel.Pad(classes);
        if (weights.Length != rows * stride) throw new InvalidDataException("weight array length does not match feature count");
        var rowStart = new int[rows + 1];
        var entries = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            var row = weights.AsSpan(r * stride, classes);
            for (int c = 0; c < classes; c++) if (row[c] != 0) entries.Add((c << 16) | (ushort)row[c]);
            rowStart[r + 1] = entries.Count;
        }
        return (rowStart, entries.ToArray());
    }

    /// <summary>
    /// Reads a <see cref="LinearModel"/> as written by <see cref="LinearModel.Write"/> straight into the lookup form:
    /// the rows are parsed from the payload's bytes (no dense rows × stride array is built, and no reader call per weight).
    /// </summary>
    public static TagWeights Read(BinaryReader r, out float scale, out ulong[] keys)
    {
        (int classes, scale, keys) = LinearModel.ReadHeader(r);
        var rowStart = new int[keys.Length + 1];
        var entries = new int[Math.Max(16, keys.Length * 2)];
        int n = 0;
        int rowCount = keys.Length;
        ModelFile.ParseAhead(r, bytes =>
        {
            int pos = 0;
            for (int i = 0; i < rowCount; i++)
            {
                int nnz = BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]);
                pos += 2;
                if (n + nnz > entries.Length) Array.Resize(ref entries, Math.Max(entries.Length * 2, n + nnz));
                for (int j = 0; j < nnz; j++, pos += 4)
                {
                    int c = BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]);
                    if (c >= classes) throw new InvalidDataException("weight class index out of range");
                    entries[n++] = (c << 16) | BinaryPrimitives.ReadUInt16LittleEndian(bytes[(pos + 2)..]);
                }
                rowStart[i + 1] = n;
            }
            return pos;
        });
        return new TagWeights(classes, keys, (rowStart, entries));
    }

    /// <summary>The <see cref="LinearModel"/> these rows came from, with its keys in their original order.</summary>
    public LinearModel ToModel(float scale, ulong[] keys)
    {
        var weights = new short[keys.Length * Stride];
        var sums = new int[Stride];
        for (int r = 0; r < keys.Length; r++)
        {
            Array.Clear(sums);
            Score([keys[r]], sums);
            for (int c = 0; c < Classes; c++) weights[r * Stride + c] = checked((short)sums[c]);
        }
        return new LinearModel(Classes, scale, keys, weights);
    }

    private static short[] Rows(LinearModel model)
    {
        var weights = new short[model.Keys.Length * model.Stride];
        var sums = new int[model.Stride * 2];
        for (int r = 0; r < model.Keys.Length; r++)
        {
            Array.Clear(sums);
            model.Score([model.Keys[r]], sums);
            for (int c = 0; c < model.Classes; c++) weights[r * model.Stride + c] = (short)sums[c];
        }
        return weights;
    }

    public int Classes { get; }
    public int Stride { get; }

    /// <summary>Number of dense rows.</summary>
    public int DenseRows => dense.Length / Stride;

    private const int MaxBatch = 64;

    /// <summary>Adds the rows of the given features into <paramref name="scores"/> (length ≥ <see cref="Stride"/>).</summary>
    public void Score(ReadOnlySpan<ulong> features, Span<int> scores)
    {
        if (scores.Length < Stride) throw new ArgumentException("scores must hold at least Stride entries", nameof(scores));
        if (features.Length > MaxBatch) throw new ArgumentException("too many features", nameof(features));
        Prefetch(features);
        // phase 1: resolve every feature's row and prefetch it, so the misses on the rows overlap
        Span<int> offsets = stackalloc int[MaxBatch];
        Span<int> counts = stackalloc int[MaxBatch];
        int found = Resolve(features, offsets, counts);
        // phase 2: add the rows; class ids of packed entries are < Classes <= Stride <= scores.Length
        ref int score0 = ref MemoryMarshal.GetReference(scores);
        ref int pk0 = ref MemoryMarshal.GetArrayDataReference(packed);
        ref short dn0 = ref MemoryMarshal.GetArrayDataReference(dense);
        int stride = Stride;
        // packed rows are added one weight at a time; dense rows are collected and added below
        Span<int> denseRows = stackalloc int[MaxBatch];
        int nd = 0;
        for (int j = 0; j < found; j++)
        {
            int off = offsets[j], count = counts[j];
            if (count < 0)
            {
                denseRows[nd++] = off;
                continue;
            }
            for (int k = off, end = off + count; k < end; k++)
            {
                int e = Unsafe.Add(ref pk0, k);
                Unsafe.Add(ref score0, e >>> 16) += (short)e;
            }
        }
        if (nd == 0) return;
        if (!Avx2.IsSupported)
        {
            for (int j = 0; j < nd; j++)
            {
                ref short w = ref Unsafe.Add(ref dn0, denseRows[j]);
                for (int c = 0; c < stride; c++) Unsafe.Add(ref score0, c) += Unsafe.Add(ref w, c);
            }
            return;
        }
        // dense rows, 64 classes at a time: eight int32 accumulators stay in registers across all rows
        int block = 0;
        for (; block + 64 <= stride; block += 64)
        {
            ref int s = ref Unsafe.Add(ref score0, block);
            var a0 = Vector256.LoadUnsafe(ref s, 0);
            var a1 = Vector256.LoadUnsafe(ref s, 8);
            var a2 = Vector256.LoadUnsafe(ref s, 16);
            var a3 = Vector256.LoadUnsafe(ref s, 24);
            var a4 = Vector256.LoadUnsafe(ref s, 32);
            var a5 = Vector256.LoadUnsafe(ref s, 40);
            var a6 = Vector256.LoadUnsafe(ref s, 48);
            var a7 = Vector256.LoadUnsafe(ref s, 56);
            for (int j = 0; j < nd; j++)
            {
                ref short w = ref Unsafe.Add(ref dn0, denseRows[j] + block);
                a0 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref w, 0));
                a1 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref w, 8));
                a2 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref w, 16));
                a3 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref w, 24));
                a4 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref w, 32));
                a5 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref w, 40));
                a6 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref w, 48));
                a7 += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref w, 56));
            }
            a0.StoreUnsafe(ref s, 0);
            a1.StoreUnsafe(ref s, 8);
            a2.StoreUnsafe(ref s, 16);
            a3.StoreUnsafe(ref s, 24);
            a4.StoreUnsafe(ref s, 32);
            a5.StoreUnsafe(ref s, 40);
            a6.StoreUnsafe(ref s, 48);
            a7.StoreUnsafe(ref s, 56);
        }
        for (; block < stride; block += Vector256<int>.Count)
        {
            ref int s = ref Unsafe.Add(ref score0, block);
            var a = Vector256.LoadUnsafe(ref s);
            for (int j = 0; j < nd; j++) a += Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref Unsafe.Add(ref dn0, denseRows[j] + block)));
            a.StoreUnsafe(ref s);
        }
    }

    /// <summary>
    /// The first class with the highest score, and the margin to the second-highest score (0 on a tie, int.MaxValue
    /// with a single class): what a left-to-right scan keeping the best and the runner-up gives. Overwrites the padding
    /// entries after <see cref="Classes"/>.
    /// </summary>
    public int Best(Span<int> scores, out int margin)
    {
        int classes = Classes, stride = Stride;
        if (scores.Length < stride) throw new ArgumentException("scores must hold at least Stride entries", nameof(scores));
        if (!Vector256.IsHardwareAccelerated || classes < 2) return BestScalar(scores, classes, out margin);
        scores[classes..stride].Fill(int.MinValue);
        ref int s0 = ref MemoryMarshal.GetReference(scores);
        var max = Vector256.LoadUnsafe(ref s0);
        for (int c = Vector256<int>.Count; c < stride; c += Vector256<int>.Count) max = Vector256.Max(max, Vector256.LoadUnsafe(ref s0, (nuint)c));
        int top = HorizontalMax(max);
        var topV = Vector256.Create(top);
        var min = Vector256.Create(int.MinValue);
        int best = -1, ties = 0;
        var rest = min;
        for (int c = 0; c < stride; c += Vector256<int>.Count)
        {
            var v = Vector256.LoadUnsafe(ref s0, (nuint)c);
            var eq = Vector256.Equals(v, topV);
            uint bits = eq.ExtractMostSignificantBits();
            if (bits != 0)
            {
                if (best < 0) best = c + System.Numerics.BitOperations.TrailingZeroCount(bits);
                ties += System.Numerics.BitOperations.PopCount(bits);
            }
            rest = Vector256.Max(rest, Vector256.ConditionalSelect(eq, min, v));
        }
        margin = ties > 1 ? 0 : top - HorizontalMax(rest);
        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HorizontalMax(Vector256<int> v)
    {
        var m = Vector128.Max(v.GetLower(), v.GetUpper());
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
        m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
        return m.ToScalar();
    }

    /// <summary>The scan <see cref="Best"/> reproduces.</summary>
    internal static int BestScalar(ReadOnlySpan<int> scores, int classes, out int margin)
    {
        int best = 0, runner = -1;
        for (int c = 1; c < classes; c++)
        {
            if (scores[c] > scores[best]) { runner = best; best = c; }
            else if (runner < 0 || scores[c] > scores[runner]) runner = c;
        }
        margin = runner < 0 ? int.MaxValue : scores[best] - scores[runner];
        return best;
    }

    /// <summary>
    /// The row (offset, count) of every feature in the table, in <paramref name="offsets"/> / <paramref name="counts"/>;
    /// returns how many. The home bucket's four keys are compared at once and the matching lane taken without a branch
    /// on the data; features whose search goes on past a marked bucket are searched after the others, with their next
    /// buckets prefetched.
    /// </summary>
    [SkipLocalsInit]
    private unsafe int Resolve(ReadOnlySpan<ulong> features, Span<int> offsets, Span<int> counts)
    {
        Bucket* p = table.Pointer;
        Span<uint> next = stackalloc uint[MaxBatch];
        Span<ulong> later = stackalloc ulong[MaxBatch];
        int found = 0, nl = 0;
        for (int j = 0; j < features.Length; j++)
        {
            ulong f = features[j] == 0 ? 1 : features[j];
            uint home = Home(f);
            if (!Vector256.IsHardwareAccelerated)
            {
                later[nl] = f;
                next[nl++] = home;
                continue;
            }
            Bucket* b = p + home;
            uint m = Vector256.Equals(b->Key, Vector256.Create(f)).ExtractMostSignificantBits();
            int* offs = (int*)&b->Offset;
            int* cnts = offs + Lanes;
            if ((m == 0) & (cnts[Lanes - 1] == Overflowed))
            {
                uint n = home + 1 == buckets ? 0 : home + 1;
                if (Sse.IsSupported) Sse.Prefetch0(p + n);
                later[nl] = f;
                next[nl++] = n;
                continue;
            }
            int lane = BitOperations.TrailingZeroCount(m) & (Lanes - 1);
            int offset = offs[lane], count = cnts[lane];
            // an absent feature's entry is written over by the next one's
            offsets[found] = offset;
            counts[found] = count;
            if (m != 0)
            {
                PrefetchRow(offset, count);
                found++;
            }
        }
        for (int k = 0; k < nl; k++)
        {
            uint b = next[k];
            ulong f = later[k];
            while (true)
            {
                ulong* keys = (ulong*)(p + b);
                int* offs = (int*)(keys + Lanes);
                int* cnts = offs + Lanes;
                int lane = 0;
                while (lane < Lanes && keys[lane] != f) lane++;
                if (lane < Lanes)
                {
                    offsets[found] = offs[lane];
                    counts[found++] = cnts[lane];
                    PrefetchRow(offs[lane], cnts[lane]);
                    break;
                }
                if (cnts[Lanes - 1] != Overflowed) break;
                if (++b == buckets) b = 0;
            }
        }
        GC.KeepAlive(table);
        return found;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchRow(int offset, int count)
    {
        if (!Sse.IsSupported) return;
        if (count < 0)
        {
            fixed (short* p = dense)
            {
                short* row = p + offset;
                for (int b = 0; b < Stride * sizeof(short); b += 64) Sse.Prefetch0((byte*)row + b);
            }
        }
        else
        {
            fixed (int* p = packed)
            {
                Sse.Prefetch0(p + offset);
                if (count > 16) Sse.Prefetch0(p + offset + count - 1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchHome(ulong key)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(table.Pointer + Home(key == 0 ? 1 : key));
    }

    /// <summary>Issues a cache prefetch for the first probe slot of every feature so the misses overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Prefetch(ReadOnlySpan<ulong> features)
    {
        if (!Sse.IsSupported) return;
        Bucket* p = table.Pointer;
        foreach (var f0 in features)
        {
            ulong f = f0 == 0 ? 1 : f0;
            Sse.Prefetch0(p + Home(f));
        }
        GC.KeepAlive(table);
    }
}
