using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Attest.Syntax;

/// <summary>
/// Immutable multi-class linear model for inference: feature hash → row of int16 weights (one per class), scaled by
/// <see cref="Scale"/>. Lookups go through one open-addressing table: models with at most three classes (the parser's
/// transitions) use 64-byte buckets of eight key fingerprints and their weights (see <see cref="SmallBucket"/>); models with
/// more classes than a SIMD vector holds (the parser's labellers) use 8-byte slots pointing at the non-zero weights of
/// each row, packed as (class, weight) ints after the key's low half (see <see cref="SparseBucket"/>); both tables live in
/// <see cref="TableMemory{T}"/> (huge pages when large). Others use 16-byte slots with the full key, where four-class
/// models keep the whole row inside the slot (one cache miss per feature) and the rest keep dense rows padded to the
/// SIMD width. Zero rows are pruned when the model is built.
/// </summary>
internal sealed class LinearModel
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Slot : IHashSlot
    {
        public ulong Key;
        readonly ulong IHashSlot.Key => Key;
        public int A;
        public int B;
    }

    /// <summary>
    /// 64-byte bucket (one cache line) of a model with at most three classes: eight 16-bit key fingerprints
    /// (0 = empty lane) and the eight rows' weights, class by class. Lanes fill in order. When a key finds its home
    /// bucket full, the bucket gets <see cref="Overflowed"/> in its last lane (that lane's key moves on) and the key goes
    /// to the next bucket with a free lane; so a lookup compares the eight fingerprints at once, adds the weights of the
    /// matching lanes with masks instead of a probe loop, and goes on to the next bucket only when the bucket has no
    /// match and is marked (a full bucket that never overflowed answers alone). A fingerprint stands in for the 64-bit
    /// key, so a feature that is not in the model matches a stored one with probability about 2^-16 per taken lane it is
    /// compared with (about 3.2 at the load of <see cref="SmallLoad"/>: 1 lookup in 20 000), and two stored keys of one
    /// bucket can share a fingerprint (<see cref="MisreadKeys"/> counts the keys whose lookup is then wrong).
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    private struct SmallBucket
    {
        public Vector128<ushort> Fp;
        public Vector128<short> W0, W1, W2;
    }

    private const int BucketLanes = 8;

    /// <summary>
    /// Keys per bucket lane of the 3-class table: a bucket holds 8 × 0.4 = 3.2 keys on average, so an absent feature is
    /// compared with about 3.2 fingerprints (a false match for about 1 lookup in 20 000, as with the slot table before)
    /// and 0.6 % of the set-4 transition table's buckets are marked. At 0.5 it measured as fast (1 in 16 000, 2.6 %
    /// marked); at 0.625, 10 % slower (10 % marked).
    /// </summary>
    private const double SmallLoad = 0.4;

    /// <summary>Keys per bucket lane of the many-class table (whole keys are compared, so no false matches): 4 per bucket on average.</summary>
    private const double SparseLoad = 0.5;

    /// <summary>
    /// 64-byte bucket (one cache line) of a many-class (sparse) model: the high halves of eight keys and where their
    /// packed rows start (0 = empty lane; lanes fill in order). The row begins with the low half of the key, then the
    /// entry count, then the (class, weight) entries, so a match is confirmed on the whole 64-bit key when the row is
    /// read (which the scoring does anyway): the same answers as a table of whole keys. A lookup compares the eight
    /// high halves at once and goes on to the next bucket only when the home bucket is full and has no match.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    private struct SparseBucket
    {
        public Vector256<uint> Hi;
        public Vector256<int> Start;
    }

    /// <summary>Ints before the entries of a packed row: the key's low half and the entry count.</summary>
    private const int RowHeader = 2;

    /// <summary>
    /// Entry count of a dense packed row: a row with at least <see cref="DenseFrom"/> non-zero weights stores all
    /// <see cref="Stride"/> weights as int16 pairs after its header (added with SIMD instead of one entry at a time).
    /// </summary>
    private const int DenseRow = -1;

    /// <summary>Non-zero weights from which a sparse-layout row is packed dense (its int16 row then costs no more than 2× the entries).</summary>
    internal const int DenseFrom = 16;

    private enum Layout : byte { Inline, Sparse, Dense, Small }

    private readonly Slot[] slots;
    private readonly TableMemory<SmallBucket>? small;
    private readonly TableMemory<SparseBucket>? sparse;
    private readonly int mask;
    private readonly uint smallCap;
    private readonly uint sparseCap;
    private readonly Layout layout;
    private readonly short[] dense;
    private readonly TableMemory<int>? packed;
    private readonly int[] rowA;
    private readonly int[] rowB;

    /// <param name="weights">Dense rows of <see cref="Pad"/>(classes) entries each.</param>
    public LinearModel(int classes, float scale, ulong[] keys, short[] weights)
    {
        Classes = classes;
        Stride = Pad(classes);
        Scale = scale;
        Keys = keys;
        if (weights.Length != keys.Length * Stride) throw new InvalidDataException("weight array length does not match feature count");
        layout = classes <= 3 ? Layout.Small : classes <= 4 ? Layout.Inline : classes > Vector<short>.Count ? Layout.Sparse : Layout.Dense;
        int cap = 16;
        slots = [];
        if (layout == Layout.Small)
        {
            // any number of buckets (the index is a multiply-shift of the hash, not a mask), at least one lane per key
            smallCap = (uint)Math.Max(2L, (long)Math.Ceiling(keys.Length / (BucketLanes * SmallLoad)));
            small = new TableMemory<SmallBucket>((int)smallCap);
        }
        else if (layout == Layout.Sparse)
        {
            sparseCap = (uint)Math.Max(2L, (long)Math.Ceiling(keys.Length / (BucketLanes * SparseLoad)));
            sparse = new TableMemory<SparseBucket>((int)sparseCap);
        }
        else
        {
            while (cap < keys.Length * 2) cap <<= 1;
            slots = new Slot[cap];
        }
        mask = cap - 1;
        dense = layout == Layout.Dense ? weights : [];
        rowA = new int[keys.Length];
        rowB = new int[keys.Length];
        var pk = new List<int> { 0 }; // a sparse row never starts at 0, which marks an empty slot
        for (int r = 0; r < keys.Length; r++)
        {
            // inserts land at random slots of a table far larger than the cache: ask for a later row's slot now
            if (r + InsertAhead < keys.Length) PrefetchInsert(keys[r + InsertAhead]);
            var row = weights.AsSpan(r * Stride, Stride);
            Slot slot = new() { Key = keys[r] == 0 ? 1 : keys[r] };
            switch (layout)
            {
                case Layout.Inline:
                case Layout.Small:
                    slot.A = (ushort)row[0] | (row[1] << 16);
                    slot.B = (ushort)row[2] | (row[3] << 16);
                    break;
                case Layout.Sparse:
                    int header = pk.Count;
                    pk.Add((int)(uint)slot.Key);
                    pk.Add(0);
                    slot.A = pk.Count;
                    int nnz = 0;
                    foreach (short x in row) if (x != 0) nnz++;
                    if (nnz >= DenseFrom && Vector.IsHardwareAccelerated)
                    {
                        for (int c = 0; c < Stride; c += 2) pk.Add((ushort)row[c] | (row[c + 1] << 16));
                        slot.B = DenseRow;
                    }
                    else
                    {
                        for (int c = 0; c < classes; c++) if (row[c] != 0) pk.Add((c << 16) | (ushort)row[c]);
                        slot.B = pk.Count - slot.A;
                    }
                    pk[header + 1] = slot.B;
                    InsertSparse(slot.Key, header, pk);
                    break;
                default:
                    slot.A = r * Stride;
                    break;
            }
            rowA[r] = slot.A;
            rowB[r] = slot.B;
            if (layout == Layout.Small) InsertSmall(slot.Key, row);
            else if (layout != Layout.Sparse) OpenAddressing.Insert(slots, mask, slot);
        }
        if (layout == Layout.Sparse)
        {
            packed = new TableMemory<int>(pk.Count);
            CollectionsMarshal.AsSpan(pk).CopyTo(packed.Span);
        }
    }

    /// <summary>Last-lane value of a 3-class bucket some of whose keys live in later buckets (never a fingerprint).</summary>
    private const ushort Overflowed = 0xFFFF;

    /// <summary>Bits 40–55 of the key, in 1 … 0xFFFE (0 marks an empty lane, <see cref="Overflowed"/> an overflowed bucket).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Fingerprint(ulong key)
    {
        var fp = (ushort)(key >> 40);
        return fp == 0 ? (ushort)1 : fp == Overflowed ? (ushort)(Overflowed - 1) : fp;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SmallIndex(ulong key, uint cap) => OpenAddressing.Bucket(key, cap);

    private const int InsertAhead = 8;

    private unsafe void PrefetchInsert(ulong key)
    {
        if (!Sse.IsSupported) return;
        if (key == 0) key = 1;
        if (small is not null) Sse.Prefetch0(small.Pointer + SmallIndex(key, smallCap));
        else if (sparse is not null) Sse.Prefetch0(sparse.Pointer + SmallIndex(key, sparseCap));
    }

    private void InsertSmall(ulong key, ReadOnlySpan<short> row) => InsertSmallFrom(SmallIndex(key, smallCap), Fingerprint(key), row[0], row[1], row[2]);

    /// <summary>
    /// Puts a fingerprint and its weights in the first bucket from <paramref name="b"/> (its home) that is not marked
    /// and has a free lane. A full unmarked bucket on the way is marked: its last lane's entry (whose lookups pass
    /// every bucket from its home to here, all marked now) moves on and is placed the same way. It ends: the table has
    /// a lane per key and at most one marker per bucket (<see cref="SmallLoad"/> ≤ 7/8).
    /// </summary>
    private unsafe void InsertSmallFrom(uint b, ushort fp, short w0, short w1, short w2)
    {
        SmallBucket* p = small!.Pointer;
        while (true)
        {
            ushort* fps = (ushort*)(p + b);
            short* w = (short*)fps + BucketLanes;
            if (fps[BucketLanes - 1] == 0)
            {
                int lane = 0;
                while (fps[lane] != 0) lane++;
                fps[lane] = fp;
                w[lane] = w0;
                w[BucketLanes + lane] = w1;
                w[2 * BucketLanes + lane] = w2;
                break;
            }
            if (fps[BucketLanes - 1] != Overflowed)
            {
                int last = BucketLanes - 1;
                ushort movedFp = fps[last];
                short m0 = w[last], m1 = w[BucketLanes + last], m2 = w[2 * BucketLanes + last];
                fps[last] = Overflowed;
                w[last] = 0;
                w[BucketLanes + last] = 0;
                w[2 * BucketLanes + last] = 0;
                InsertSmallFrom(b + 1 == smallCap ? 0 : b + 1, movedFp, m0, m1, m2);
            }
            if (++b == smallCap) b = 0;
        }
        GC.KeepAlive(small);
    }

    private unsafe void InsertSparse(ulong key, int header, List<int> pk)
    {
        SparseBucket* p = sparse!.Pointer;
        uint b = SmallIndex(key, sparseCap);
        uint hi = (uint)(key >> 32);
        while (true)
        {
            uint* his = (uint*)(p + b);
            int* starts = (int*)(his + BucketLanes);
            for (int k = 0; k < BucketLanes && starts[k] != 0; k++)
                if (his[k] == hi && pk[starts[k]] == (int)(uint)key) throw new InvalidDataException("duplicate feature key in linear model");
            if (starts[BucketLanes - 1] == 0)
            {
                int lane = 0;
                while (starts[lane] != 0) lane++;
                his[lane] = hi;
                starts[lane] = header;
                break;
            }
            if (++b == sparseCap) b = 0;
        }
        GC.KeepAlive(sparse);
    }

    public int Classes { get; }
    public int Stride { get; }
    public float Scale { get; }
    public ulong[] Keys { get; }
    public int FeatureCount => Keys.Length;

    /// <summary>The model whose every weight is the mean of the given models' (same classes; a missing feature weighs 0).</summary>
    public static LinearModel Average(IReadOnlyList<LinearModel> models)
    {
        if (models.Count == 0) throw new ArgumentException("no models to average", nameof(models));
        int classes = models[0].Classes;
        var sums = new Dictionary<ulong, float[]>();
        foreach (var m in models)
        {
            if (m.Classes != classes) throw new ArgumentException("models to average differ in their classes", nameof(models));
            for (int r = 0; r < m.Keys.Length; r++)
            {
                if (!sums.TryGetValue(m.Keys[r], out var row)) sums[m.Keys[r]] = row = new float[classes];
                for (int c = 0; c < classes; c++) row[c] += m.Weight(r, c) * m.Scale / models.Count;
            }
        }
        float max = 1e-6f;
        foreach (var row in sums.Values)
            foreach (var x in row) max = Math.Max(max, Math.Abs(x));
        float scale = max / 32000f;
        int stride = Pad(classes);
        var keys = sums.Keys.Order().ToArray();
        var weights = new short[keys.Length * stride];
        for (int r = 0; r < keys.Length; r++)
        {
            var row = sums[keys[r]];
            for (int c = 0; c < classes; c++) weights[r * stride + c] = (short)Math.Round(row[c] / scale);
        }
        return new LinearModel(classes, scale, keys, weights);
    }

    public static int Pad(int classes)
    {
        int v = Vector<short>.Count;
        return (classes + v - 1) / v * v;
    }

    /// <summary>Weight of feature row <paramref name="row"/> (index into <see cref="Keys"/>) for class <paramref name="c"/>.</summary>
    public short Weight(int row, int c)
    {
        switch (layout)
        {
            case Layout.Inline:
            case Layout.Small:
                int v = c < 2 ? rowA[row] : rowB[row];
                return (c & 1) == 0 ? (short)v : (short)(v >> 16);
            case Layout.Sparse:
                var pk = packed!.Span;
                if (rowB[row] == DenseRow) return MemoryMarshal.Cast<int, short>(pk.Slice(rowA[row], Stride / 2))[c];
                for (int k = rowA[row]; k < rowA[row] + rowB[row]; k++)
                    if (pk[k] >>> 16 == c) return (short)pk[k];
                return 0;
            default:
                return dense[row * Stride + c];
        }
    }

    /// <summary>Adds the rows of the given features into <paramref name="scores"/> (length ≥ 2·Stride, zeroed by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Score(ReadOnlySpan<ulong> features, Span<int> scores)
    {
        if (scores.Length < Stride) throw new ArgumentException("scores must hold at least Stride entries", nameof(scores));
        if (layout == Layout.Small)
        {
            ScoreSmall(features, scores);
            return;
        }
        if (layout == Layout.Sparse)
        {
            ScoreSparse(features, scores);
            return;
        }
        var sl = slots;
        int m = mask;
        Prefetch(features);
        switch (layout)
        {
            case Layout.Inline:
            {
                int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                foreach (var f0 in features)
                {
                    ulong f = f0 == 0 ? 1 : f0;
                    int i = OpenAddressing.Home(f, m);
                    while (true)
                    {
                        ref readonly var slot = ref sl[i];
                        if (slot.Key == f)
                        {
                            s0 += (short)slot.A;
                            s1 += slot.A >> 16;
                            s2 += (short)slot.B;
                            s3 += slot.B >> 16;
                            break;
                        }
                        if (slot.Key == 0) break;
                        i = (i + 1) & m;
                    }
                }
                scores[0] += s0;
                scores[1] += s1;
                scores[2] += s2;
                scores[3] += s3;
                return;
            }
            default:
            {
                int stride = Stride;
                var acc = MemoryMarshal.Cast<int, Vector<int>>(scores[..stride]);
                foreach (var f0 in features)
                {
                    ulong f = f0 == 0 ? 1 : f0;
                    int i = OpenAddressing.Home(f, m);
                    int row = -1;
                    while (true)
                    {
                        ref readonly var slot = ref sl[i];
                        if (slot.Key == f) { row = slot.A; break; }
                        if (slot.Key == 0) break;
                        i = (i + 1) & m;
                    }
                    if (row < 0) continue;
                    var w = MemoryMarshal.Cast<short, Vector<short>>(dense.AsSpan(row, stride));
                    for (int j = 0; j < w.Length; j++)
                    {
                        Vector.Widen(w[j], out var lo, out var hi);
                        acc[2 * j] += lo;
                        acc[2 * j + 1] += hi;
                    }
                }
                return;
            }
        }
    }

    private const int MaxSparseBatch = 128;

    /// <summary>Features whose home slots <see cref="ScoreSmall"/> keeps from the prefetch pass for the probe pass.</summary>
    private const int MaxSmallBatch = 192;

    [SkipLocalsInit]
    private unsafe void ScoreSmall(ReadOnlySpan<ulong> features, Span<int> scores)
    {
        if (features.Length > MaxSmallBatch)
        {
            ScoreSmall(features[..MaxSmallBatch], scores);
            ScoreSmall(features[MaxSmallBatch..], scores);
            return;
        }
        uint cap = smallCap;
        var table = small!;
        SmallBucket* p = table.Pointer;
        // home buckets computed once: prefetched all first (so the misses overlap), then compared
        Span<uint> homes = stackalloc uint[MaxSmallBatch];
        for (int j = 0; j < features.Length; j++)
        {
            ulong f = features[j] == 0 ? 1 : features[j];
            uint home = SmallIndex(f, cap);
            homes[j] = home;
            if (Sse.IsSupported) Sse.Prefetch0(p + home);
        }
        int s0 = 0, s1 = 0, s2 = 0;
        if (Sse2.IsSupported)
        {
            // each matching lane's mask is -1: multiply-add of the weights with the mask adds minus the matched weights
            // (exact in int32) with no branch on the data; a full home bucket without a match goes on to the next ones
            // features whose search goes on past a marked home bucket: their next buckets are prefetched and searched
            // after the others (integer sums: the same in any order), so those misses overlap too
            Span<int> later = stackalloc int[MaxSmallBatch];
            int nl = 0;
            Vector128<int> a0 = default, a1 = default, a2 = default;
            for (int j = 0; j < features.Length; j++)
            {
                ulong f = features[j] == 0 ? 1 : features[j];
                SmallBucket* b = p + homes[j];
                var eq = Vector128.Equals(b->Fp, Vector128.Create(Fingerprint(f)));
                if ((eq == Vector128<ushort>.Zero) & (((ushort*)b)[BucketLanes - 1] == Overflowed))
                {
                    homes[j] = homes[j] + 1 == cap ? 0 : homes[j] + 1;
                    Sse.Prefetch0(p + homes[j]);
                    later[nl++] = j;
                    continue;
                }
                var m = eq.AsInt16();
                a0 += Sse2.MultiplyAddAdjacent(b->W0, m);
                a1 += Sse2.MultiplyAddAdjacent(b->W1, m);
                a2 += Sse2.MultiplyAddAdjacent(b->W2, m);
            }
            s0 -= Vector128.Sum(a0);
            s1 -= Vector128.Sum(a1);
            s2 -= Vector128.Sum(a2);
            for (int k = 0; k < nl; k++)
            {
                int j = later[k];
                ProbeSmall(Fingerprint(features[j] == 0 ? 1 : features[j]), homes[j], ref s0, ref s1, ref s2);
            }
        }
        else
        {
            for (int j = 0; j < features.Length; j++)
            {
                ulong f = features[j] == 0 ? 1 : features[j];
                ProbeSmall(Fingerprint(f), homes[j], ref s0, ref s1, ref s2);
            }
        }
        GC.KeepAlive(table);
        scores[0] += s0;
        scores[1] += s1;
        scores[2] += s2;
    }

    /// <summary>Buckets of the 3-class table, how many are marked overflowed and how many keys live past their home bucket (0s for other models).</summary>
    internal unsafe (int Buckets, int Overflowed, int Displaced) SmallTableShape()
    {
        if (small is null) return (0, 0, 0);
        int marked = 0;
        for (int b = 0; b < (int)smallCap; b++) if (((ushort*)(small.Pointer + b))[BucketLanes - 1] == Overflowed) marked++;
        int displaced = 0;
        foreach (var key in Keys)
        {
            ulong k = key == 0 ? 1 : key;
            ushort fp = Fingerprint(k);
            ushort* fps = (ushort*)(small.Pointer + SmallIndex(k, smallCap));
            bool home = false;
            for (int lane = 0; lane < BucketLanes; lane++) home |= fps[lane] == fp;
            if (!home) displaced++;
        }
        GC.KeepAlive(small);
        return ((int)smallCap, marked, displaced);
    }

    /// <summary>Stored keys of a 3-class model whose lookup does not give their own row (another key of their bucket has their fingerprint).</summary>
    internal int MisreadKeys()
    {
        if (small is null) return 0;
        int misread = 0;
        Span<int> sums = stackalloc int[2 * Stride];
        for (int r = 0; r < Keys.Length; r++)
        {
            sums.Clear();
            ScoreSmall([Keys[r]], sums);
            if (sums[0] != Weight(r, 0) || sums[1] != Weight(r, 1) || sums[2] != Weight(r, 2)) misread++;
        }
        return misread;
    }

    /// <summary>
    /// Adds the weights of the lanes with fingerprint <paramref name="fp"/> of the first bucket from
    /// <paramref name="b"/> that has such lanes or a free lane (what the vector path does for a home bucket).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private unsafe void ProbeSmall(ushort fp, uint b, ref int s0, ref int s1, ref int s2)
    {
        var table = small!;
        while (true)
        {
            ushort* fps = (ushort*)(table.Pointer + b);
            short* w = (short*)fps + BucketLanes;
            bool any = false;
            for (int k = 0; k < BucketLanes; k++)
            {
                if (fps[k] != fp) continue;
                s0 += w[k];
                s1 += w[BucketLanes + k];
                s2 += w[2 * BucketLanes + k];
                any = true;
            }
            if (any || fps[BucketLanes - 1] != Overflowed) break;
            if (++b == smallCap) b = 0;
        }
        GC.KeepAlive(table);
    }

    /// <summary>
    /// Many-class rows in two phases: find every feature's slot (all first slots prefetched) and prefetch its packed
    /// row, then check each row's key and add it, so the misses on the rows overlap too instead of following each
    /// slot lookup.
    /// </summary>
    [SkipLocalsInit]
    private unsafe void ScoreSparse(ReadOnlySpan<ulong> features, Span<int> scores)
    {
        uint cap = sparseCap;
        var table = sparse!;
        var rows = packed!;
        SparseBucket* p = table.Pointer;
        if (Sse.IsSupported)
        {
            foreach (var f0 in features)
            {
                ulong f = f0 == 0 ? 1 : f0;
                Sse.Prefetch0(p + SmallIndex(f, cap));
            }
        }
        // row starts are < the packed length and entries' class ids < Classes <= scores.Length (both set when the model was built)
        int* pk = rows.Pointer;
        ref int pk0 = ref Unsafe.AsRef<int>(pk);
        ref int score0 = ref MemoryMarshal.GetReference(scores);
        int stride = Stride;
        Span<int> starts = stackalloc int[MaxSparseBatch];
        Span<int> which = stackalloc int[MaxSparseBatch];
        for (int off = 0; off < features.Length; off += MaxSparseBatch)
        {
            var batch = features.Slice(off, Math.Min(MaxSparseBatch, features.Length - off));
            int found = 0;
            for (int j = 0; j < batch.Length; j++)
            {
                ulong f = batch[j] == 0 ? 1 : batch[j];
                int start;
                if (Vector256.IsHardwareAccelerated)
                {
                    // the first taken lane with the key's high half, with no branch on the data; a full home bucket
                    // without one, the exact search (rare)
                    SparseBucket* b = p + SmallIndex(f, cap);
                    uint m = Vector256.Equals(b->Hi, Vector256.Create((uint)(f >> 32))).ExtractMostSignificantBits()
                        & ~Vector256.Equals(b->Start, Vector256<int>.Zero).ExtractMostSignificantBits();
                    int* lanes = (int*)&b->Start;
                    if ((m == 0) & (lanes[BucketLanes - 1] != 0)) start = FindSparse(f);
                    else start = lanes[BitOperations.TrailingZeroCount(m) & (BucketLanes - 1)] & -(int)((m | (0u - m)) >> 31);
                }
                else
                {
                    start = FindSparse(f);
                }
                // a row start of 0 (none) is written over by the next feature's
                starts[found] = start;
                which[found] = j;
                PrefetchRow(pk + start);
                found += start == 0 ? 0 : 1;
            }
            for (int j = 0; j < found; j++)
            {
                int start = starts[j];
                ulong f = batch[which[j]] == 0 ? 1 : batch[which[j]];
                // the high halves matched; a different key with the same high half (about 2^-32 per probed slot) is
                // skipped by the exact search
                if (Unsafe.Add(ref pk0, start) != (int)(uint)f && (start = FindSparse(f)) == 0) continue;
                int count = Unsafe.Add(ref pk0, start + 1);
                if (count == DenseRow)
                {
                    // Stride int16 weights; scores holds at least Stride ints (checked by Score)
                    ref short w0 = ref Unsafe.As<int, short>(ref Unsafe.Add(ref pk0, start + RowHeader));
                    for (int c = 0; c < stride; c += Vector<short>.Count)
                    {
                        Vector.Widen(Vector.LoadUnsafe(ref w0, (nuint)c), out var lo, out var hi);
                        ref int s = ref Unsafe.Add(ref score0, c);
                        (Vector.LoadUnsafe(ref s) + lo).StoreUnsafe(ref s);
                        (Vector.LoadUnsafe(ref s, (nuint)Vector<int>.Count) + hi).StoreUnsafe(ref s, (nuint)Vector<int>.Count);
                    }
                    continue;
                }
                int end = start + RowHeader + count;
                for (int k = start + RowHeader; k < end; k++)
                {
                    int e = Unsafe.Add(ref pk0, k);
                    Unsafe.Add(ref score0, e >>> 16) += (short)e;
                }
            }
        }
        GC.KeepAlive(table);
        GC.KeepAlive(rows);
    }

    /// <summary>Where the packed row of key <paramref name="f"/> (non-zero) starts, comparing whole keys; 0 when the model has no such row.</summary>
    private unsafe int FindSparse(ulong f)
    {
        var table = sparse!;
        var rows = packed!;
        uint b = SmallIndex(f, sparseCap);
        uint hi = (uint)(f >> 32);
        int found = 0;
        while (true)
        {
            uint* his = (uint*)(table.Pointer + b);
            int* starts = (int*)(his + BucketLanes);
            for (int k = 0; k < BucketLanes && starts[k] != 0; k++)
                if (his[k] == hi && rows.Pointer[starts[k]] == (int)(uint)f) { found = starts[k]; break; }
            if (found != 0 || starts[BucketLanes - 1] == 0) break;
            if (++b == sparseCap) b = 0;
        }
        GC.KeepAlive(table);
        GC.KeepAlive(rows);
        return found;
    }

    /// <summary>Prefetches the cache line where a packed row starts and, when fewer than ten ints of it fit there, the next one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchRow(int* row)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(row);
        if (((nint)row & 63) > 64 - 40) Sse.Prefetch0(row + 10);
    }

    /// <summary>Issues a cache prefetch for the first probe slot of every feature so the misses overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Prefetch(ReadOnlySpan<ulong> features)
    {
        if (!Sse.IsSupported || slots.Length == 0) return;
        fixed (Slot* p = slots)
        {
            foreach (var f0 in features)
            {
                ulong f = f0 == 0 ? 1 : f0;
                Sse.Prefetch0(p + OpenAddressing.Home(f, mask));
            }
        }
    }

    public static int ArgMax(ReadOnlySpan<int> scores, int classes)
    {
        int best = 0;
        for (int c = 1; c < classes; c++) if (scores[c] > scores[best]) best = c;
        return best;
    }

    /// <summary>A copy without the rows whose largest absolute weight is below <paramref name="fraction"/> of the model's largest weight.</summary>
    public LinearModel Prune(float fraction)
    {
        int max = 1;
        for (int r = 0; r < Keys.Length; r++)
            for (int c = 0; c < Classes; c++) max = Math.Max(max, Math.Abs((int)Weight(r, c)));
        float threshold = fraction * max;
        var keys = new List<ulong>();
        var weights = new List<short>();
        var row = new short[Stride];
        for (int r = 0; r < Keys.Length; r++)
        {
            int rowMax = 0;
            for (int c = 0; c < Classes; c++) { row[c] = Weight(r, c); rowMax = Math.Max(rowMax, Math.Abs((int)row[c])); }
            if (rowMax == 0 || rowMax < threshold) continue;
            keys.Add(Keys[r]);
            weights.AddRange(row);
        }
        return new LinearModel(Classes, Scale, keys.ToArray(), weights.ToArray());
    }

    /// <summary>Keys, then each row as (count, (class, weight)*) — only non-zero weights are stored.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Classes);
        w.Write(Scale);
        w.Write(Keys.Length);
        w.Write(MemoryMarshal.AsBytes(Keys.AsSpan()));
        for (int r = 0; r < Keys.Length; r++)
        {
            ushort nnz = 0;
            for (int c = 0; c < Classes; c++) if (Weight(r, c) != 0) nnz++;
            w.Write(nnz);
            for (int c = 0; c < Classes; c++)
            {
                short x = Weight(r, c);
                if (x != 0) { w.Write((ushort)c); w.Write(x); }
            }
        }
    }

    /// <summary>A model with no features: every score 0 (a part a model file leaves out, e.g. a parser's post-hoc labeller).</summary>
    public static LinearModel Empty(int classes) => new(classes, 1f, [], []);

    public static LinearModel Read(BinaryReader r)
    {
        var (classes, scale, keys, weights) = ReadRows(r);
        return new LinearModel(classes, scale, keys, weights);
    }

    /// <summary>Classes, scale and feature keys: the part of a model file before the rows.</summary>
    internal static (int Classes, float Scale, ulong[] Keys) ReadHeader(BinaryReader r)
    {
        int classes = r.ReadInt32();
        float scale = r.ReadSingle();
        int n = r.ReadInt32();
        if (classes <= 0 || classes > 4096 || n < 0 || n > 100_000_000) throw new InvalidDataException("implausible linear model header");
        var keys = new ulong[n];
        ModelFile.ReadExactly(r, MemoryMarshal.AsBytes(keys.AsSpan()));
        return (classes, scale, keys);
    }

    /// <summary>The parts <see cref="Read"/> builds a model from: classes, scale, keys and dense rows of <see cref="Pad"/>(classes) weights.</summary>
    internal static (int Classes, float Scale, ulong[] Keys, short[] Weights) ReadRows(BinaryReader r)
    {
        var (classes, scale, keys) = ReadHeader(r);
        int n = keys.Length;
        int stride = Pad(classes);
        var weights = new short[n * stride];
        // rows parsed from the payload's bytes: (non-zero count, then class and weight per entry), little-endian
        ModelFile.ParseAhead(r, bytes =>
        {
            int pos = 0;
            for (int i = 0; i < n; i++)
            {
                int nnz = BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]);
                pos += 2;
                for (int j = 0; j < nnz; j++, pos += 4)
                {
                    int c = BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]);
                    if (c >= classes) throw new InvalidDataException("weight class index out of range");
                    weights[i * stride + c] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(pos + 2)..]);
                }
            }
            return pos;
        });
        return (classes, scale, keys, weights);
    }
}

