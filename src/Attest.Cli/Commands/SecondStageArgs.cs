using System.CommandLine;
using Attest.Syntax;

namespace Attest.Cli.Commands;

/// <summary>Argument checks and model loading shared by the second-stage training commands (<c>train punct</c>,
/// <c>train revise</c>); each writes a one-line error and returns false on bad input.</summary>
internal static class SecondStageArgs
{
    /// <summary>The options both second-stage trainers declare alike: <c>--train</c>, <c>--out</c>, <c>--epochs</c>,
    /// <c>--seed</c> and <c>--drop-template</c>, for a trainer that writes <paramref name="file"/>.</summary>
    public sealed record CommonOptions(Option<string[]> Train, Option<string> Output, Option<int> Epochs, Option<int> Seed, Option<int[]> Drop)
    {
        public static CommonOptions For(string file, int defaultEpochs) => new(
            new Option<string[]>("--train") { Description = "Training CoNLL-U file (repeatable). GUM whow/fiction documents are skipped.", Required = true, AllowMultipleArgumentsPerToken = false },
            new Option<string>("--out") { Description = $"Output directory (writes {file}).", Required = true },
            new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => defaultEpochs },
            new Option<int>("--seed") { Description = "Random seed (training is deterministic given it).", DefaultValueFactory = _ => 1 },
            new Option<int[]>("--drop-template") { Description = $"Leave out feature template N (repeatable; 1–63; stored in {file}).", AllowMultipleArgumentsPerToken = true });
    }

    /// <summary>The bit mask of <c>--drop-template</c> ids (1–63).</summary>
    public static bool TryDropMask(CliEnvironment env, int[]? templates, out ulong mask)
    {
        mask = 0;
        foreach (int t in templates ?? [])
        {
            if (t < 1 || t > 63)
            {
                env.Error.WriteLine("attest: --drop-template must be 1–63");
                return false;
            }
            mask |= 1UL << t;
        }
        return true;
    }

    /// <summary>One analyzer per model directory, each passed through <paramref name="adapt"/>; with no directory the
    /// embedded models when <paramref name="defaultWhenNone"/>, else none. Every analyzer must have a parser.</summary>
    public static bool TryLoad(CliEnvironment env, string[]? dirs, bool defaultWhenNone, Func<PerceptronSyntaxAnalyzer, PerceptronSyntaxAnalyzer> adapt,
        out List<PerceptronSyntaxAnalyzer> analyzers)
    {
        analyzers = [];
        try
        {
            if (dirs is { Length: > 0 }) analyzers = dirs.Select(d => adapt(PerceptronSyntaxAnalyzer.Load(d))).ToList();
            else if (defaultWhenNone) analyzers = [adapt(PerceptronSyntaxAnalyzer.LoadDefault())];
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            env.Error.WriteLine($"attest: cannot load models: {e.Message}");
            return false;
        }
        if (analyzers.Any(a => a.Parser is null))
        {
            env.Error.WriteLine("attest: the model directories need a parser.bin");
            return false;
        }
        return true;
    }
}
