using System.Text;

namespace Attest.Cli.Output;

/// <summary>Writes RFC 4180 CSV: CRLF line ends; a field is quoted when it holds a comma, quote, CR or LF, with quotes doubled.</summary>
internal static class CsvWriter
{
    public static void WriteRow(TextWriter writer, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) writer.Write(',');
            first = false;
            writer.Write(Escape(field));
        }
        writer.Write("\r\n");
    }

    public static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field)) return string.Empty;
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0) return field;
        var sb = new StringBuilder(field.Length + 8).Append('"');
        foreach (var c in field)
        {
            if (c == '"') sb.Append('"');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
