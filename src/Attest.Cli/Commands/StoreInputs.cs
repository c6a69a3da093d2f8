using Attest.Model;
using Attest.Pipeline;
using Attest.Text;

namespace Attest.Cli.Commands;

/// <summary>One input of <c>attest ingest</c>: the document read from <see cref="Name"/>, or why it could not be read.</summary>
internal sealed record IngestInput(string Name, SourceDocument? Document, string? Error = null);

/// <summary>Analyses one document; must be safe to call from several threads.</summary>
internal delegate Analysis DocumentAnalyzer(SourceDocument document, AnalyzeOptions options);

/// <summary>What <c>attest ingest</c> needs from the rest of Attest. Tests pass fakes; <see cref="Default"/> wires the real pipeline.</summary>
internal sealed class IngestServices
{
    /// <summary>Turns command-line paths (files, directories, <c>-</c> for standard input) into inputs, in order.</summary>
    public required Func<IReadOnlyList<string>, TextReader, IEnumerable<IngestInput>> ReadInputs { get; init; }

    /// <summary>Builds the analyser; called once, and only when there is something to analyse.</summary>
    public required Func<DocumentAnalyzer> CreateAnalyzer { get; init; }

    public static IngestServices Default { get; } = new()
    {
        ReadInputs = StoreInputs.Read,
        // TODO(lead): replace with `() => new AnalysisPipelineBuilder().Build().Analyze` once the builder lands on main.
        CreateAnalyzer = () => (_, _) => throw new InvalidOperationException("the analysis pipeline is not available in this build yet"),
    };
}

/// <summary>
/// A stand-in input reader for <c>attest ingest</c> until <c>Attest.Text.DocumentReader</c> lands: files as UTF-8,
/// directories walked for .txt/.html/.htm files in name order, <c>-</c> for standard input.
/// </summary>
internal static class StoreInputs
{
    private static readonly string[] Extensions = [".txt", ".html", ".htm"];

    public static IEnumerable<IngestInput> Read(IReadOnlyList<string> paths, TextReader stdin)
    {
        foreach (var path in paths)
        {
            if (path == "-")
            {
                yield return new IngestInput(path, new SourceDocument(stdin.ReadToEnd(), null));
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (files.Count == 0) yield return new IngestInput(path, null, "directory holds no .txt or .html files");
                foreach (var file in files) yield return ReadFile(file);
            }
            else
            {
                yield return ReadFile(path);
            }
        }
    }

    private static IngestInput ReadFile(string path)
    {
        if (!File.Exists(path)) return new IngestInput(path, null, "no such file or directory");
        try
        {
            var format = Path.GetExtension(path).ToUpperInvariant() is ".HTML" or ".HTM" ? InputFormat.Html : InputFormat.Auto;
            return new IngestInput(path, new SourceDocument(File.ReadAllText(path), path, format));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new IngestInput(path, null, ex.Message);
        }
    }
}
