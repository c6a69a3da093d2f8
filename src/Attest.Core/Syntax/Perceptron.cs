using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Attest.Syntax;

/// <summary>
/// Immutable multi-class linear model for inference: feature hash → row of int16 weights (one per class, padded to the
/// SIMD width), scaled by <see cref="Scale"/>. Zero rows are pruned when the model is built.
/// </summary>
internal sealed class LinearModel
{
    private readonly HashIndex index;
    private readonly short[] weights;

    public LinearModel(int classes, float scale, ulong[] keys, short[] weights)
    {
        Classes = classes;
        Stride = Pad(classes);
        Scale = scale;
        Keys = keys;
        if (weights.Length != keys.Length * Stride) throw new InvalidDataException("weight array length does not match feature count");
        this.weights = weights;
        index = new HashIndex(keys.Length);
        for (int i = 0; i < keys.Length; i++) index.TryAdd(keys[i], i);
    }

    public int Classes { get; }
    public int Stride { get; }
    public float Scale { get; }
    public ulong[] Keys { get; }
    public ReadOnlySpan<short> Weights => weights;
    public int FeatureCount => Keys.Length;

    public static int Pad(int classes)
    {
        int v = Vector<short>.Count;
        return (classes + v - 1) / v * v;
    }

    /// <summary>Adds the rows of the given features into <paramref name="scores"/> (length ≥ Stride, zeroed by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Score(ReadOnlySpan<ulong> features, Span<int> scores)
    {
        int stride = Stride;
        var acc = MemoryMarshal.Cast<int, Vector<int>>(scores[..stride]);
        foreach (var f in features)
        {
            int row = index.Get(f);
            if (row < 0) continue;
            var w = MemoryMarshal.Cast<short, Vector<short>>(weights.AsSpan(row * stride, stride));
            for (int j = 0; j < w.Length; j++)
            {
                Vector.Widen(w[j], out var lo, out var hi);
                acc[2 * j] += lo;
                acc[2 * j + 1] += hi;
            }
        }
    }

    public static int ArgMax(ReadOnlySpan<int> scores, int classes)
    {
        int best = 0;
        for (int c = 1; c < classes; c++) if (scores[c] > scores[best]) best = c;
        return best;
    }

    public void Write(BinaryWriter w)
    {
        w.Write(Classes);
        w.Write(Scale);
        w.Write(Keys.Length);
        w.Write(MemoryMarshal.AsBytes(Keys.AsSpan()));
        long nonZero = 0;
        foreach (var x in weights) if (x != 0) nonZero++;
        bool sparse = nonZero * 4 + Keys.Length * 2L < (long)Keys.Length * Classes * 2;
        w.Write(sparse);
        if (sparse)
        {
            for (int r = 0; r < Keys.Length; r++)
            {
                var row = weights.AsSpan(r * Stride, Classes);
                ushort nnz = 0;
                foreach (var x in row) if (x != 0) nnz++;
                w.Write(nnz);
                for (int c = 0; c < row.Length; c++)
                    if (row[c] != 0) { w.Write((ushort)c); w.Write(row[c]); }
            }
        }
        else
        {
            var compact = new short[Keys.Length * Classes];
            for (int r = 0; r < Keys.Length; r++) weights.AsSpan(r * Stride, Classes).CopyTo(compact.AsSpan(r * Classes));
            w.Write(MemoryMarshal.AsBytes(compact.AsSpan()));
        }
    }

    public static LinearModel Read(BinaryReader r)
    {
        int classes = r.ReadInt32();
        float scale = r.ReadSingle();
        int n = r.ReadInt32();
        if (classes <= 0 || classes > 4096 || n < 0 || n > 100_000_000) throw new InvalidDataException("implausible linear model header");
        var keys = new ulong[n];
        ModelFile.ReadExactly(r, MemoryMarshal.AsBytes(keys.AsSpan()));
        int stride = Pad(classes);
        var weights = new short[n * stride];
        if (r.ReadBoolean())
        {
            for (int i = 0; i < n; i++)
            {
                int nnz = r.ReadUInt16();
                for (int j = 0; j < nnz; j++)
                {
                    int c = r.ReadUInt16();
                    if (c >= classes) throw new InvalidDataException("weight class index out of range");
                    weights[i * stride + c] = r.ReadInt16();
                }
            }
        }
        else
        {
            var compact = new short[n * classes];
            ModelFile.ReadExactly(r, MemoryMarshal.AsBytes(compact.AsSpan()));
            for (int i = 0; i < n; i++) compact.AsSpan(i * classes, classes).CopyTo(weights.AsSpan(i * stride));
        }
        return new LinearModel(classes, scale, keys, weights);
    }
}

/// <summary>Averaged perceptron used while training; <see cref="Build"/> yields a quantized, pruned <see cref="LinearModel"/>.</summary>
internal sealed class AveragedPerceptron
{
    private readonly HashIndex index = new(1 << 16);
    private readonly List<ulong> keys = [];
    private float[] w;
    private double[] acc;
    private long time = 1;

    public AveragedPerceptron(int classes)
    {
        Classes = classes;
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
            int row = index.Get(f);
            if (row < 0)
            {
                row = keys.Count;
                keys.Add(f);
                index.TryAdd(f, row);
                if ((row + 1) * c > w.Length)
                {
                    Array.Resize(ref w, w.Length * 2);
                    Array.Resize(ref acc, acc.Length * 2);
                }
            }
            w[row * c + truth] += delta;
            acc[row * c + truth] += time * (double)delta;
            w[row * c + guess] -= delta;
            acc[row * c + guess] -= time * (double)delta;
        }
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
