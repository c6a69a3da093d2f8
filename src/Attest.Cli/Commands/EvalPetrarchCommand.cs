using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Events.Petrarch;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Cli.Commands;

/// <summary>
/// <c>attest eval petrarch --records FILE [--dictionaries DIR] [--json] [--verbose [--show-parse]]</c>: runs every &lt;Sentence&gt; of a
/// PETRARCH records file through <see cref="PetrarchCoder"/> (Attest's own tokenizer and parser, never the file's
/// &lt;Parse&gt; trees) and counts the expected codings reproduced exactly, missed and extra, in total and per category.
/// </summary>
internal static class EvalPetrarchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var records = new Option<string>("--records") { Description = "PETRARCH records file (XML with <Sentence> and <EventCoding>).", Required = true };
        var dictionaries = new Option<string?>("--dictionaries") { Description = "Directory of the verb, actor, agent and discard files named in the records' <Environment> (default: the PETR.Validate.* names); default: the records file's directory." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var verbose = new Option<bool>("--verbose") { Description = "List each record's missed and extra codings." };
        var showParse = new Option<bool>("--show-parse") { Description = "With --verbose: also print Attest's parse of each listed record." };
        var command = new Command("petrarch", "Score PETRARCH-dictionary coding over Attest's parse on a PETRARCH unit-test records file.") { records, dictionaries, json, verbose, showParse };
        command.SetAction(parse => Run(env, parse.GetValue(records)!, parse.GetValue(dictionaries), parse.GetValue(json), parse.GetValue(verbose), parse.GetValue(showParse)));
        return command;
    }

    private static int Run(CliEnvironment env, string recordsPath, string? dictionaryDir, bool json, bool verbose, bool showParse)
    {
        if (!CliInputs.FilesExist(env, [recordsPath])) return AttestApp.ExitInputError;
        PetrarchRecordsFile file;
        PetrarchDictionaries dictionaries;
        try
        {
            file = PetrarchRecordsFile.Load(recordsPath);
            var dir = dictionaryDir ?? Path.GetDirectoryName(Path.GetFullPath(recordsPath))!;
            if (!Directory.Exists(dir))
            {
                env.Error.WriteLine($"attest: no such directory: {dir}");
                return AttestApp.ExitInputError;
            }
            var defaults = PetrarchDictionaries.ValidationFiles;
            dictionaries = PetrarchDictionaries.Load(dir, file.VerbFile ?? defaults.Verbs,
                file.ActorFiles.Count > 0 ? file.ActorFiles : [defaults.Actors], file.AgentFile ?? defaults.Agents, file.DiscardFile ?? defaults.Discards);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            env.Error.WriteLine($"attest: {e.Message}");
            return AttestApp.ExitInputError;
        }
        var coder = new PetrarchCoder(dictionaries, PipelineHost.Pipeline.Tokenizer, PipelineHost.Pipeline.Syntax);
        var report = PetrarchSuite.Run(coder, file.Records);
        if (json) WriteJson(env, report, verbose);
        else WriteText(env, report, verbose, showParse ? coder : null);
        return 0;
    }

    private static void WriteText(CliEnvironment env, PetrarchSuiteReport report, bool verbose, PetrarchCoder? parses)
    {
        var ci = CultureInfo.InvariantCulture;
        if (verbose)
        {
            foreach (var r in report.Records)
            {
                if (r.Score.Missed == 0 && r.Score.Extra == 0 && r.Failure is null) continue;
                env.Out.WriteLine($"{r.Record.Id} [{r.Record.Category}] {r.Record.Text}");
                env.Out.WriteLine($"  expected: {string.Join(" ; ", r.Record.Expected)}{(r.Record.NoEvents ? " (no events)" : "")}{(r.Record.Error is { } e ? $" (error {e})" : "")}");
                env.Out.WriteLine($"  produced: {string.Join(" ; ", r.Produced)}");
                if (r.Failure is not null) env.Out.WriteLine($"  FAILED: {r.Failure}");
                if (parses is not null) env.Out.Write(parses.DescribeParse(r.Record.Text));
            }
        }
        env.Out.WriteLine(string.Create(ci, $"{"category",-12} {"records",7} {"expected",8} {"reproduced",10} {"missed",6} {"extra",5} {"exact",6}"));
        foreach (var (name, s) in report.Categories) env.Out.WriteLine(Line(ci, name, s));
        env.Out.WriteLine(Line(ci, "TOTAL", report.Total));
        int failures = report.Records.Count(r => r.Failure is not null);
        env.Out.WriteLine(string.Create(ci, $"records that threw: {failures}"));
    }

    private static string Line(CultureInfo ci, string name, PetrarchScore s) =>
        string.Create(ci, $"{name,-12} {s.Records,7} {s.Expected,8} {s.Reproduced,10} {s.Missed,6} {s.Extra,5} {s.ExactShare,6:F3}");

    private static JsonObject Score(PetrarchScore s) => new()
    {
        ["records"] = s.Records,
        ["expected"] = s.Expected,
        ["reproduced"] = s.Reproduced,
        ["missed"] = s.Missed,
        ["extra"] = s.Extra,
        ["exact_share"] = Math.Round(s.ExactShare, 4),
    };

    private static void WriteJson(CliEnvironment env, PetrarchSuiteReport report, bool verbose)
    {
        var root = Score(report.Total);
        var categories = new JsonObject();
        foreach (var (name, s) in report.Categories) categories[name] = Score(s);
        root["categories"] = categories;
        var failures = new JsonArray();
        foreach (var r in report.Records.Where(r => r.Failure is not null))
            failures.Add(new JsonObject { ["id"] = r.Record.Id, ["error"] = r.Failure });
        root["failures"] = failures;
        if (verbose)
        {
            var list = new JsonArray();
            foreach (var r in report.Records)
            {
                list.Add(new JsonObject
                {
                    ["id"] = r.Record.Id,
                    ["category"] = r.Record.Category,
                    ["expected"] = new JsonArray([.. r.Record.Expected.Select(c => (JsonNode)JsonValue.Create(c.ToString()))]),
                    ["produced"] = new JsonArray([.. r.Produced.Select(c => (JsonNode)JsonValue.Create(c.ToString()))]),
                });
            }
            root["records_detail"] = list;
        }
        env.Out.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