/// <summary>Averaged perceptron used while training; <see cref="Build"/> yields a quantized, pruned <see cref="LinearModel"/>.</summary>
internal sealed class AveragedPerceptron
{
    private readonly HashIndex index = new(1 << 16);
    private readonly List<ulong> keys = [];
    private float[] w;
    private double[] acc;
    private readonly HashIndex? allowed;
    private long time = 1;

    /// <param name="allowed">When given, only features in this set ever get a weight row (a training-time frequency cutoff).</param>
    public AveragedPerceptron(int classes, HashIndex? allowed = null)
    {
        Classes = classes;
        this.allowed = allowed;
        w = new float[classes * 1024];
        acc = new double[classes * 1024];
    }

    public int Classes { get; }
    public int FeatureCount => keys.Count;

    /// <summary>Advances the averaging clock by one training instance.</summary>
    public void Tick() => time++;

    public void Score(ReadOnlySpan<ulong> features, Span<float> scores)
    {
        int c = Classes;
        scores[..c].Clear();
        foreach (var f in features)
        {
            int row = index.Get(f);
            if (row < 0) continue;
            var ws = w.AsSpan(row * c, c);
            for (int j = 0; j < c; j++) scores[j] += ws[j];
        }
    }

    public void Update(ReadOnlySpan<ulong> features, int truth, int guess, float delta = 1f)
    {
        if (truth == guess) return;
        int c = Classes;
        foreach (var f in features)
        {
            int row = RowFor(f);
            if (row < 0) continue;
            w[row * c + truth] += delta;
            acc[row * c + truth] += time * (double)delta;
            w[row * c + guess] -= delta;
            acc[row * c + guess] -= time * (double)delta;
        }
    }

