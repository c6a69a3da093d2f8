using System.Globalization;
using Attest.Storage;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Attest.Cli.Output;

/// <summary>The output formats of the query commands.</summary>
internal static class RowFormat
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Csv = "csv";
    public static readonly string[] All = [Table, Json, Csv];
}

/// <summary>One output column: a CSV header (the JSON property name) and how to read it from a row.</summary>
internal sealed record RowColumn<T>(string Name, Func<T, string?> Value);

/// <summary>Renders query results as a Spectre table, a JSON array or CSV.</summary>
internal static class StoreRowFormats
{
    public static readonly IReadOnlyList<RowColumn<StoredEvent>> EventColumns =
    [
        new("document_id", e => e.DocumentId),
        new("document_source", e => e.DocumentSource),
        new("document_date", e => e.DocumentDate),
        new("id", e => e.Id),
        new("date", e => e.Date),
        new("source_text", e => e.SourceText),
        new("source_code", e => e.SourceCode),
        new("source_name", e => e.SourceName),
        new("target_text", e => e.TargetText),
        new("target_code", e => e.TargetCode),
        new("target_name", e => e.TargetName),
        new("cameo", e => e.Cameo),
        new("root", e => e.Root),
        new("goldstein", e => e.Goldstein?.ToString("R", CultureInfo.InvariantCulture)),
        new("quad_class", e => e.QuadClass?.ToString(CultureInfo.InvariantCulture)),
        new("plover", e => e.Plover),
        new("status", e => e.Status),
        new("negated", e => Bool(e.Negated)),
        new("trigger", e => e.Trigger),
        new("sentence", e => e.Sentence),
    ];

    public static readonly IReadOnlyList<RowColumn<StoredStatement>> StatementColumns =
    [
        new("document_id", s => s.DocumentId),
        new("document_source", s => s.DocumentSource),
        new("document_date", s => s.DocumentDate),
        new("id", s => s.Id),
        new("speaker_text", s => s.SpeakerText),
        new("speaker_code", s => s.SpeakerCode),
        new("speaker_name", s => s.SpeakerName),
        new("cue", s => s.Cue),
        new("stance", s => s.Stance),
        new("form", s => s.Form),
        new("hedged", s => Bool(s.Hedged)),
        new("content", s => s.Content),
        new("via", s => string.Join("; ", s.Via)),
        new("responds_to", s => s.RespondsTo),
    ];

    public static readonly IReadOnlyList<RowColumn<StoredDispute>> DisputeColumns =
    [
        new("scope", d => d.Scope),
        .. SideColumns("claim", d => d.Claim),
        .. SideColumns("denial", d => d.Denial),
        new("matched", d => string.Join("; ", d.Matched)),
        new("similarity", d => d.Similarity?.ToString("0.####", CultureInfo.InvariantCulture)),
        new("shared_actors", d => string.Join(" ", d.SharedActors)),
        new("actor_match", d => d.ActorMatch),
        new("date_gap_days", d => d.DateGapDays?.ToString(CultureInfo.InvariantCulture)),
        new("model", d => d.Model),
    ];

    private static IEnumerable<RowColumn<StoredDispute>> SideColumns(string prefix, Func<StoredDispute, StoredDisputeSide> side) =>
    [
        new(prefix + "_document_id", d => side(d).DocumentId),
        new(prefix + "_document_title", d => side(d).DocumentTitle),
        new(prefix + "_document_source", d => side(d).DocumentSource),
        new(prefix + "_document_date", d => side(d).DocumentDate),
        new(prefix + "_statement_id", d => side(d).StatementId),
        new(prefix + "_speaker_text", d => side(d).SpeakerText),
        new(prefix + "_speaker_code", d => side(d).SpeakerCode),
        new(prefix + "_speaker_name", d => side(d).SpeakerName),
        new(prefix + "_stance", d => side(d).Stance),
        new(prefix + "_cue", d => side(d).Cue),
        new(prefix + "_content", d => side(d).Content),
    ];

    public static void WriteDisputes(CliEnvironment env, IReadOnlyList<StoredDispute> rows, string format)
    {
        switch (format)
        {
            case RowFormat.Json:
                env.Out.WriteLine(StoredRowsJson.Serialize(rows));
                break;
            case RowFormat.Csv:
                WriteCsv(env.Out, rows, DisputeColumns);
                break;
            default:
                var table = NewTable("Scope", "Claim", "Denial", "Matched");
                foreach (var d in rows)
                {
                    table.AddRow(Cells(
                        d.Scope,
                        Side(d.Claim),
                        Side(d.Denial),
                        d.Matched.Count == 0 ? "same document" : string.Join("\n", d.Matched)));
                }
                env.Console.Write(table);
                break;
        }
    }

