using System.CommandLine;

namespace Attest.Cli.Commands;

/// <summary>The list of top-level commands. Each command lives in its own file and adds one line here.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliEnvironment env)
    {
        yield return AnalyzeCommand.Create(env);
        yield return ParseCommand.Create(env);
        yield return IngestCommand.Create(env);
        yield return EventsCommand.Create(env);
        yield return StatementsCommand.Create(env);
        yield return DisputesCommand.Create(env);
        yield return TrainCommand.Create(env);
        yield return EvalCommand.Create(env);
        yield return BenchCommand.Create(env);
    }
}
