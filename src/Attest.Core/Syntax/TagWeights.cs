using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Attest.Syntax;

/// <summary>
/// The tagger's lookup form of a many-class <see cref="LinearModel"/>: one open-addressing table of 16-byte slots
/// (feature hash → row), where a row with more than <see cref="DenseAbove"/> non-zero weights is a dense int16 row of
/// <see cref="LinearModel.Stride"/> entries added with SIMD widening adds, and a sparser row is a run of packed
/// (class &lt;&lt; 16 | weight) ints added one by one. The frequent features (neighbouring words, tag history) have dense
/// rows of about 100 non-zero weights, which packed scatter-adds handled one weight at a time. Integer sums in int32,
/// so the scores are exactly those of <see cref="LinearModel.Score"/>. Immutable and thread-safe.
/// </summary>
internal sealed class TagWeights
{
    /// <summary>Rows with more non-zero weights than this are stored dense.</summary>
    public const int DenseAbove = 16;

    [StructLayout(LayoutKind.Sequential)]
    private struct Slot : IHashSlot
    {
        public ulong Key;
        readonly ulong IHashSlot.Key => Key;
        /// <summary>Offset into <see cref="dense"/> (in shorts) when <see cref="Count"/> is negative, else into <see cref="packed"/>.</summary>
        public int Offset;
        /// <summary>Number of packed entries, or −1 for a dense row.</summary>
        public int Count;
    }

    private readonly Slot[] slots;
    private readonly int mask;
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
        int cap = 16;
        while (cap < keys.Length * 2) cap <<= 1;
        slots = new Slot[cap];
        mask = cap - 1;
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
            Slot slot = new() { Key = keys[r] == 0 ? 1 : keys[r] };
            if (to - from > DenseAbove)
            {
                foreach (int e in entries.AsSpan(from, to - from)) dense[dn + (e >>> 16)] = (short)e;
                slot.Offset = dn;
                slot.Count = -1;
                dn += Stride;
            }
            else
            {
                slot.Offset = pk;
                entries.AsSpan(from, to - from).CopyTo(packed.AsSpan(pk));
                pk += to - from;
                slot.Count = to - from;
            }
            OpenAddressing.Insert(slots, mask, slot);
        }
    }

    private const int InsertAhead = 8;

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
        var sl = slots;
        int m = mask;
        int found = 0;
        for (int j = 0; j < features.Length; j++)
        {
            ulong f = features[j] == 0 ? 1 : features[j];
            int i = OpenAddressing.Home(f, m);
            while (true)
            {
                ref readonly var slot = ref sl[i];
                if (slot.Key == f)
                {
                    offsets[found] = slot.Offset;
                    counts[found++] = slot.Count;
                    PrefetchRow(slot.Offset, slot.Count);
                    break;
                }
                if (slot.Key == 0) break;
                i = (i + 1) & m;
            }
        }
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
        fixed (Slot* p = slots) Sse.Prefetch0(p + OpenAddressing.Home(key == 0 ? 1 : key, mask));
    }

    /// <summary>Issues a cache prefetch for the first probe slot of every feature so the misses overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Prefetch(ReadOnlySpan<ulong> features)
    {
        if (!Sse.IsSupported) return;
        fixed (Slot* p = slots)
        {
            foreach (var f0 in features)
            {
                ulong f = f0 == 0 ? 1 : f0;
                Sse.Prefetch0(p + OpenAddressing.Home(f, mask));
            }
        }
    }
}
