using System.CommandLine;

namespace Attest.Cli.Commands;

/// <summary>Input checks shared by the commands; each writes a one-line error and returns false on bad input.</summary>
internal static class CliInputs
{
    /// <summary>Whether every given file exists (null entries, unset options, are skipped); else "no such file" for the first missing one.</summary>
    public static bool FilesExist(CliEnvironment env, IEnumerable<string?> files)
    {
        foreach (var f in files)
        {
            if (f is null || File.Exists(f)) continue;
            env.Error.WriteLine($"attest: no such file: {f}");
            return false;
        }
        return true;
    }

    /// <summary>The documents argument of <c>analyze</c> and <c>parse</c>: files, directories or "-" for standard input.</summary>
    public static Argument<string[]> Documents() => new("inputs")
    {
        Description = "Files (.txt, .html), directories, or - for standard input",
        Arity = ArgumentArity.OneOrMore,
    };
}
