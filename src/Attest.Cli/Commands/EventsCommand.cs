using System.CommandLine;
using Attest.Cli.Output;
using Attest.Storage;

namespace Attest.Cli.Commands;

/// <summary><c>attest events</c>: lists stored events, filtered by actor, CAMEO code and date.</summary>
internal static class EventsCommand
{
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        [nameof(EventQuery.ActorCode)] = "--actor",
        [nameof(EventQuery.Cameo)] = "--code",
        [nameof(EventQuery.Since)] = "--since",
        [nameof(EventQuery.Until)] = "--until",
        [nameof(EventQuery.Limit)] = "--limit",
    };

    public static Command Create(CliEnvironment env)
    {
        var db = StoreCommandSupport.DbOption();
        var actor = new Option<string?>("--actor") { Description = "CAMEO actor code prefix, matching the source or the target (e.g. IRN, USAGOV)", HelpName = "CODE" };
        var code = new Option<string?>("--code") { Description = "CAMEO event code prefix (e.g. 17, 0311)", HelpName = "CAMEO-PREFIX" };
        var since = StoreCommandSupport.DateOption("--since", "Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD; the document date when the event has none)");
        var until = StoreCommandSupport.DateOption("--until", "Events on or before this date");
        var limit = StoreCommandSupport.LimitOption();
        var format = StoreCommandSupport.FormatOption();

        var command = new Command("events", "List the events in the store: who did what to whom, with CAMEO codes");
        foreach (var option in new Option[] { db, actor, code, since, until, limit, format }) command.Options.Add(option);

        command.SetAction(parse =>
        {
            EventQuery query;
            try
            {
                query = new EventQuery
                {
                    ActorCode = parse.GetValue(actor),
                    Cameo = parse.GetValue(code),
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
            var rows = store.QueryEvents(query);
            StoreRowFormats.WriteEvents(env, rows, parse.GetValue(format) ?? RowFormat.Table);
            StoreCommandSupport.NoteLimit(env, rows.Count, query.Limit);
            return 0;
        });
        return command;
    }
}
