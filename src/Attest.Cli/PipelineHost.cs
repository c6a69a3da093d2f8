using Attest.Entities;
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

    /// <summary>The shared pipeline, or — with a user actor dictionary (<c>--actors FILE</c>) — one built for it.</summary>
    /// <exception cref="FormatException">the actor file is malformed; the message names file and line.</exception>
    public static AnalysisPipeline For(string? actorsFile) => actorsFile is null ? Pipeline : Build(actorsFile);

    private static AnalysisPipeline Build() => Build(null);

    private static AnalysisPipeline Build(string? actorsFile)
    {
        var builder = new AnalysisPipelineBuilder();
        if (actorsFile is not null) builder.UseEntities(DictionaryEntityAnalyzer.CreateWithUserDictionary(actorsFile));
        if (Environment.GetEnvironmentVariable("ATTEST_MODELS") is { Length: > 0 } dir)
        {
            try
            {
                builder.UseSyntax(PerceptronSyntaxAnalyzer.Load(dir));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new ModelsUnavailableException($"ATTEST_MODELS={dir}: {e.Message}", e);
            }
        }
        return builder.Build();
    }
}

/// <summary>The syntax models that <c>ATTEST_MODELS</c> names could not be loaded (missing, corrupt or of another
/// version); the message names the directory and the cause. <see cref="AttestApp"/> reports it on one line, exit 2.</summary>
internal sealed class ModelsUnavailableException : Exception
{
    public ModelsUnavailableException()
    {
    }

    public ModelsUnavailableException(string message)
        : base(message)
    {
    }

    public ModelsUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
