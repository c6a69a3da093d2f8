using System.Text.Json;
using System.Text.Json.Serialization;

namespace Attest.Storage;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<StoredEvent>))]
[JsonSerializable(typeof(IReadOnlyList<StoredStatement>))]
[JsonSerializable(typeof(IReadOnlyList<StoredDispute>))]
internal sealed partial class StoredRowsJsonContext : JsonSerializerContext;

/// <summary>The JSON form of query results (snake_case, nulls kept): what the CLI prints and the HTTP API will return.</summary>
public static class StoredRowsJson
{
    private static readonly StoredRowsJsonContext Indented = new(new JsonSerializerOptions(StoredRowsJsonContext.Default.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly StoredRowsJsonContext Compact = new(new JsonSerializerOptions(StoredRowsJsonContext.Default.Options)
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Serialize(IReadOnlyList<StoredEvent> rows, bool indented = true) =>
        JsonSerializer.Serialize(rows, indented ? Indented.IReadOnlyListStoredEvent : Compact.IReadOnlyListStoredEvent);

    public static string Serialize(IReadOnlyList<StoredStatement> rows, bool indented = true) =>
        JsonSerializer.Serialize(rows, indented ? Indented.IReadOnlyListStoredStatement : Compact.IReadOnlyListStoredStatement);

    public static string Serialize(IReadOnlyList<StoredDispute> rows, bool indented = true) =>
        JsonSerializer.Serialize(rows, indented ? Indented.IReadOnlyListStoredDispute : Compact.IReadOnlyListStoredDispute);
}
