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
            double? tag = Measure(analyzer, batches, SyntaxSteps.Tag, min);
            double? tagLemma = Measure(analyzer, batches, SyntaxSteps.Lemmatize, min);
            double? lemmaWps = MeasureLemmatizer(analyzer, batches, words, min);
            double? all = Measure(analyzer, batches, SyntaxSteps.All, min);
            double? tagWps = words / tag;
            // the parser's share: the pipeline minus tagging and lemmatizing, when that difference is a real time
            double? parseWps = analyzer.Parser is null ? 0
                : all - tagLemma is { } p && p > 0.05 * all ? words / p : null;
            double? pipeWps = words / all;
            if (parse.GetValue(json))
            {
                using var ms = new MemoryStream();
                using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    if (tagWps is { } tw) w.WriteNumber("tagger_words_per_second", Math.Round(tw));
                    if (lemmaWps is { } lw) w.WriteNumber("lemmatizer_words_per_second", Math.Round(lw));
                    if (parseWps is { } pw) w.WriteNumber("parser_words_per_second", Math.Round(pw));
                    if (pipeWps is { } aw) w.WriteNumber("pipeline_words_per_second", Math.Round(aw));
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
                env.Out.WriteLine(Rate("tagger    ", tagWps, ""));
                env.Out.WriteLine(Rate("lemmatizer", lemmaWps, " (alone, on the tagger's tags)"));
                env.Out.WriteLine(Rate("parser    ", parseWps, ""));
                env.Out.WriteLine(Rate("pipeline  ", pipeWps, " (tag + lemmatize + parse)"));
            }
            return 0;
        });
        command.Subcommands.Add(nlp);
        command.Subcommands.Add(BenchPipelineCommand.Create(env));
        return command;
    }

    private static string Rate(string step, double? wordsPerSecond, string note) => wordsPerSecond is { } r
        ? string.Create(CultureInfo.InvariantCulture, $"{step} {r,12:F0} words/s{note}")
        : $"{step} not measurable (too little CPU time)";

    /// <summary>
    /// Words per CPU-second of the lemmatizer alone, on the tags the tagger gives (computed once, outside the timing):
    /// lemmatizing is a few percent of tagging, too little to get by subtracting two noisy pipeline timings.
    /// </summary>
    private static double? MeasureLemmatizer(PerceptronSyntaxAnalyzer analyzer, List<TokenizedText> batches, long words, double minSeconds)
    {
        var layers = batches.Select(b => analyzer.Analyze(b, SyntaxSteps.Tag)).ToList();
        var lemmatizer = analyzer.Lemmatizer;
        long chars = 0;
        double? seconds = CpuSecondsPerPass(() =>
        {
            for (int b = 0; b < batches.Count; b++)
            {
                var text = batches[b];
                var layer = layers[b];
                for (int t = 0; t < text.TokenCount; t++) chars += lemmatizer.Lemmatize(text.TokenSpan(t), layer.Upos[t], layer.Xpos[t]).Length;
            }
        }, minSeconds);
        return chars > 0 && seconds is { } s ? words / s : null;
    }

    /// <summary>CPU seconds per pass over all batches of <paramref name="steps"/> (see <see cref="CpuSecondsPerPass"/>).</summary>
    private static double? Measure(PerceptronSyntaxAnalyzer analyzer, List<TokenizedText> batches, SyntaxSteps steps, double minSeconds) =>
        CpuSecondsPerPass(() =>
        {
            foreach (var b in batches) analyzer.Analyze(b, steps);
        }, minSeconds);

    /// <summary>
    /// CPU seconds of this process per pass (best of repeated rounds, after a warm-up pass). CPU time rather than wall
    /// time, so that a busy shared machine does not distort the single-core figure. The process CPU clock is coarse, so
    /// the number of passes per round doubles until a round lasts at least a quarter of a CPU-second (calibrating on CPU
    /// time, not wall time, which a loaded machine inflates); null only if even a million passes stay under that.
    /// </summary>
    internal static double? CpuSecondsPerPass(Action pass, double minSeconds)
    {
        pass(); // warm-up
        using var process = Process.GetCurrentProcess();
        double best = double.MaxValue, total = 0;
        int repeats = 1, rounds = 0;
        while (total < minSeconds || rounds < 2)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            for (int r = 0; r < repeats; r++) pass();
            process.Refresh();
            double s = (process.TotalProcessorTime - cpu0).TotalSeconds;
            total += s;
            if (s < 0.25)
            {
                if (repeats >= 1_000_000) return null;
                repeats *= 2;
                continue;
            }
            best = Math.Min(best, s / repeats);
            rounds++;
        }
        return best;
    }
}
