using System.Text.Json;
using System.Text.Json.Serialization;

namespace Attest.Model;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(Analysis))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;

/// <summary>Reads and writes <see cref="Analysis"/> in the <c>attest.analysis/1</c> JSON form.</summary>
public static class AnalysisJson
{
    private static readonly AnalysisJsonContext Indented = new(new JsonSerializerOptions(AnalysisJsonContext.Default.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly AnalysisJsonContext Compact = new(new JsonSerializerOptions(AnalysisJsonContext.Default.Options)
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(Analysis analysis, bool indented = false) =>
        JsonSerializer.Serialize(analysis, indented ? Indented.Analysis : Compact.Analysis);

    /// <exception cref="JsonException">the text is not an <c>attest.analysis/1</c> document; the message carries the position.</exception>
    public static Analysis Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Compact.Analysis)
        ?? throw new JsonException("expected an analysis object, found null");
}
