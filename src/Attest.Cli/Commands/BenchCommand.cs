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
        var seconds = new Option<double>("--seconds") { Description = "Minimum measuring time per step (CPU-seconds, spread over the repetitions).", DefaultValueFactory = _ => 3.0 };
        var repeat = new Option<int>("--repeat") { Description = "Timed rounds per step (the steps take turns, round by round); best and median are reported.", DefaultValueFactory = _ => 5 };
        var nlp = new Command("nlp", "Words per CPU-second on one core (single thread): tagger, parser, tag + parse, whole syntax pipeline.");
        nlp.Options.Add(treebank);
        nlp.Options.Add(json);
        nlp.Options.Add(models);
        nlp.Options.Add(seconds);
        nlp.Options.Add(repeat);
        nlp.SetAction(parse =>
        {
            var file = parse.GetValue(treebank)!;
            if (!CliInputs.FilesExist(env, [file])) return AttestApp.ExitInputError;
            int rounds = parse.GetValue(repeat);
            if (rounds < 1)
            {
                env.Error.WriteLine("attest: --repeat must be at least 1");
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
            var layers = batches.Select(b => analyzer.Analyze(b, SyntaxSteps.Tag)).ToList();
            long chars = 0;
            var noPunct = analyzer.Punct is null ? null : analyzer.WithPunct(null);
            var noReviser = analyzer.Reviser is null ? null : analyzer.WithReviser(null);
            var steps = new List<Action>
            {
                () => { foreach (var b in batches) analyzer.Analyze(b, SyntaxSteps.Tag); },
                () => { foreach (var b in batches) analyzer.Analyze(b, SyntaxSteps.Parse); },
                () => { foreach (var b in batches) analyzer.Analyze(b, SyntaxSteps.Lemmatize); },
                () => { foreach (var b in batches) analyzer.Analyze(b, SyntaxSteps.All); },
                // the lemmatizer alone on the tags the tagger gives (computed once, outside the timing): lemmatizing is a
                // few percent of tagging, too little to get by subtracting two noisy pipeline timings
                () =>
                {
                    for (int b = 0; b < batches.Count; b++)
                    {
                        var text = batches[b];
                        var layer = layers[b];
                        for (int t = 0; t < text.TokenCount; t++) chars += analyzer.Lemmatizer.Lemmatize(text.TokenSpan(t), layer.Upos[t], layer.Xpos[t]).Length;
                    }
                },
            };
            // with a punctuation re-attacher: tag + parse without it, in the same rounds, for the re-attacher's own cost
            if (noPunct is not null)
            {
                steps.Add(() => { foreach (var b in batches) noPunct.Analyze(b, SyntaxSteps.Parse); });
                steps.Add(PunctAttacherTrainer.ReattachPass(analyzer, sentences)!);
            }
            // with a head reviser: tag + parse without it, and the reviser alone on the parser's trees
            int reviserAt = steps.Count;
            if (noReviser is not null)
            {
                steps.Add(() => { foreach (var b in batches) noReviser.Analyze(b, SyntaxSteps.Parse); });
                steps.Add(HeadReviserTrainer.RevisePass(analyzer, sentences)!);
            }
            var timings = CpuSecondsPerPassRounds(steps, parse.GetValue(seconds), rounds);
            if (chars == 0) timings[4] = null;
            var best = timings.Select(t => t?.Min()).ToArray();
            var median = timings.Select(t => t is null ? (double?)null : Median(t)).ToArray();
            var rates = new (string Key, string Label, string Note, double? Best, double? Median)[]
            {
                ("tagger", "tagger", "", Rate(words, best[0]), Rate(words, median[0])),
                ("lemmatizer", "lemmatizer", " (alone, on the tagger's tags)", Rate(words, best[4]), Rate(words, median[4])),
                ("parser", "parser", " (tag + parse minus tag)", ParserRate(analyzer, words, best[1], best[0]), ParserRate(analyzer, words, median[1], median[0])),
                ("tag_parse", "tag + parse", " (no lemmatizer)", Rate(words, best[1]), Rate(words, median[1])),
                ("pipeline", "pipeline", " (tag + lemmatize + parse)", Rate(words, best[3]), Rate(words, median[3])),
            };
            if (noPunct is not null)
                rates =
                [
                    .. rates,
                    ("tag_parse_no_punct", "no punct", " (tag + parse without the punctuation re-attacher)", Rate(words, best[5]), Rate(words, median[5])),
                    ("punct", "punct", " (re-attacher alone, on the parser's trees)", Rate(words, best[6]), Rate(words, median[6])),
                ];
            if (noReviser is not null)
                rates =
                [
                    .. rates,
                    ("tag_parse_no_reviser", "no reviser", " (tag + parse without the head reviser)", Rate(words, best[reviserAt]), Rate(words, median[reviserAt])),
                    ("reviser", "reviser", " (head reviser alone, on the parser's trees)", Rate(words, best[reviserAt + 1]), Rate(words, median[reviserAt + 1])),
                ];
            if (parse.GetValue(json))
            {
                using var ms = new MemoryStream();
                using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    foreach (var r in rates)
                        if (r.Best is { } b) w.WriteNumber(r.Key + "_words_per_second", Math.Round(b));
                    foreach (var r in rates)
                        if (r.Median is { } m) w.WriteNumber(r.Key + "_median_words_per_second", Math.Round(m));
                    w.WriteNumber("repetitions", rounds);
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
                env.Out.WriteLine(string.Create(ci, $"models loaded in {loadSeconds:F3} s ({loadCpuSeconds:F3} CPU s); {words} words; words per CPU-second, best and median of {rounds} rounds"));
                foreach (var r in rates) env.Out.WriteLine(Line(r.Label, r.Best, r.Median, r.Note));
            }
            return 0;
        });
        command.Subcommands.Add(nlp);
        command.Subcommands.Add(BenchPipelineCommand.Create(env));
        return command;
    }

    private static double? Rate(long words, double? seconds) => seconds is { } s && s > 0 ? words / s : null;

    /// <summary>The parser's share: tag + parse minus tag, when that difference is a real time (over 5 % of the whole).</summary>
    private static double? ParserRate(PerceptronSyntaxAnalyzer analyzer, long words, double? tagParse, double? tag) =>
        analyzer.Parser is null ? 0 : tagParse - tag is { } p && p > 0.05 * tagParse ? words / p : null;

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static string Line(string step, double? best, double? median, string note) => best is { } b && median is { } m
        ? string.Create(CultureInfo.InvariantCulture, $"{step,-12} {b,12:F0} best {m,12:F0} median words/s{note}")
        : $"{step,-12} not measurable (too little CPU time)";

    /// <summary>
    /// CPU seconds per pass of each step, one value per round: every step is warmed up and calibrated (passes per round
    /// doubled until a round lasts at least max(0.25, <paramref name="minSeconds"/> / <paramref name="rounds"/>)
    /// CPU-seconds; the process CPU clock is coarse), then the steps take turns round by round, so that a change in the
    /// load of a shared machine touches all steps alike. Null for a step too fast to time even with a million passes.
    /// </summary>
    internal static double[]?[] CpuSecondsPerPassRounds(IReadOnlyList<Action> steps, double minSeconds, int rounds)
    {
        double target = Math.Max(0.25, minSeconds / rounds);
        using var process = Process.GetCurrentProcess();
        double Time(Action pass, int repeats)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            for (int r = 0; r < repeats; r++) pass();
            process.Refresh();
            return (process.TotalProcessorTime - cpu0).TotalSeconds;
        }
        var passes = new int[steps.Count];
        for (int s = 0; s < steps.Count; s++)
        {
            steps[s](); // warm-up
            int repeats = 1;
            while (Time(steps[s], repeats) < target && repeats < 1_000_000) repeats *= 2;
            passes[s] = repeats < 1_000_000 ? repeats : 0;
        }
        var result = new double[]?[steps.Count];
        for (int s = 0; s < steps.Count; s++) result[s] = passes[s] > 0 ? new double[rounds] : null;
        for (int round = 0; round < rounds; round++)
            for (int s = 0; s < steps.Count; s++)
                if (result[s] is { } times) times[round] = Time(steps[s], passes[s]) / passes[s];
        return result;
    }

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