    /// <summary>Adds <paramref name="delta"/> to the weights of class <paramref name="cls"/> for every feature (one side of a
    /// structured update, where the true and the guessed sequence have different features).</summary>
    public void Add(ReadOnlySpan<ulong> features, int cls, float delta)
    {
        int c = Classes;
        foreach (var f in features)
        {
            int row = RowFor(f);
            if (row < 0) continue;
            w[row * c + cls] += delta;
            acc[row * c + cls] += time * (double)delta;
        }
    }

    /// <summary>The weight row of feature <paramref name="f"/>, added (and the arrays grown) when it is new; -1 when the
    /// feature is new and not in the allowed set (the training-time frequency cutoff).</summary>
    private int RowFor(ulong f)
    {
        int row = index.Get(f);
        if (row >= 0) return row;
        if (allowed is not null && allowed.Get(f) < 0) return -1;
        row = keys.Count;
        keys.Add(f);
        index.TryAdd(f, row);
        if ((row + 1) * Classes > w.Length)
        {
            Array.Resize(ref w, w.Length * 2);
            Array.Resize(ref acc, acc.Length * 2);
        }
        return row;
    }

    /// <summary>
    /// Averages, quantizes to int16 and drops rows that quantize to zero or whose largest absolute weight is below
    /// <paramref name="pruneFraction"/> times the largest weight of the model.
    /// </summary>
    public LinearModel Build(float pruneFraction = 0f)
    {
        int c = Classes;
        int n = keys.Count;
        var avg = new float[n * c];
        float max = 1e-6f;
        for (int i = 0; i < n * c; i++)
        {
            avg[i] = (float)(w[i] - acc[i] / time);
            max = Math.Max(max, Math.Abs(avg[i]));
        }
        float scale = max / 32000f;
        float pruneBelow = pruneFraction * max;
        int stride = LinearModel.Pad(c);
        var keptKeys = new List<ulong>();
        var kept = new List<short>();
        var row = new short[stride];
        for (int r = 0; r < n; r++)
        {
            bool any = false;
            float rowMax = 0;
            for (int j = 0; j < c; j++) rowMax = Math.Max(rowMax, Math.Abs(avg[r * c + j]));
            if (rowMax < pruneBelow) continue;
            Array.Clear(row);
            for (int j = 0; j < c; j++)
            {
                row[j] = (short)Math.Round(avg[r * c + j] / scale);
                any |= row[j] != 0;
            }
            if (!any) continue;
            keptKeys.Add(keys[r]);
            kept.AddRange(row);
        }
        return new LinearModel(c, scale, keptKeys.ToArray(), kept.ToArray());
    }
}

