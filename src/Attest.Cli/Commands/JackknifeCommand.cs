using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Attest.Syntax;

namespace Attest.Cli.Commands;

/// <summary><c>attest train jackknife</c>: jackknifed parser trees (and tags) of the training sentences, for the second stages.</summary>
internal static class JackknifeCommand
{
    public static Command Create(CliEnvironment env)
    {
        var train = new Option<string[]>("--train") { Description = "Training CoNLL-U file (repeatable). GUM whow/fiction documents are skipped.", Required = true, AllowMultipleArgumentsPerToken = false };
        var dev = new Option<string?>("--dev") { Description = "Development CoNLL-U file (fold parsers' dev scores logged per epoch; needed by --best-dev-epoch)." };
        var output = new Option<string>("--out") { Description = "Output CoNLL-U file: every usable training sentence in input order, predicted UPOS/XPOS/HEAD/DEPREL.", Required = true };
        var tagger = new Option<string>("--tagger") { Description = "Directory whose tagger.bin supplies the word clusters of the parser features (and tags dev).", Required = true };
        var folds = new Option<int>("--folds") { Description = "Number of folds (sentence i in fold i mod K).", DefaultValueFactory = _ => 4 };
        var epochs = new Option<int>("--epochs") { Description = "Parser training epochs per fold.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Random seed (deterministic given it).", DefaultValueFactory = _ => 1 };
        var featureSet = new Option<int>("--feature-set") { Description = $"Parser feature templates (1–{DependencyParser.LatestFeatureSet}).", DefaultValueFactory = _ => 1 };
        var minCount = new Option<int>("--min-count") { Description = "Give weights only to features seen at least this often in the oracle configurations.", DefaultValueFactory = _ => 1 };
        var prune = new Option<float>("--prune") { Description = "Drop features whose largest weight is below this fraction of the model's largest weight.", DefaultValueFactory = _ => 0f };
        var emb = new Option<string?>("--embedding-clusters") { Description = $"word<TAB>bits embedding-cluster table for feature sets {DependencyParser.EmbeddingFeatureSet}–{DependencyParser.LatestFeatureSet}." };
        var best = new Option<bool>("--best-dev-epoch") { Description = "Keep each fold parser's epoch with the best dev LAS instead of its last epoch (needs --dev)." };
        var command = new Command("jackknife", "Parse every training sentence with a parser (and tag it with a tagger) trained on the other folds; writes CoNLL-U.");
        foreach (var o in new Option[] { train, dev, output, tagger, folds, epochs, seed, featureSet, minCount, prune, emb, best }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var trainFiles = parse.GetValue(train) ?? [];
            var devFile = parse.GetValue(dev);
            var embFile = parse.GetValue(emb);
            var taggerPath = Path.Combine(parse.GetValue(tagger)!, PerceptronSyntaxAnalyzer.TaggerFile);
            if (!CliInputs.FilesExist(env, trainFiles.Append(devFile).Append(embFile).Append(taggerPath))) return AttestApp.ExitInputError;
            if (parse.GetValue(best) && devFile is null)
            {
                env.Error.WriteLine("attest: --best-dev-epoch needs --dev");
                return AttestApp.ExitInputError;
            }
            var options = new JackknifeOptions
            {
                Folds = parse.GetValue(folds),
                Epochs = parse.GetValue(epochs),
                Seed = parse.GetValue(seed),
                FeatureSet = parse.GetValue(featureSet),
                MinCount = parse.GetValue(minCount),
                Prune = parse.GetValue(prune),
                KeepBestEpoch = parse.GetValue(best),
                EmbeddingClusters = embFile is null ? null : Attest.Entities.Ner.EmbeddingClusterBuilder.ReadTsv(embFile),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                env.Error.WriteLine($"attest: {e.Message}");
                return AttestApp.ExitInputError;
            }
            var sw = Stopwatch.StartNew();
            PosTagger taggerModel;
            try
            {
                taggerModel = PosTagger.Load(taggerPath);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                env.Error.WriteLine($"attest: cannot load {taggerPath}: {e.Message}");
                return AttestApp.ExitInputError;
            }
            var trainSet = ConlluReader.ReadTraining(trainFiles);
            var devSet = devFile is null ? null : ConlluReader.ReadFile(devFile).ToList();
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"train jackknife: {trainSet.Count} sentences, {options.Folds} folds, feature set {options.FeatureSet}, {options.Epochs} epochs, seed {options.Seed}"));
            var trees = ParserJackknife.Run(trainSet, devSet, taggerModel, options, env.Error);
            var outPath = parse.GetValue(output)!;
            var outDir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (outDir is not null) Directory.CreateDirectory(outDir);
            var tmp = outPath + ".tmp";
            using (var writer = new StreamWriter(tmp, false, new System.Text.UTF8Encoding(false)))
                foreach (var s in trees) ConlluWriter.Write(writer, s);
            File.Move(tmp, outPath, overwrite: true);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {outPath} ({trees.Count} sentences) in {sw.Elapsed.TotalSeconds:F0} s"));
            return 0;
        });
        return command;
    }
}
