namespace Attest.Cli;

internal static class Program
{
    public static int Main(string[] args) => AttestApp.Run(args, CliEnvironment.FromProcess());
}
