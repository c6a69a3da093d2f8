using System.CommandLine;
using Attest.Cli.Output;
using Attest.Storage;

namespace Attest.Cli.Commands;

/// <summary><c>attest disputes</c>: lists claims with the statements that deny them, within and across documents.</summary>
internal static class DisputesCommand
{
    public const string ScopeAll = "all";
    public const string ScopeDocument = "document";
    public const string ScopeCross = "cross-document";

    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        [nameof(DisputeQuery.ActorCode)] = "--actor",
        [nameof(DisputeQuery.Limit)] = "--limit",
    };

    public static Command Create(CliEnvironment env)
    {
        var db = StoreCommandSupport.DbOption();
        var actor = new Option<string?>("--actor")
        {
            Description = "CAMEO actor code prefix: the claimant, the denier, or an actor both sides name (e.g. RUS, IRNGOV)",
            HelpName = "CODE",
        };
        var scope = new Option<string>("--scope")
        {
            Description = "Disputes inside one document, links across documents (made by 'attest ingest --link'), or both",
            DefaultValueFactory = _ => ScopeAll,
        };
        scope.AcceptOnlyFromAmong(ScopeAll, ScopeDocument, ScopeCross);
        var limit = StoreCommandSupport.LimitOption();
        var format = StoreCommandSupport.FormatOption();

        var command = new Command("disputes", "List disputed claims with their denials, both sides with speaker, text and source");
        foreach (var option in new Option[] { db, actor, scope, limit, format }) command.Options.Add(option);

        command.SetAction(parse =>
        {
            DisputeQuery query;
            try
            {
                query = new DisputeQuery
                {
                    ActorCode = parse.GetValue(actor),
                    CrossDocument = parse.GetValue(scope) switch { ScopeDocument => false, ScopeCross => true, _ => null },
                    Limit = StoreCommandSupport.Limit(parse.GetValue(limit)),
                };
            }
            catch (ArgumentException ex)
            {
                return StoreCommandSupport.UsageError(env, ex, OptionOf);
            }

            using var store = StoreCommandSupport.TryOpen(env, StoreCommandSupport.ResolveDb(env, parse.GetValue(db)), readOnly: true);
            if (store is null) return AttestApp.ExitInputError;
            var rows = store.QueryDisputes(query);
            StoreRowFormats.WriteDisputes(env, rows, parse.GetValue(format) ?? RowFormat.Table);
            StoreCommandSupport.NoteLimit(env, rows.Count, query.Limit);
            if (query.CrossDocument != false && store.UnlinkedDocuments(Attest.Disputes.MiniLmSentenceEncoder.Id) is > 0 and var unlinked)
            {
                env.Error.WriteLine($"attest: {unlinked} stored document{(unlinked == 1 ? " is" : "s are")} not linked across documents yet; " +
                                    "'attest ingest --link PATH' links them with the new ones");
            }
            return 0;
        });
        return command;
    }
}
