using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Attest.Text;

/// <summary>One input of a batch: a readable document, or the reason it could not be read.</summary>
public sealed record InputItem(string Name, SourceDocument? Document, string? Error)
{
    public bool Failed => Document is null;
}

/// <summary>
/// Turns command-line inputs (files, directories, "-" for standard input) into <see cref="SourceDocument"/>s.
/// A bad input never stops a batch: it becomes an <see cref="InputItem"/> with a one-line <see cref="InputItem.Error"/>.
/// </summary>
public static class DocumentReader
{
    /// <summary>Files larger than this are refused rather than analysed (news articles are far smaller).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    private static readonly string[] TextExtensions = [".txt", ".html", ".htm", ".xhtml"];

    /// <summary>Expands directories (recursively, in ordinal path order, documents by extension) and reads each input lazily.</summary>
    public static IEnumerable<InputItem> Enumerate(IEnumerable<string> paths, TextReader standardInput)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (path == "-")
            {
                yield return FromText("-", standardInput.ReadToEnd(), source: null);
                continue;
            }
            if (Directory.Exists(path))
            {
                var files = ListDocuments(path);
                if (files.Count == 0) yield return new InputItem(path, null, "directory holds no .txt or .html documents");
                foreach (var file in files) yield return ReadFile(file);
                continue;
            }
            yield return ReadFile(path);
        }
    }

    /// <summary>The documents under a directory, by extension, hidden files skipped, sorted by path.</summary>
    public static List<string> ListDocuments(string directory)
    {
        var files = new List<string>();
        foreach (var f in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden }))
        {
            var name = Path.GetFileName(f);
            if (name.StartsWith('.') || name.EndsWith(".gold.json", StringComparison.OrdinalIgnoreCase)) continue;
            if (TextExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)) files.Add(f);
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public static InputItem ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return new InputItem(path, null, "no such file or directory");
            if (info.Length > MaxBytes) return new InputItem(path, null, string.Create(CultureInfo.InvariantCulture, $"file is {info.Length} bytes, more than the {MaxBytes} allowed"));
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new InputItem(path, null, "cannot read: " + e.Message);
        }
        return FromBytes(path, bytes, FormatOf(path));
    }

    public static InputFormat FormatOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".HTML" or ".HTM" or ".XHTML" => InputFormat.Html,
        ".TXT" => InputFormat.PlainText,
        _ => InputFormat.Auto,
    };

    /// <summary>Decodes bytes as UTF-8 (BOM stripped); refuses empty and binary content; replaces invalid sequences and warns.</summary>
    public static InputItem FromBytes(string name, byte[] bytes, InputFormat format = InputFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        if (span.IsEmpty) return new InputItem(name, null, "empty file");
        if (BinaryOffset(span) is int at and >= 0)
            return new InputItem(name, null, string.Create(CultureInfo.InvariantCulture, $"binary content (control byte 0x{span[at]:X2} at byte {at}), not a text document"));

        var warnings = ImmutableArray<string>.Empty;
        string text;
        int invalid = FirstInvalidUtf8(span);
        if (invalid < 0)
        {
            text = Encoding.UTF8.GetString(span);
        }
        else
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(span);
            warnings = warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: invalid UTF-8 at byte {invalid}; invalid sequences were replaced with U+FFFD"));
        }
        var item = FromText(name, text, name == "-" ? null : name, format);
        return item.Document is null ? item : item with { Document = item.Document with { Warnings = warnings } };
    }

    public static InputItem FromText(string name, string text, string? source, InputFormat format = InputFormat.Auto)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text)) return new InputItem(name, null, text.Length == 0 ? "empty file" : "file holds only whitespace");
        if (text.Contains('\0', StringComparison.Ordinal)) return new InputItem(name, null, "binary content (NUL character), not a text document");
        return new InputItem(name, new SourceDocument(text, source, format), null);
    }

    /// <summary>Offset of the first byte that marks binary content (NUL, or other C0 controls beyond a tolerated few), or -1.</summary>
    private static int BinaryOffset(ReadOnlySpan<byte> bytes)
    {
        int limit = Math.Min(bytes.Length, 8192), controls = 0, first = -1;
        for (int i = 0; i < limit; i++)
        {
            byte b = bytes[i];
            if (b == 0) return i;
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C))
            {
                if (first < 0) first = i;
                controls++;
            }
        }
        return controls * 100 > limit ? first : -1;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }
}
