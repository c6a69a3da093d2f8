using Attest.Pipeline;
using Attest.Syntax;

namespace Attest.Cli;

/// <summary>
/// The one analysis pipeline of a CLI process, built on first use (models load once) and shared by commands.
/// <c>ATTEST_MODELS=DIR</c> replaces the embedded syntax models with tagger.bin, lemmatizer.bin and parser.bin from DIR.
/// </summary>
internal static class PipelineHost
{
    private static readonly Lazy<AnalysisPipeline> Shared = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static AnalysisPipeline Pipeline => Shared.Value;

    private static AnalysisPipeline Build()
    {
        var builder = new AnalysisPipelineBuilder();
        if (Environment.GetEnvironmentVariable("ATTEST_MODELS") is { Length: > 0 } dir)
            builder.UseSyntax(PerceptronSyntaxAnalyzer.Load(dir));
        return builder.Build();
    }
}
