using System.CommandLine;
using Attest.Cli.Commands;

namespace Attest.Cli;

/// <summary>Builds the <c>attest</c> command tree and runs it against a <see cref="CliEnvironment"/>.</summary>
internal static class AttestApp
{
    /// <summary>Exit code for bad input (a file that could not be read or analysed) and bad usage.</summary>
    public const int ExitInputError = 2;

    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand("Attest: who did what to whom, and who said what, in news articles.");
        foreach (var command in CommandCatalog.Create(env)) root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args, CliEnvironment env)
    {
        var root = Build(env);
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) env.Error.WriteLine($"attest: {error.Message}");
            return ExitInputError;
        }
        try
        {
            return parse.Invoke(config);
        }
        catch (ModelsUnavailableException e)
        {
            env.Error.WriteLine($"attest: {e.Message}");
            return ExitInputError;
        }
        catch (Exception e)
        {
            // a bug, not bad input: the whole exception, exit 1 (what System.CommandLine's default handler did)
            env.Error.WriteLine($"attest: internal error: {e}");
            return 1;
        }
    }
}
