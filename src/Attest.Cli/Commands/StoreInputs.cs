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

    /// <summary>The cross-document linker for <c>--link</c>; called only then.</summary>
    public Func<Attest.Disputes.CrossDocumentLinker> CreateLinker { get; init; } = () => LinkerHost.Linker;

    public static IngestServices Default { get; } = new()
    {
        ReadInputs = StoreInputs.Read,
        CreateAnalyzer = () => PipelineHost.Pipeline.Analyze,
    };
}

/// <summary>Reads ingest inputs through <see cref="DocumentReader"/>: one item per file, bad inputs carry their reason.</summary>
internal static class StoreInputs
{
    public static IEnumerable<IngestInput> Read(IReadOnlyList<string> paths, TextReader stdin) =>
        DocumentReader.Enumerate(paths, stdin).Select(item => new IngestInput(item.Name, item.Document, item.Error));
}
