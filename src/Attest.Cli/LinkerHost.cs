using Attest.Disputes;

namespace Attest.Cli;

/// <summary>
/// The cross-document linker of a CLI process: one MiniLM encoder, whose model loads on the first statement to embed
/// (never when no document is linked, and never for <c>analyze</c>).
/// </summary>
internal static class LinkerHost
{
    private static readonly Lazy<CrossDocumentLinker> Shared =
        new(() => new CrossDocumentLinker(new MiniLmSentenceEncoder()), LazyThreadSafetyMode.ExecutionAndPublication);

    public static CrossDocumentLinker Linker => Shared.Value;
}