    /// <summary>Speaker, text and where it was said, for a table cell.</summary>
    private static string Side(StoredDisputeSide side) =>
        $"{Actor(side.SpeakerText, side.SpeakerCode)} ({side.Stance}, {side.Cue}): {side.Content}\n" +
        $"— {side.DocumentTitle ?? Document(side.DocumentSource, side.DocumentId)}" +
        (side.DocumentTitle is null ? "" : $" ({Document(side.DocumentSource, side.DocumentId)})") +
        (side.DocumentDate is null ? "" : $", {side.DocumentDate}") + $" [{side.StatementId}]";

    public static void WriteEvents(CliEnvironment env, IReadOnlyList<StoredEvent> rows, string format)
    {
        switch (format)
        {
            case RowFormat.Json:
                env.Out.WriteLine(StoredRowsJson.Serialize(rows));
                break;
            case RowFormat.Csv:
                WriteCsv(env.Out, rows, EventColumns);
                break;
            default:
                var table = NewTable("Date", "Source", "CAMEO", "Target", "Status", "Trigger", "Gold.", "Document");
                foreach (var e in rows)
                {
                    table.AddRow(Cells(
                        e.Date ?? e.DocumentDate,
                        Actor(e.SourceText, e.SourceCode),
                        e.Cameo,
                        e.TargetText is null ? null : Actor(e.TargetText, e.TargetCode),
                        e.Negated ? e.Status + " (negated)" : e.Status,
                        e.Trigger,
                        e.Goldstein?.ToString("0.0", CultureInfo.InvariantCulture),
                        Document(e.DocumentSource, e.DocumentId)));
                }
                env.Console.Write(table);
                break;
        }
    }

    public static void WriteStatements(CliEnvironment env, IReadOnlyList<StoredStatement> rows, string format)
    {
        switch (format)
        {
            case RowFormat.Json:
                env.Out.WriteLine(StoredRowsJson.Serialize(rows));
                break;
            case RowFormat.Csv:
                WriteCsv(env.Out, rows, StatementColumns);
                break;
            default:
                var table = NewTable("Date", "Speaker", "Stance", "Cue", "Content", "Document");
                foreach (var s in rows)
                {
                    table.AddRow(Cells(
                        s.DocumentDate,
                        Actor(s.SpeakerText, s.SpeakerCode),
                        s.Hedged ? s.Stance + " (hedged)" : s.Stance,
                        s.Cue,
                        s.Content,
                        Document(s.DocumentSource, s.DocumentId)));
                }
                env.Console.Write(table);
                break;
        }
    }

    public static void WriteCsv<T>(TextWriter writer, IReadOnlyList<T> rows, IReadOnlyList<RowColumn<T>> columns)
    {
        CsvWriter.WriteRow(writer, columns.Select(c => c.Name));
        foreach (var row in rows) CsvWriter.WriteRow(writer, columns.Select(c => c.Value(row)));
    }

    // Short fixed-form columns never wrap; free text (names, content) takes the remaining width.
    private static readonly HashSet<string> NoWrap = new(StringComparer.Ordinal) { "Date", "CAMEO", "Gold.", "Stance", "Status", "Scope" };

    private static Table NewTable(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            var column = new TableColumn(new Spectre.Console.Text(header));
            if (NoWrap.Contains(header)) column.NoWrap();
            table.AddColumn(column);
        }
        return table;
    }

    // Plain Text cells: user data is never parsed as Spectre markup.
    private static IEnumerable<IRenderable> Cells(params string?[] values) => values.Select(v => (IRenderable)new Spectre.Console.Text(v ?? ""));

    private static string Actor(string text, string? code) => code is null ? text : $"{text} [{code}]";

    /// <summary>The file name of the source (the full path is in JSON and CSV), else the start of the document id.</summary>
    private static string Document(string? source, string id) =>
        source is null ? id[..Math.Min(12, id.Length)] : Path.GetFileName(source) is { Length: > 0 } name ? name : source;

    private static string Bool(bool value) => value ? "true" : "false";
}
