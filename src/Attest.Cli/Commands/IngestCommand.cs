using System.CommandLine;
using Attest.Model;
using Attest.Pipeline;
using Attest.Storage;
using Spectre.Console;

namespace Attest.Cli.Commands;

/// <summary><c>attest ingest PATH…</c>: analyses documents and stores them, skipping those already stored.</summary>
internal static class IngestCommand
{
    public static Command Create(CliEnvironment env) => Create(env, IngestServices.Default);

    public static Command Create(CliEnvironment env, IngestServices services)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or directories to ingest, or - for standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        var db = StoreCommandSupport.DbOption();
        var date = new Option<string?>("--date")
        {
            Description = "Publication date of the documents (YYYY, YYYY-MM or YYYY-MM-DD); wins over any date found in them",
            HelpName = "YYYY-MM-DD",
        };

        var command = new Command("ingest", "Analyse documents and add them to the store (documents already stored are skipped)");
        command.Arguments.Add(paths);
        command.Options.Add(db);
        command.Options.Add(date);
        command.SetAction(parse =>
        {
            var documentDate = parse.GetValue(date);
            if (documentDate is not null && !PartialDate.IsValid(documentDate))
            {
                env.Error.WriteLine($"attest: --date: '{documentDate}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)");
                return AttestApp.ExitInputError;
            }
            var location = StoreCommandSupport.ResolveDb(env, parse.GetValue(db));
            using var store = StoreCommandSupport.TryOpen(env, location, readOnly: false);
            if (store is null) return AttestApp.ExitInputError;

            var run = new IngestRun(env, store, services, new AnalyzeOptions { DocumentDate = documentDate });
            var inputs = services.ReadInputs(parse.GetValue(paths) ?? [], env.In).ToList();
            if (env.Interactive) run.WithProgressBar(inputs);
            else run.WithProgressLines(inputs);

            env.Out.WriteLine(run.Summary(location));
            return run.Failed > 0 ? AttestApp.ExitInputError : 0;
        });
        return command;
    }

    /// <summary>The state of one <c>ingest</c> invocation: the analyser (built on first use) and the tallies.</summary>
    private sealed class IngestRun(CliEnvironment env, IAnalysisStore store, IngestServices services, AnalyzeOptions options)
    {
        private DocumentAnalyzer? _analyzer;

        public int Inserted { get; private set; }
        public int AlreadyStored { get; private set; }
        public int Failed { get; private set; }
        public int Events { get; private set; }
        public int Statements { get; private set; }

        public void WithProgressLines(List<IngestInput> inputs)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                if (Process(inputs[i]) is { } done) env.Error.WriteLine($"[{i + 1}/{inputs.Count}] {inputs[i].Name}: {done}");
            }
        }

        public void WithProgressBar(List<IngestInput> inputs) =>
            env.Console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("ingest", maxValue: Math.Max(1, inputs.Count));
                    foreach (var input in inputs)
                    {
                        task.Description = Markup.Escape(input.Name);
                        Process(input);
                        task.Increment(1);
                    }
                    task.Value = task.MaxValue;
                });

        /// <summary>Analyses and stores one input; returns what happened, or null after writing an error line.</summary>
        private string? Process(IngestInput input)
        {
            if (input.Document is not { } document) return Fail(input, input.Error ?? "cannot read");
            Analysis analysis;
            try
            {
                _analyzer ??= services.CreateAnalyzer();
                analysis = _analyzer(document, options);
            }
#pragma warning disable CA1031 // one bad document must not stop the others; the reason is reported
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Fail(input, ex.Message);
            }

            foreach (var warning in analysis.Warnings) env.Error.WriteLine($"attest: warning: {warning}");

            StoreOutcome outcome;
            try
            {
                outcome = store.Store(analysis);
            }
            catch (AnalysisStoreException ex)
            {
                return Fail(input, ex.Message);
            }

            if (outcome == StoreOutcome.AlreadyStored)
            {
                AlreadyStored++;
                return $"already stored (document {analysis.Document.Id})";
            }
            Inserted++;
            Events += analysis.Events.Length;
            Statements += analysis.Statements.Length;
            return $"stored ({Plural(analysis.Events.Length, "event")}, {Plural(analysis.Statements.Length, "statement")})";
        }

        private string? Fail(IngestInput input, string reason)
        {
            Failed++;
            env.Error.WriteLine($"attest: {input.Name}: {FirstLine(reason)}");
            return null;
        }

        public string Summary(string location) =>
            $"{Plural(Inserted + AlreadyStored + Failed, "document")}: {Inserted} new, {AlreadyStored} already stored, {Failed} failed; " +
            $"{Plural(Events, "event")} and {Plural(Statements, "statement")} added to {location}";

        private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

        private static string FirstLine(string message)
        {
            var end = message.IndexOfAny(['\r', '\n']);
            return end < 0 ? message : message[..end];
        }
    }
}
