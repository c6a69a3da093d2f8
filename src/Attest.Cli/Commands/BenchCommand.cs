using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Cli.Commands;

/// <summary><c>attest bench nlp</c>: single-threaded throughput of tagging, parsing and the whole syntax stage.</summary>
internal static class BenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("bench", "Benchmarks.");
        var treebank = new Option<string>("--treebank") { Description = "CoNLL-U file whose words are analysed (gold tokens).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var models = new Option<string?>("--models") { Description = "Model directory (default: the embedded models)." };
        var seconds = new Option<double>("--seconds") { Description = "Minimum measuring time per step.", DefaultValueFactory = _ => 3.0 };
        var nlp = new Command("nlp", "Words per CPU-second on one core (single thread): tagger, parser, whole syntax pipeline.");
        nlp.Options.Add(treebank);
        nlp.Options.Add(json);
        nlp.Options.Add(models);
        nlp.Options.Add(seconds);
        nlp.SetAction(parse =>
        {
            var file = parse.GetValue(treebank)!;
            if (!File.Exists(file))
            {
                env.Error.WriteLine($"attest: no such file: {file}");
                return AttestApp.ExitInputError;
            }
            var dir = parse.GetValue(models);
            using var self = Process.GetCurrentProcess();
            var loadCpu = self.TotalProcessorTime;
            var load = Stopwatch.StartNew();
            var analyzer = dir is null ? PerceptronSyntaxAnalyzer.LoadDefault() : PerceptronSyntaxAnalyzer.Load(dir);
            double loadSeconds = load.Elapsed.TotalSeconds;
            self.Refresh();
            double loadCpuSeconds = (self.TotalProcessorTime - loadCpu).TotalSeconds;
            var sentences = ConlluReader.ReadFile(file).ToList();
            var batches = new List<TokenizedText>();
            for (int i = 0; i < sentences.Count; i += 64) batches.Add(SyntaxEvaluator.GoldTokens(sentences, i, Math.Min(64, sentences.Count - i)));
            long words = sentences.Sum(s => (long)s.Count);
            double min = parse.GetValue(seconds);
            double tag = Measure(analyzer, batches, SyntaxSteps.Tag, min);
            double tagLemma = Measure(analyzer, batches, SyntaxSteps.Lemmatize, min);
            double all = Measure(analyzer, batches, SyntaxSteps.All, min);
            double tagWps = words / tag;
            double parseWps = analyzer.Parser is null ? 0 : words / Math.Max(all - tagLemma, 1e-9);
            double pipeWps = words / all;
            if (parse.GetValue(json))
            {
                using var ms = new MemoryStream();
                using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    w.WriteNumber("tagger_words_per_second", Math.Round(tagWps));
                    w.WriteNumber("lemmatizer_words_per_second", Math.Round(words / Math.Max(tagLemma - tag, 1e-9)));
                    w.WriteNumber("parser_words_per_second", Math.Round(parseWps));
                    w.WriteNumber("pipeline_words_per_second", Math.Round(pipeWps));
                    w.WriteNumber("load_seconds", Math.Round(loadSeconds, 3));
                    w.WriteNumber("load_cpu_seconds", Math.Round(loadCpuSeconds, 3));
                    w.WriteNumber("words", words);
                    w.WriteEndObject();
                }
                env.Out.WriteLine(Encoding.UTF8.GetString(ms.ToArray()));
            }
            else
            {
                var ci = CultureInfo.InvariantCulture;
                env.Out.WriteLine(string.Create(ci, $"models loaded in {loadSeconds:F3} s ({loadCpuSeconds:F3} CPU s); {words} words; figures are words per CPU-second"));
                env.Out.WriteLine(string.Create(ci, $"tagger   {tagWps,12:F0} words/s"));
                env.Out.WriteLine(string.Create(ci, $"parser   {parseWps,12:F0} words/s"));
                env.Out.WriteLine(string.Create(ci, $"pipeline {pipeWps,12:F0} words/s (tag + lemmatize + parse)"));
            }
            return 0;
        });
        command.Subcommands.Add(nlp);
        command.Subcommands.Add(BenchPipelineCommand.Create(env));
        return command;
    }

    /// <summary>
    /// CPU seconds of this process per pass over all batches (best of repeated passes, after a warm-up pass). CPU time
    /// rather than wall time, so that a busy shared machine does not distort the single-core figure.
    /// </summary>
    private static double Measure(PerceptronSyntaxAnalyzer analyzer, List<TokenizedText> batches, SyntaxSteps steps, double minSeconds)
    {
        foreach (var b in batches) analyzer.Analyze(b, steps);
        using var process = Process.GetCurrentProcess();
        double best = double.MaxValue, total = 0;
        while (total < minSeconds)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            foreach (var b in batches) analyzer.Analyze(b, steps);
            process.Refresh();
            double s = (process.TotalProcessorTime - cpu0).TotalSeconds;
            best = Math.Min(best, Math.Max(s, 1e-6));
            total += s;
        }
        return best;
    }
}
