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
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Documents analysed at once (storing stays in input order)",
            HelpName = "N",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        jobs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--jobs must be at least 1");
        });

        var link = new Option<bool>("--link")
        {
            Description = "Then link claims and denials across documents: the new ones and any stored document not linked yet " +
                          "(loads a sentence-embedding model; see 'attest disputes')",
        };

        var actors = AnalyzeCommand.ActorsOption();
        var command = new Command("ingest", "Analyse documents and add them to the store (documents already stored are skipped)");
        command.Options.Add(actors);
        command.Arguments.Add(paths);
        command.Options.Add(db);
        command.Options.Add(date);
        command.Options.Add(jobs);
        command.Options.Add(link);
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

            if (parse.GetValue(actors) is { } actorsFile)
            {
                var pipeline = AnalyzeCommand.OpenPipeline(env, actorsFile);
                if (pipeline is null) return AttestApp.ExitInputError;
                services = new IngestServices { ReadInputs = services.ReadInputs, CreateAnalyzer = () => pipeline.Analyze, CreateLinker = services.CreateLinker };
            }
            var inputs = services.ReadInputs(parse.GetValue(paths) ?? [], env.In).ToList();
            var run = new IngestRun(env, store, new AnalyzeOptions { DocumentDate = documentDate });
            var analysed = Analyse(inputs, services, run.Options, parse.GetValue(jobs));
            if (env.Interactive) run.WithProgressBar(analysed, inputs.Count);
            else run.WithProgressLines(analysed, inputs.Count);

            env.Out.WriteLine(run.Summary(location));
            if (parse.GetValue(link) && !LinkAcrossDocuments(env, store, services.CreateLinker)) return AttestApp.ExitInputError;
            return run.Failed > 0 ? AttestApp.ExitInputError : 0;
        });
        return command;
    }

    /// <summary>Links the stored documents not linked yet; writes a summary line, or an error line and returns false.</summary>
    private static bool LinkAcrossDocuments(CliEnvironment env, IAnalysisStore store, Func<Attest.Disputes.CrossDocumentLinker> createLinker)
    {
        try
        {
            var report = store.LinkDocuments(createLinker());
            env.Out.WriteLine($"linked {report.Documents} document{(report.Documents == 1 ? "" : "s")} across the store " +
                              $"({report.Candidates} claims and denials compared): {report.Links} new cross-document dispute{(report.Links == 1 ? "" : "s")}");
            return true;
        }
        catch (Exception ex) when (ex is AnalysisStoreException or InvalidOperationException)
        {
            env.Error.WriteLine($"attest: cannot link across documents: {ex.Message}");
            return false;
        }
    }

    /// <summary>One input after analysis: the analysis, or why there is none.</summary>
    private sealed record Analysed(IngestInput Input, Analysis? Analysis, string? Error);

    /// <summary>
    /// Analyses the inputs, up to <paramref name="jobs"/> at once, yielding results in input order as they are ready.
    /// The analyser is built once, and only when some input could be read.
    /// </summary>
    private static IEnumerable<Analysed> Analyse(List<IngestInput> inputs, IngestServices services, AnalyzeOptions options, int jobs)
    {
        DocumentAnalyzer? analyzer = null;
        string? unavailable = null;
        if (inputs.Exists(i => i.Document is not null))
        {
            try
            {
                analyzer = services.CreateAnalyzer();
            }
#pragma warning disable CA1031 // reported once per input below
            catch (Exception ex)
#pragma warning restore CA1031
            {
                unavailable = "cannot load the analysis pipeline: " + ex.Message;
            }
        }

        Analysed One(IngestInput input)
        {
            if (input.Document is not { } document) return new Analysed(input, null, input.Error ?? "cannot read");
            if (analyzer is null) return new Analysed(input, null, unavailable);
            try
            {
                return new Analysed(input, analyzer(document, options), null);
            }
#pragma warning disable CA1031 // one bad document must not stop the others; the reason is reported
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return new Analysed(input, null, ex.Message);
            }
        }

        return jobs <= 1 || inputs.Count <= 1
            ? inputs.Select(One)
            : inputs.AsParallel().AsOrdered().WithDegreeOfParallelism(jobs).WithMergeOptions(ParallelMergeOptions.NotBuffered).Select(One);
    }

    /// <summary>Stores analysed inputs in order, reports each, and keeps the tallies.</summary>
    private sealed class IngestRun(CliEnvironment env, IAnalysisStore store, AnalyzeOptions options)
    {
        public AnalyzeOptions Options => options;
        public int Inserted { get; private set; }
        public int AlreadyStored { get; private set; }
        public int Failed { get; private set; }
        public int Events { get; private set; }
        public int Statements { get; private set; }

        public void WithProgressLines(IEnumerable<Analysed> analysed, int count)
        {
            var i = 0;
            foreach (var item in analysed)
            {
                i++;
                if (Store(item) is { } done) env.Error.WriteLine($"[{i}/{count}] {item.Input.Name}: {done}");
            }
        }

        public void WithProgressBar(IEnumerable<Analysed> analysed, int count) =>
            env.Console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("ingest", maxValue: Math.Max(1, count));
                    foreach (var item in analysed)
                    {
                        task.Description = Markup.Escape(item.Input.Name);
                        Store(item);
                        task.Increment(1);
                    }
                    task.Value = task.MaxValue;
                });

        /// <summary>Stores one analysed input; returns what happened, or null after writing an error line.</summary>
        private string? Store(Analysed item)
        {
            if (item.Analysis is not { } analysis) return Fail(item.Input, item.Error ?? "cannot analyse");
            StoreOutcome outcome;
            try
            {
                outcome = store.Store(analysis);
            }
            catch (AnalysisStoreException ex)
            {
                return Fail(item.Input, ex.Message);
            }

            if (outcome == StoreOutcome.AlreadyStored)
            {
                AlreadyStored++;
                return $"already stored (document {analysis.Document.Id})";
            }
            Inserted++;
            Events += analysis.Events.Length;
            Statements += analysis.Statements.Length;
            foreach (var warning in analysis.Warnings) env.Error.WriteLine($"attest: {item.Input.Name}: warning: {FirstLine(warning)}");
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
