using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Model;
using Attest.Pipeline;
using Attest.Text;

namespace Attest.Cli.Commands;

/// <summary>
/// <c>attest bench pipeline DOCS…</c>: words per CPU-second of every stage of the analysis pipeline on real articles,
/// so each stage's cost can be compared with the parser's (the issues bound entities, events and attribution by it).
/// </summary>
internal static class BenchPipelineCommand
{
    private static readonly string[] StageNames = ["text", "syntax", "entities", "attribution", "events", "disputes"];

    public static Command Create(CliEnvironment env)
    {
        var docs = new Argument<string[]>("documents") { Description = "Article files or directories (.txt, .html)", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var seconds = new Option<double>("--seconds") { Description = "Minimum measuring time per stage.", DefaultValueFactory = _ => 2.0 };
        var date = AnalyzeCommand.DateOption("--date", "Document date for relative expressions");
        var command = new Command("pipeline", "Words per CPU-second of each pipeline stage on real articles (one thread)") { docs, json, seconds, date };
        command.SetAction(parse =>
        {
            var failures = new InputFailures();
            var sources = CliInputs.ReadableDocuments(env, parse.GetValue(docs)!, failures).Select(d => d.Document).ToList();
            if (sources.Count == 0) return AttestApp.ExitInputError;
            var result = Run(PipelineHost.Pipeline, sources, parse.GetValue(date), parse.GetValue(seconds));
            Write(env, result, parse.GetValue(json));
            return failures.ExitCode;
        });
        return command;
    }

    private sealed record Result(long Words, int Documents, double?[] Seconds);

    private static Result Run(AnalysisPipeline p, List<SourceDocument> sources, string? date, double minSeconds)
    {
        // intermediate values of one full pass feed the stage being timed, so each stage sees real input
        var cleaned = sources.Select(p.Cleaner.Clean).ToList();
        var tokens = cleaned.Select(c => p.Tokenizer.Tokenize(c.Text)).ToList();
        var syntax = tokens.Select(p.Syntax.Analyze).ToList();
        var entities = syntax.Select(s => p.Entities.Analyze(s, date)).ToList();
        var statements = syntax.Select((s, i) => p.Statements.Extract(s, entities[i])).ToList();
        var events = syntax.Select((s, i) => p.Events.Code(s, entities[i], statements[i])).ToList();
        long words = tokens.Sum(t => (long)t.TokenCount);

        // CPU seconds per pass, measured as `bench nlp` measures (null only for a stage too fast to time at all)
        var seconds = new double?[StageNames.Length];
        seconds[0] = BenchCommand.CpuSecondsPerPass(() => { foreach (var s in sources) p.Tokenizer.Tokenize(p.Cleaner.Clean(s).Text); }, minSeconds);
        seconds[1] = BenchCommand.CpuSecondsPerPass(() => { foreach (var t in tokens) p.Syntax.Analyze(t); }, minSeconds);
        seconds[2] = BenchCommand.CpuSecondsPerPass(() => { foreach (var s in syntax) p.Entities.Analyze(s, date); }, minSeconds);
        seconds[3] = BenchCommand.CpuSecondsPerPass(() => { for (int i = 0; i < syntax.Count; i++) p.Statements.Extract(syntax[i], entities[i]); }, minSeconds);
        seconds[4] = BenchCommand.CpuSecondsPerPass(() => { for (int i = 0; i < syntax.Count; i++) p.Events.Code(syntax[i], entities[i], statements[i]); }, minSeconds);
        seconds[5] = BenchCommand.CpuSecondsPerPass(() => { for (int i = 0; i < syntax.Count; i++) p.Disputes.Link(statements[i], events[i]); }, minSeconds);
        return new Result(words, sources.Count, seconds);
    }

    private static void Write(CliEnvironment env, Result r, bool json)
    {
        double all = r.Seconds.Sum(x => x ?? 0);
        if (json)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteNumber("documents", r.Documents);
                w.WriteNumber("words", r.Words);
                for (int i = 0; i < StageNames.Length; i++)
                    if (r.Seconds[i] is { } sec) w.WriteNumber(StageNames[i] + "_words_per_second", Math.Round(r.Words / sec));
                w.WriteNumber("pipeline_words_per_second", Math.Round(r.Words / all));
                w.WriteEndObject();
            }
            env.Out.WriteLine(Encoding.UTF8.GetString(ms.ToArray()));
            return;
        }
        var ci = CultureInfo.InvariantCulture;
        env.Out.WriteLine(string.Create(ci, $"{r.Documents} documents, {r.Words} words; words per CPU-second, one thread; share of the pipeline's time"));
        for (int i = 0; i < StageNames.Length; i++)
            env.Out.WriteLine(r.Seconds[i] is { } sec
                ? string.Create(ci, $"{StageNames[i],-12} {r.Words / sec,12:F0} words/s  {100 * sec / all,5:F1} %")
                : $"{StageNames[i],-12} too fast to time");
        env.Out.WriteLine(string.Create(ci, $"{"pipeline",-12} {r.Words / all,12:F0} words/s"));
    }
}
