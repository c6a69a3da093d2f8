using Spectre.Console;

namespace Attest.Cli;

/// <summary>
/// Everything a command touches outside itself: standard streams, a console for tables and progress,
/// environment variables and the clock. Tests build one over string writers.
/// </summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required TextReader In { get; init; }
    /// <summary>Spectre console over <see cref="Out"/>, for tables and progress bars.</summary>
    public required IAnsiConsole Console { get; init; }
    /// <summary>True when standard error is a terminal: progress bars draw; otherwise plain progress lines are logged.</summary>
    public bool Interactive { get; init; }
    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public static CliEnvironment FromProcess()
    {
        var stdout = new StreamWriter(System.Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        var stderr = new StreamWriter(System.Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        var interactive = !System.Console.IsErrorRedirected && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // redirected output has no terminal width: tables get a readable one (COLUMNS wins when set)
        if (!interactive)
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.CultureInfo.InvariantCulture, out var columns) && columns > 40 ? columns : 160;
        return new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            In = System.Console.In,
            Interactive = interactive,
            Console = console,
        };
    }

    /// <summary>An environment over in-memory writers, for tests.</summary>
    public static CliEnvironment ForWriters(TextWriter stdout, TextWriter stderr, TextReader? stdin = null, Func<string, string?>? variables = null) => new()
    {
        Out = stdout,
        Error = stderr,
        In = stdin ?? TextReader.Null,
        Interactive = false,
        GetVariable = variables ?? (_ => null),
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        }),
    };
}
