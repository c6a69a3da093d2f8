using Attest.Cli;

namespace Attest.Tests;

/// <summary>Runs the CLI in process over string writers.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = CliEnvironment.ForWriters(stdout, stderr, stdin is null ? null : new StringReader(stdin));
        int code = AttestApp.Run(args, env);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
