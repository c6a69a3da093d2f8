using System.CommandLine;
using Attest.Cli.Output;
using Attest.Storage;

namespace Attest.Cli.Commands;

/// <summary><c>attest statements</c>: lists stored attributed statements, filtered by speaker, stance, code and date.</summary>
internal static class StatementsCommand
{
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        [nameof(StatementQuery.Speaker)] = "--speaker",
        [nameof(StatementQuery.Stance)] = "--stance",
        [nameof(StatementQuery.SpeakerCode)] = "--code",
        [nameof(StatementQuery.Since)] = "--since",
        [nameof(StatementQuery.Until)] = "--until",
        [nameof(StatementQuery.Limit)] = "--limit",
    };

    public static Command Create(CliEnvironment env)
    {
        var db = StoreCommandSupport.DbOption();
        var speaker = new Option<string?>("--speaker") { Description = "Text in the speaker's words or the speaker's name (case-insensitive)", HelpName = "TEXT" };
        var stance = new Option<string?>("--stance") { Description = "Only assertions, or only denials" };
        stance.AcceptOnlyFromAmong(Model.Stance.Assert, Model.Stance.Deny);
        var code = new Option<string?>("--code") { Description = "CAMEO actor code prefix of the speaker (e.g. IRN)", HelpName = "ACTORCODE" };
        var since = StoreCommandSupport.DateOption("--since", "Statements in documents dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)");
        var until = StoreCommandSupport.DateOption("--until", "Statements in documents dated on or before this date");
        var limit = StoreCommandSupport.LimitOption();
        var format = StoreCommandSupport.FormatOption();

        var command = new Command("statements", "List the attributed statements in the store: who said what, asserting or denying");
        foreach (var option in new Option[] { db, speaker, stance, code, since, until, limit, format }) command.Options.Add(option);

        command.SetAction(parse =>
        {
            StatementQuery query;
            try
            {
                query = new StatementQuery
                {
                    Speaker = parse.GetValue(speaker),
                    Stance = parse.GetValue(stance),
                    SpeakerCode = parse.GetValue(code),
                    Since = parse.GetValue(since),
                    Until = parse.GetValue(until),
                    Limit = StoreCommandSupport.Limit(parse.GetValue(limit)),
                };
            }
            catch (ArgumentException ex)
            {
                return StoreCommandSupport.UsageError(env, ex, OptionOf);
            }

            using var store = StoreCommandSupport.TryOpen(env, StoreCommandSupport.ResolveDb(env, parse.GetValue(db)), readOnly: true);
            if (store is null) return AttestApp.ExitInputError;
            var rows = store.QueryStatements(query);
            StoreRowFormats.WriteStatements(env, rows, parse.GetValue(format) ?? RowFormat.Table);
            StoreCommandSupport.NoteLimit(env, rows.Count, query.Limit);
            return 0;
        });
        return command;
    }
}
