using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Evaluation;
using Attest.Pipeline;
using Attest.Text;

namespace Attest.Cli.Commands;

/// <summary>
/// <c>attest eval attribution --gold DIR|FILE… [--json] [--verbose]</c>: the gold-file metrics (attribution F1, stance,
/// form and hedged accuracy, event F1, dispute recall, overall) computed in process by <see cref="GoldScorer"/>.
/// </summary>
internal static class EvalAttributionCommand
{
    public static Command Create(CliEnvironment env)
    {
        var gold = new Option<string[]>("--gold") { Description = "Gold files (NAME.gold.json beside NAME.txt) or directories holding them", Required = true, AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var verbose = new Option<bool>("--verbose") { Description = "List what each document missed or got wrong." };
        var command = new Command("attribution", "Score statements, events and disputes against gold files (spec/gold-format.md).") { gold, json, verbose };
        command.SetAction(parse => Run(env, parse.GetValue(gold)!, parse.GetValue(json), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(CliEnvironment env, string[] paths, bool json, bool verbose)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p)) files.AddRange(Directory.GetFiles(p, "*.gold.json").Order(StringComparer.Ordinal));
            else if (File.Exists(p)) files.Add(p);
            else { env.Error.WriteLine($"attest: {p}: no such file or directory"); return AttestApp.ExitInputError; }
        }
        var scores = new List<GoldDocumentScore>();
        int failed = 0;
        foreach (var file in files)
        {
            JsonNode gold;
            try
            {
                gold = JsonNode.Parse(File.ReadAllText(file)) ?? throw new JsonException("empty");
            }
            catch (JsonException e)
            {
                env.Error.WriteLine($"attest: {file}: not a gold file: {e.Message}");
                failed++;
                continue;
            }
            var name = gold["document"]?.GetValue<string>() ?? Path.GetFileName(file).Replace(".gold.json", ".txt", StringComparison.Ordinal);
            var item = DocumentReader.ReadFile(Path.Combine(Path.GetDirectoryName(file)!, name));
            if (item.Document is null) { env.Error.WriteLine($"attest: {item.Name}: {item.Error}"); failed++; continue; }
            var analysis = PipelineHost.Pipeline.Analyze(item.Document, new AnalyzeOptions { DocumentDate = gold["date"]?.GetValue<string>() });
            scores.Add(GoldScorer.Score(name, gold, analysis));
        }
        double attribution = Mean(scores.Select(s => (double?)s.AttributionF1)) ?? 0;
        double events = Mean(scores.Select(s => (double?)s.EventF1)) ?? 0;
        double disputes = Mean(scores.Select(s => s.DisputeRecall)) ?? 0;
        double overall = (attribution + events + disputes) / 3;
        if (json)
        {
            var root = new JsonObject
            {
                ["documents"] = scores.Count,
                ["failed"] = failed,
                ["attribution_f1"] = Round(attribution),
                ["stance_acc"] = Round(Mean(scores.Select(s => s.StanceAccuracy))),
                ["form_acc"] = Round(Mean(scores.Select(s => s.FormAccuracy))),
                ["hedged_acc"] = Round(Mean(scores.Select(s => s.HedgedAccuracy))),
                ["event_f1"] = Round(events),
                ["event_recall"] = Round(Mean(scores.Select(s => (double?)s.EventRecall))),
                ["dispute_recall"] = Round(disputes),
                ["overall"] = Round(overall),
            };
            env.Out.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            var ci = CultureInfo.InvariantCulture;
            foreach (var s in scores)
            {
                env.Out.WriteLine(string.Create(ci, $"{s.Name}: attribution P {s.AttributionPrecision:F2} R {s.AttributionRecall:F2} F1 {s.AttributionF1:F2}; events P {s.EventPrecision:F2} R {s.EventRecall:F2}; disputes {(s.DisputeRecall is { } d ? d.ToString("F2", ci) : "-")}"));
                if (verbose) foreach (var p in s.Problems) env.Out.WriteLine("  " + p);
            }
            env.Out.WriteLine(string.Create(ci, $"attribution_f1 {attribution:F3}  event_f1 {events:F3}  dispute_recall {disputes:F3}  overall {overall:F3}"));
        }
        return failed > 0 ? AttestApp.ExitInputError : 0;
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var list = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return list.Count == 0 ? null : list.Average();
    }

    private static double? Round(double? v) => v is null ? null : Math.Round(v.Value, 3);
}
