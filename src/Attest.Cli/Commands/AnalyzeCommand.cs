using System.CommandLine;
using Attest.Cli.Output;
using Attest.Model;
using Attest.Pipeline;
using Attest.Text;

namespace Attest.Cli.Commands;

/// <summary><c>attest analyze [--format text|json|jsonl] [--date YYYY-MM-DD] FILE|DIR|-…</c></summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliEnvironment env)
    {
        var inputs = CliInputs.Documents();
        var format = new Option<string>("--format", "-f")
        {
            Description = "text: a report for a person; json: one analysis (an array for several inputs); jsonl: one line per document",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "jsonl");
        var date = DateOption("--date", "Publication date (YYYY-MM-DD, YYYY-MM or YYYY) that relative dates resolve against");
        var actors = ActorsOption();

        var command = new Command("analyze", "Analyse articles: statements, events, disputes, and what cleaning removed")
        {
            inputs, format, date, actors,
        };
        command.SetAction(parse =>
        {
            var pipeline = OpenPipeline(env, parse.GetValue(actors));
            return pipeline is null ? AttestApp.ExitInputError : Run(env, pipeline, parse.GetValue(inputs)!, parse.GetValue(format)!, parse.GetValue(date));
        });
        return command;
    }

    /// <summary><c>--actors FILE</c>: a user actor dictionary in Attest's format, added to the shipped one.</summary>
    public static Option<string?> ActorsOption() => new("--actors")
    {
        Description = "Extra actor dictionary in Attest's format (see src/Attest.Core/Resources/actors/README.md); later entries win",
        HelpName = "FILE",
    };

    /// <summary>The pipeline for an optional user actor file; null after printing one error line when the file is bad.</summary>
    public static AnalysisPipeline? OpenPipeline(CliEnvironment env, string? actorsFile)
    {
        if (actorsFile is not null && !File.Exists(actorsFile))
        {
            env.Error.WriteLine($"attest: {actorsFile}: no such actor dictionary");
            return null;
        }
        try
        {
            return PipelineHost.For(actorsFile);
        }
        catch (FormatException e)
        {
            env.Error.WriteLine($"attest: {e.Message}");
            return null;
        }
    }

    /// <summary>An option holding a partial ISO date, validated at parse time.</summary>
    public static Option<string?> DateOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !PartialDate.IsValid(value))
                result.AddError($"{name} '{value}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY");
        });
        return option;
    }

    private static int Run(CliEnvironment env, AnalysisPipeline pipeline, string[] inputs, string format, string? date)
    {
        var options = new AnalyzeOptions { DocumentDate = date };
        var results = new List<Analysis>();
        var failures = new InputFailures();
        foreach (var (name, document) in CliInputs.ReadableDocuments(env, inputs, failures))
        {
            Analysis analysis;
            try
            {
                analysis = pipeline.Analyze(document, options);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException)
            {
                env.Error.WriteLine($"attest: {name}: {e.Message}");
                failures.Add();
                continue;
            }
            foreach (var w in analysis.Warnings) env.Error.WriteLine($"attest: warning: {w}");
            switch (format)
            {
                case "jsonl":
                    env.Out.WriteLine(AnalysisJson.Serialize(analysis));
                    break;
                case "json":
                    results.Add(analysis);
                    break;
                default:
                    TextReport.Write(env.Console, analysis);
                    break;
            }
        }
        if (format == "json")
        {
            if (results.Count == 1) env.Out.WriteLine(AnalysisJson.Serialize(results[0], indented: true));
            else if (results.Count > 1) env.Out.WriteLine("[" + string.Join(",\n", results.Select(r => AnalysisJson.Serialize(r, indented: true))) + "]");
        }
        return failures.ExitCode;
    }
}
