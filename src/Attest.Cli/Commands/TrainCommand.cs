using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Attest.Syntax;

namespace Attest.Cli.Commands;

/// <summary><c>attest train tagger|lemmatizer|parser</c>: trains a syntax model from CoNLL-U treebanks.</summary>
internal static class TrainCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("train", "Train a syntax model (tagger, lemmatizer, parser) from CoNLL-U treebanks.");
        command.Subcommands.Add(Sub(env, "tagger", "Train the POS tagger (writes tagger.bin).", 10));
        command.Subcommands.Add(Sub(env, "lemmatizer", "Train the lemmatizer (writes lemmatizer.bin).", 6));
        command.Subcommands.Add(Prune(env));
        command.Subcommands.Add(SkipTemplates(env));
        command.Subcommands.Add(AverageParsers(env));
        command.Subcommands.Add(Sub(env, "parser", "Train the dependency parser (writes parser.bin); tags come from tagger.bin in --out when present.", 12));
        command.Subcommands.Add(NerCommands.Train(env));
        command.Subcommands.Add(EmbeddingCommands.Train(env));
        command.Subcommands.Add(PunctCommand.Train(env));
        command.Subcommands.Add(JackknifeCommand.Create(env));
        command.Subcommands.Add(ReviseCommand.Train(env));
        return command;
    }

    /// <summary><c>attest train prune</c>: re-saves trained tagger/parser models without their low-weight features.</summary>
    private static Command Prune(CliEnvironment env)
    {
        var models = new Option<string>("--models") { Description = "Directory holding tagger.bin / parser.bin.", Required = true };
        var output = new Option<string>("--out") { Description = "Output directory.", Required = true };
        var fraction = new Option<float>("--fraction") { Description = "Drop features whose largest weight is below this fraction of the model's largest weight.", Required = true };
        var attach = new Option<bool?>("--attach-labels") { Description = "Parser: output attach-time labels (true) or post-hoc labeller labels (false)." };
        var skip = new Option<int?>("--skip-margin") { Description = "Tagger: pass-1 score margin above which pass 2 keeps the pass-1 tag (0 = never)." };
        var cacheTrain = new Option<string[]>("--cache-train") { Description = "Tagger: training CoNLL-U file (repeatable) whose frequent forms fill the score cache.", AllowMultipleArgumentsPerToken = false };
        var cacheSize = new Option<int?>("--cache-size") { Description = $"Tagger: number of forms in the score cache (needs --cache-train; default {PosTaggerTrainer.DefaultCacheSize}; 0 = no cache)." };
        var dropPostHoc = new Option<bool>("--drop-post-hoc-labeller") { Description = "Parser: leave out the post-hoc labeller (only with attach-time labels, which then are the output)." };
        var command = new Command("prune", "Shrink trained tagger and parser models by dropping low-weight features.");
        command.Options.Add(dropPostHoc);
        command.Options.Add(cacheTrain);
        command.Options.Add(cacheSize);
        command.Options.Add(skip);
        command.Options.Add(attach);
        command.Options.Add(models);
        command.Options.Add(output);
        command.Options.Add(fraction);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(models)!;
            var outDir = parse.GetValue(output)!;
            float f = parse.GetValue(fraction);
            Directory.CreateDirectory(outDir);
            var tagger = Path.Combine(dir, PerceptronSyntaxAnalyzer.TaggerFile);
            var parser = Path.Combine(dir, PerceptronSyntaxAnalyzer.ParserFile);
            if (File.Exists(tagger))
            {
                var t = PosTagger.Load(tagger).Prune(f);
                if (parse.GetValue(skip) is int m) t = t.WithSkipMargin(m);
                var cacheFiles = parse.GetValue(cacheTrain) ?? [];
                if (!CliInputs.FilesExist(env, cacheFiles)) return AttestApp.ExitInputError;
                if (cacheFiles.Length > 0)
                    t = t.WithCache(PosTaggerTrainer.CacheVocabulary(t, ConlluReader.ReadTraining(cacheFiles), parse.GetValue(cacheSize) ?? PosTaggerTrainer.DefaultCacheSize));
                else if (parse.GetValue(cacheSize) == 0)
                    t = t.WithCache([]);
                t.Save(Path.Combine(outDir, PerceptronSyntaxAnalyzer.TaggerFile));
            }
            if (File.Exists(parser))
            {
                var p = DependencyParser.Load(parser).Prune(f);
                if (parse.GetValue(attach) is bool a) p = p.WithAttachLabels(a);
                if (parse.GetValue(dropPostHoc)) p = p.WithoutPostHocLabeller();
                p.Save(Path.Combine(outDir, PerceptronSyntaxAnalyzer.ParserFile));
            }
            foreach (var file in Directory.GetFiles(outDir, "*.bin"))
                env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: {new FileInfo(file).Length / 1024.0 / 1024.0:F2} MB"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>attest train average</c>: averages the weights of parsers of one configuration (e.g. two seed-averaged runs
    /// with different seeds) into one parser.bin.
    /// </summary>
    private static Command AverageParsers(CliEnvironment env)
    {
        var parsers = new Option<string[]>("--parser") { Description = "A parser.bin to average (repeatable; at least two, all of one configuration: feature set, labels, clusters, skipped templates).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Output directory (writes parser.bin).", Required = true };
        var command = new Command("average", "Average the weights of parsers trained with the same configuration (different seeds) into one parser.bin.");
        command.Options.Add(parsers);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var files = parse.GetValue(parsers) ?? [];
            if (files.Length < 2)
            {
                env.Error.WriteLine("attest: train average needs at least two --parser files");
                return AttestApp.ExitInputError;
            }
            if (!CliInputs.FilesExist(env, files)) return AttestApp.ExitInputError;
            DependencyParser averaged;
            try
            {
                averaged = DependencyParser.Average(files.Select(DependencyParser.Load).ToList());
            }
            catch (ArgumentException e)
            {
                env.Error.WriteLine($"attest: {e.Message}");
                return AttestApp.ExitInputError;
            }
            var outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            var path = Path.Combine(outDir, PerceptronSyntaxAnalyzer.ParserFile);
            averaged.Save(path);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length / 1024.0 / 1024.0:F2} MB), the average of {files.Length} parsers"));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>attest train skip-templates</c>: chooses on dev treebanks the parser templates to leave out at inference
    /// (each costs hashing and a lookup in every scored state) and saves the parser with that choice. Every template
    /// is first left out alone; then, from the least harmful up, each is added to the skipped set when the UAS and
    /// LAS of the whole set stay within the tolerance of the full parser's (both directions) on every dev treebank.
    /// </summary>
    private static Command SkipTemplates(CliEnvironment env)
    {
        var models = new Option<string>("--models") { Description = "Directory with tagger.bin, lemmatizer.bin, parser.bin (and punct.bin when used).", Required = true };
        var output = new Option<string>("--out") { Description = "Output directory (parser.bin with the skipped templates; the other .bin files are copied).", Required = true };
        var treebanks = new Option<string[]>("--treebank") { Description = "Dev CoNLL-U file (gold tokens; repeatable): the tolerance holds on each.", Required = true, AllowMultipleArgumentsPerToken = false };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest change of UAS and of LAS (percentage points) the skipped set may cause on each dev treebank.", DefaultValueFactory = _ => 0.03 };
        var limit = new Option<int>("--max-skipped") { Description = "Stop after this many templates are skipped.", DefaultValueFactory = _ => TemplateMaskLimit };
        var given = new Option<int[]>("--skip") { Description = "Skip exactly these template ids (repeatable; no search): report the dev scores and save.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("skip-templates", "Choose on dev the parser templates to leave out at inference (faster parsing, dev scores within a tolerance).");
        command.Options.Add(models);
        command.Options.Add(output);
        command.Options.Add(treebanks);
        command.Options.Add(tolerance);
        command.Options.Add(limit);
        command.Options.Add(given);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(models)!;
            var outDir = parse.GetValue(output)!;
            var devFiles = parse.GetValue(treebanks)!;
            if (!CliInputs.FilesExist(env, devFiles.Append(Path.Combine(dir, PerceptronSyntaxAnalyzer.ParserFile)))) return AttestApp.ExitInputError;
            double tol = parse.GetValue(tolerance);
            int maxSkipped = parse.GetValue(limit);
            var full = PerceptronSyntaxAnalyzer.Load(dir);
            var parser = full.Parser!;
            var devs = devFiles.Select(f => ConlluReader.ReadFile(f).ToList()).ToList();
            SyntaxScores[] Score(IReadOnlyList<int> ids)
            {
                var analyzer = new PerceptronSyntaxAnalyzer(full.Tagger, full.Lemmatizer, parser.WithSkippedTemplates(ids), full.Punct);
                return devs.Select(d => SyntaxEvaluator.EvaluateGold(analyzer, d)).ToArray();
            }
            string Show(SyntaxScores[] s) => string.Join("; ", s.Select(x => string.Create(CultureInfo.InvariantCulture, $"UAS {x.Uas:F2} LAS {x.Las:F2}")));
            var start = parser.SkippedTemplates.ToList();
            var baseline = Score(start);
            env.Error.WriteLine($"full parser (skipping {start.Count}): {Show(baseline)}");
            var chosen = new List<int>(start);
            var last = baseline;
            if (parse.GetValue(given) is { Length: > 0 } fixedIds)
            {
                chosen = [.. start.Union(fixedIds)];
                last = Score(chosen);
            }
            else
            {
                var candidates = DependencyParser.TransitionTemplates(parser.FeatureSet).Concat(DependencyParser.AttachTemplates(parser.FeatureSet)).Except(start).ToList();
                var harm = new Dictionary<int, double>();
                foreach (int t in candidates)
                {
                    var s = Score([.. start, t]);
                    harm[t] = s.Zip(baseline).Max(p => Math.Max(p.Second.Uas - p.First.Uas, p.Second.Las - p.First.Las));
                    env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"template {t} alone: {Show(s)} (harm {harm[t]:F3})"));
                }
                foreach (int t in candidates.OrderBy(t => harm[t]).ThenBy(t => t))
                {
                    if (chosen.Count - start.Count >= maxSkipped) break;
                    var s = Score([.. chosen, t]);
                    bool ok = s.Zip(baseline).All(p => Math.Abs(p.First.Uas - p.Second.Uas) <= tol + 1e-9 && Math.Abs(p.First.Las - p.Second.Las) <= tol + 1e-9);
                    env.Error.WriteLine($"{(ok ? "skip" : "keep")} {t}: {Show(s)} with {chosen.Count + (ok ? 1 : 0)} skipped");
                    if (!ok) continue;
                    chosen.Add(t);
                    last = s;
                }
            }
            chosen.Sort();
            env.Error.WriteLine($"skipped templates ({chosen.Count}): {string.Join(' ', chosen)}");
            env.Error.WriteLine($"{Show(baseline)} -> {Show(last)}");
            Directory.CreateDirectory(outDir);
            foreach (var file in Directory.GetFiles(dir, "*.bin"))
                if (Path.GetFileName(file) != PerceptronSyntaxAnalyzer.ParserFile) File.Copy(file, Path.Combine(outDir, Path.GetFileName(file)), overwrite: true);
            parser.WithSkippedTemplates(chosen).Save(Path.Combine(outDir, PerceptronSyntaxAnalyzer.ParserFile));
            return 0;
        });
        return command;
    }

    private const int TemplateMaskLimit = 512;

    private static Command Sub(CliEnvironment env, string kind, string description, int defaultEpochs)
    {
        var train = new Option<string[]>("--train") { Description = "Training CoNLL-U file (repeatable). GUM whow/fiction documents are skipped.", Required = true, AllowMultipleArgumentsPerToken = false };
        var dev = new Option<string?>("--dev") { Description = "Development CoNLL-U file (scores logged per epoch)." };
        var output = new Option<string>("--out") { Description = "Output directory.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => defaultEpochs };
        var seed = new Option<int>("--seed") { Description = "Random seed (training is deterministic given it).", DefaultValueFactory = _ => 1 };
        var prune = new Option<float>("--prune") { Description = "Drop features whose largest weight is below this fraction of the model's largest weight.", DefaultValueFactory = _ => 0f };
        var featureSet = new Option<int>("--feature-set") { Description = $"Parser: feature templates (1 = original, 2 = + label sets and UPOS/cluster combinations, 3 = + punctuation and verbs in between, 4 = set 2 + embedding clusters (needs --embedding-clusters), 5 = a cheaper subset of 4's embedding templates; 1–{DependencyParser.LatestFeatureSet}).", DefaultValueFactory = _ => DependencyParser.DefaultFeatureSet };
        var lastEpoch = new Option<bool>("--last-epoch") { Description = "Parser: keep the last epoch instead of the one with the best dev LAS." };
        var minCount = new Option<int>("--min-count") { Description = "Parser: give weights only to features seen at least this often in the training oracle configurations (1 = all).", DefaultValueFactory = _ => 1 };
        var seedCount = new Option<int>("--seeds") { Description = "Parser: train this many perceptrons (seeds seed, seed+1, …) on the same prepared data and average their weights; parser.bin is rewritten after each.", DefaultValueFactory = _ => 1 };
        var noPostHoc = new Option<bool>("--no-post-hoc-labeller") { Description = "Parser: do not train the post-hoc labeller (the attach-time labels are the output)." };
        var embeddingClusters = new Option<string?>("--embedding-clusters") { Description = $"Parser: word<TAB>bits embedding-cluster table (from `attest train embeddings`) for feature sets {DependencyParser.EmbeddingFeatureSet}–{DependencyParser.LatestFeatureSet}; stored in parser.bin." };
        var dropTemplates = new Option<int[]>("--drop-template") { Description = "Parser: leave out these transition (100–299) or attach-labeller (400–499) template ids in training and inference (repeatable; stored in parser.bin as skipped templates).", AllowMultipleArgumentsPerToken = true };
        var taggerEmbeddings = new Option<string?>("--embedding-clusters") { Description = "Tagger: word<TAB>bits embedding-cluster table (from `attest train embeddings`); words the induced clusters leave out take their embedding cluster (stored in tagger.bin)." };
        var jackknifeEpochs = new Option<int>("--jackknife-tagger-epochs") { Description = "Parser: epochs of the taggers that tag the training sentences (each trained on the other folds).", DefaultValueFactory = _ => 6 };
        var jackknifeTwoPass = new Option<bool>("--jackknife-tagger-two-pass") { Description = "Parser: those taggers have a second pass, as `train tagger` trains (default: one pass)." };
        var jackknifeSeeds = new Option<int>("--jackknife-tagger-seeds") { Description = "Parser: those taggers average this many perceptrons per pass (as `train tagger --seeds`).", DefaultValueFactory = _ => 1 };
        var jackknifeEmbeddings = new Option<string?>("--jackknife-tagger-embedding-clusters") { Description = "Parser: those taggers use this embedding-cluster table (as `train tagger --embedding-clusters`)." };
        var command = new Command(kind, description);
        var taggerSeeds = new Option<int>("--seeds") { Description = "Tagger: train this many perceptrons per pass (shuffle seeds seed, seed+100, …) and average their weights.", DefaultValueFactory = _ => 1 };
        if (kind == "tagger")
        {
            command.Options.Add(taggerEmbeddings);
            command.Options.Add(taggerSeeds);
        }
        if (kind == "parser")
        {
            command.Options.Add(dropTemplates);
            command.Options.Add(embeddingClusters);
            command.Options.Add(featureSet);
            command.Options.Add(lastEpoch);
            command.Options.Add(minCount);
            command.Options.Add(seedCount);
            command.Options.Add(noPostHoc);
            command.Options.Add(jackknifeEpochs);
            command.Options.Add(jackknifeTwoPass);
            command.Options.Add(jackknifeSeeds);
            command.Options.Add(jackknifeEmbeddings);
        }
        command.Options.Add(prune);
        command.Options.Add(train);
        command.Options.Add(dev);
        command.Options.Add(output);
        command.Options.Add(epochs);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            var trainFiles = parse.GetValue(train) ?? [];
            var devFile = parse.GetValue(dev);
            var outDir = parse.GetValue(output)!;
            if (!CliInputs.FilesExist(env, trainFiles.Append(devFile))) return AttestApp.ExitInputError;
            Directory.CreateDirectory(outDir);
            var sw = Stopwatch.StartNew();
            var trainSet = ConlluReader.ReadTraining(trainFiles);
            var devSet = devFile is null ? null : ConlluReader.ReadFile(devFile).ToList();
            int n = parse.GetValue(epochs), s = parse.GetValue(seed);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train {kind}: {trainSet.Count} sentences, {n} epochs, seed {s}"));
            string path;
            switch (kind)
            {
                case "tagger":
                    path = Path.Combine(outDir, "tagger.bin");
                    var taggerEmb = parse.GetValue(taggerEmbeddings);
                    if (!CliInputs.FilesExist(env, [taggerEmb])) return AttestApp.ExitInputError;
                    int taggerSeedCount = parse.GetValue(taggerSeeds);
                    if (taggerSeedCount < 1)
                    {
                        env.Error.WriteLine("attest: --seeds must be at least 1");
                        return AttestApp.ExitInputError;
                    }
                    PosTaggerTrainer.Train(trainSet, devSet, n, s, env.Error, pruneBelow: parse.GetValue(prune),
                        embeddingClusters: taggerEmb is null ? null : Attest.Entities.Ner.EmbeddingClusterBuilder.ReadTsv(taggerEmb), seeds: taggerSeedCount).Save(path);
                    break;
                case "lemmatizer":
                    path = Path.Combine(outDir, "lemmatizer.bin");
                    LemmatizerTrainer.Train(trainSet, devSet, n, s, env.Error).Save(path);
                    break;
                default:
                    path = Path.Combine(outDir, "parser.bin");
                    var taggerPath = Path.Combine(outDir, "tagger.bin");
                    var tagger = File.Exists(taggerPath) ? PosTagger.Load(taggerPath) : null;
                    env.Error.WriteLine(tagger is null ? "parser: training on gold tags" : "parser: training on tags predicted by " + taggerPath);
                    int fs = parse.GetValue(featureSet);
                    if (fs < 1 || fs > DependencyParser.LatestFeatureSet)
                    {
                        env.Error.WriteLine($"attest: --feature-set must be 1–{DependencyParser.LatestFeatureSet}");
                        return AttestApp.ExitInputError;
                    }
                    int mc = parse.GetValue(minCount), sc = parse.GetValue(seedCount);
                    if (mc < 1 || sc < 1 || n < 1)
                    {
                        env.Error.WriteLine("attest: --min-count, --seeds and --epochs must be at least 1");
                        return AttestApp.ExitInputError;
                    }
                    var embFile = parse.GetValue(embeddingClusters);
                    if (DependencyParser.UsesEmbeddings(fs) != (embFile is not null))
                    {
                        env.Error.WriteLine($"attest: --embedding-clusters is required by, and only used with, --feature-set {DependencyParser.EmbeddingFeatureSet}–{DependencyParser.LatestFeatureSet}");
                        return AttestApp.ExitInputError;
                    }
                    if (!CliInputs.FilesExist(env, [embFile])) return AttestApp.ExitInputError;
                    var drop = parse.GetValue(dropTemplates) ?? [];
                    if (DependencyParser.UnknownTemplate(fs, drop) is int unknown)
                    {
                        env.Error.WriteLine($"attest: --drop-template {unknown}: feature set {fs} has no such transition or attach-labeller template");
                        return AttestApp.ExitInputError;
                    }
                    var embTable = embFile is null ? null : Attest.Entities.Ner.EmbeddingClusterBuilder.ReadTsv(embFile);
                    var parserPath = path;
                    var jkEmb = parse.GetValue(jackknifeEmbeddings);
                    if (!CliInputs.FilesExist(env, [jkEmb])) return AttestApp.ExitInputError;
                    var jk = new DependencyParserTrainer.JackknifeTagger(parse.GetValue(jackknifeEpochs), parse.GetValue(jackknifeTwoPass), parse.GetValue(jackknifeSeeds),
                        jkEmb is null ? null : Attest.Entities.Ner.EmbeddingClusterBuilder.ReadTsv(jkEmb));
                    if (jk.Epochs < 1 || jk.Seeds < 1)
                    {
                        env.Error.WriteLine("attest: --jackknife-tagger-epochs and --jackknife-tagger-seeds must be at least 1");
                        return AttestApp.ExitInputError;
                    }
                    DependencyParserTrainer.Train(trainSet, devSet, tagger, n, s, env.Error, parse.GetValue(prune), featureSet: fs, keepBestEpoch: !parse.GetValue(lastEpoch),
                        minCount: mc, seeds: sc, postHocLabeller: !parse.GetValue(noPostHoc), checkpoint: p => p.Save(parserPath), embeddingClusters: embTable, dropTemplates: drop,
                        jackknifeTagger: jk).Save(path);
                    break;
            }
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length / 1024.0 / 1024.0:F2} MB) in {sw.Elapsed.TotalSeconds:F0} s"));
            return 0;
        });
        return command;
    }
}