/// <summary>
/// Zeroed native memory for a large read-only lookup table. Blocks of at least <see cref="HugePage"/> bytes are
/// aligned to 2 MB and, on Linux, advised for transparent huge pages before they are first touched, so a table of a few
/// tens of megabytes spans a handful of TLB entries instead of thousands of 4 KB pages (every lookup into such a table
/// is a random access). Freed when the owner is collected.
/// </summary>
internal sealed unsafe class TableMemory<T> where T : unmanaged
{
    private const int HugePage = 2 << 20;
    private const int MadvHugepage = 14;
    private readonly void* memory;
    private readonly long bytes;

    public TableMemory(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        long size = Math.Max(1L, (long)length * sizeof(T));
        bool huge = size >= HugePage;
        if (huge) size = (size + HugePage - 1) / HugePage * HugePage;
        bytes = size;
        memory = NativeMemory.AlignedAlloc((nuint)size, huge ? (nuint)HugePage : 64);
        // the advice only asks the kernel for huge pages; when it declines (or THP is off) the table works the same
        if (huge && OperatingSystem.IsLinux()) _ = NativeAdvice.Madvise(memory, (nuint)size, MadvHugepage);
        NativeMemory.Clear(memory, (nuint)size);
        GC.AddMemoryPressure(size);
    }

    ~TableMemory()
    {
        // a constructor that threw (bad length, no memory) leaves nothing to free
        if (memory is null) return;
        NativeMemory.AlignedFree(memory);
        GC.RemoveMemoryPressure(bytes);
    }

    public int Length { get; }
    public T* Pointer => (T*)memory;
    /// <summary>The block's address (its alignment is what a test can check).</summary>
    public nint Address => (nint)memory;
    public Span<T> Span => new(memory, Length);
}

internal static unsafe partial class NativeAdvice
{
    [LibraryImport("libc", EntryPoint = "madvise")]
    internal static partial int Madvise(void* address, nuint length, int advice);
}
