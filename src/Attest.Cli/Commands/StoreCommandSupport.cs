using System.CommandLine;
using Attest.Cli.Output;
using Attest.Storage;

namespace Attest.Cli.Commands;

/// <summary>What the store-facing commands (<c>ingest</c>, <c>events</c>, <c>statements</c>) share: options, opening the store, errors.</summary>
internal static class StoreCommandSupport
{
    /// <summary>The environment variable naming the store when <c>--db</c> is not given.</summary>
    public const string DbVariable = "ATTEST_DB";

    /// <summary>Query commands show this many rows unless <c>--limit</c> says otherwise.</summary>
    public const int DefaultLimit = 100;

    public static Option<string?> DbOption() => new("--db")
    {
        Description = $"The store file (default: ${DbVariable}, else ./{AnalysisStore.DefaultFileName})",
        HelpName = "FILE",
    };

    public static Option<string?> DateOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DATE",
    };

    public static Option<int> LimitOption()
    {
        var option = new Option<int>("--limit")
        {
            Description = "At most this many rows, 0 for all",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultLimit,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0) result.AddError("--limit must be 0 (all) or more");
        });
        return option;
    }

    public static Option<string> FormatOption()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format",
            DefaultValueFactory = _ => RowFormat.Table,
        };
        option.AcceptOnlyFromAmong(RowFormat.All);
        return option;
    }

    /// <summary>The store location: <c>--db</c>, else <c>$ATTEST_DB</c>, else <c>./attest.duckdb</c>.</summary>
    public static string ResolveDb(CliEnvironment env, string? db) =>
        !string.IsNullOrWhiteSpace(db) ? db
        : env.GetVariable(DbVariable) is { Length: > 0 } fromEnv ? fromEnv
        : AnalysisStore.DefaultFileName;

    /// <summary>Opens the store, or writes one line to stderr and returns null.</summary>
    public static IAnalysisStore? TryOpen(CliEnvironment env, string location, bool readOnly)
    {
        try
        {
            return AnalysisStore.Open(location, new AnalysisStoreOptions { Clock = env.Clock, ReadOnly = readOnly });
        }
        catch (AnalysisStoreException ex)
        {
            var hint = readOnly && !File.Exists(location) ? " (create it with 'attest ingest')" : "";
            env.Error.WriteLine($"attest: {ex.Message}{hint}");
            return null;
        }
    }

    /// <summary>Turns a query validation error into a one-line message naming the option.</summary>
    public static int UsageError(CliEnvironment env, ArgumentException ex, IReadOnlyDictionary<string, string> optionOf)
    {
        var message = ex.Message;
        var suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (suffix >= 0) message = message[..suffix];
        var option = ex.ParamName is { } p && optionOf.TryGetValue(p, out var o) ? o + ": " : "";
        env.Error.WriteLine($"attest: {option}{message}");
        return AttestApp.ExitInputError;
    }

    public static int? Limit(int limit) => limit == 0 ? null : limit;

    /// <summary>Tells on stderr that the output stopped at the limit, so a table or an export is not mistaken for all rows.</summary>
    public static void NoteLimit(CliEnvironment env, int count, int? limit)
    {
        if (limit is { } n && count == n)
            env.Error.WriteLine($"attest: showing the first {n} rows; use --limit to see more (0 for all)");
    }
}
