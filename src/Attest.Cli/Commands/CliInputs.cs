using System.CommandLine;
using Attest.Text;

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

    /// <summary>The documents of <paramref name="inputs"/> that could be read; each one that could not is reported as
    /// "attest: NAME: why" and counted in <paramref name="failures"/>, and the rest of the batch still runs.</summary>
    public static IEnumerable<(string Name, SourceDocument Document)> ReadableDocuments(CliEnvironment env, IEnumerable<string> inputs, InputFailures failures)
    {
        foreach (var item in DocumentReader.Enumerate(inputs, env.In))
        {
            if (item.Document is null)
            {
                env.Error.WriteLine($"attest: {item.Name}: {item.Error}");
                failures.Add();
                continue;
            }
            yield return (item.Name, item.Document);
        }
    }
}

/// <summary>How many inputs of a batch failed; any failure makes the exit code <see cref="AttestApp.ExitInputError"/>.</summary>
internal sealed class InputFailures
{
    public int Count { get; private set; }

    public void Add() => Count++;

    public int ExitCode => Count > 0 ? AttestApp.ExitInputError : 0;
}
