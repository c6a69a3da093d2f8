using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Attest.Syntax;

namespace Attest.Cli.Commands;

/// <summary><c>attest train punct</c>: trains the punctuation re-attacher (punct.bin) that runs after the parser.</summary>
internal static class PunctCommand
{
    public static Command Train(CliEnvironment env)
    {
        var (train, output, epochs, seed, drop) = SecondStageArgs.CommonOptions.For(PerceptronSyntaxAnalyzer.PunctFile, defaultEpochs: 8);
        var dev = new Option<string?>("--dev") { Description = "Development CoNLL-U file: UAS/LAS before/after re-attachment logged per epoch; the epoch with the best dev UAS under the first --dev-models directory is kept." };
        var models = new Option<string[]>("--models") { Description = "Tagger/parser directory (repeatable: one copy of the trees per directory) whose trees --trees Predicted|Both uses (default: the embedded models, or none when --trees-file is given).", AllowMultipleArgumentsPerToken = false };
        var devModels = new Option<string[]>("--dev-models") { Description = "Tagger/parser directory (repeatable) whose dev trees are re-attached and scored (default: the embedded models).", AllowMultipleArgumentsPerToken = false };
        var trees = new Option<PunctTrees>("--trees") { Description = "Trees the ranker trains on: Gold, Predicted (by --models), Both, Noised (gold with --noise of the words moved).", DefaultValueFactory = _ => PunctTrees.Gold };
        var noise = new Option<double>("--noise") { Description = "Noised trees: fraction of non-punct words moved to another head.", DefaultValueFactory = _ => 0.1 };
        var choice = new Option<bool>("--parser-choice") { Description = "Give the ranker the 'the parser chose this head' feature (not with Gold trees)." };
        var treesFile = new Option<string[]>("--trees-file") { Description = "CoNLL-U file of predicted trees of the --train sentences in the same order (e.g. from `train jackknife`; repeatable: one copy per file), used as predicted trees; with it, --models adds trees only when given.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("punct", "Train the punctuation re-attacher (writes punct.bin).");
        foreach (var o in new Option[] { train, dev, output, models, devModels, trees, treesFile, noise, choice, epochs, seed, drop }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var trainFiles = parse.GetValue(train) ?? [];
            var devFile = parse.GetValue(dev);
            var devDirs = parse.GetValue(devModels) ?? [];
            var treeFiles = parse.GetValue(treesFile) ?? [];
            if (!CliInputs.FilesExist(env, trainFiles.Append(devFile).Concat(treeFiles))) return AttestApp.ExitInputError;
            var treeKind = parse.GetValue(trees);
            bool parserChoice = parse.GetValue(choice);
            if (treeFiles.Length > 0 && treeKind is PunctTrees.Gold or PunctTrees.Noised)
            {
                env.Error.WriteLine("attest: --trees-file needs --trees Predicted, Both or PredictedNoised");
                return AttestApp.ExitInputError;
            }
            if (parserChoice && treeKind == PunctTrees.Gold)
            {
                env.Error.WriteLine("attest: --parser-choice needs --trees Predicted, Both or Noised");
                return AttestApp.ExitInputError;
            }
            int n = parse.GetValue(epochs);
            double noiseRate = parse.GetValue(noise);
            if (n < 1 || noiseRate < 0 || noiseRate > 1)
            {
                env.Error.WriteLine("attest: --epochs must be at least 1 and --noise within 0–1");
                return AttestApp.ExitInputError;
            }
            if (!SecondStageArgs.TryLoad(env, parse.GetValue(models), treeFiles.Length == 0, a => a.WithPunct(null), out var analyzers)
                || !SecondStageArgs.TryLoad(env, devDirs, true, a => a.WithPunct(null), out var devAnalyzers))
                return AttestApp.ExitInputError;
            var outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            var sw = Stopwatch.StartNew();
            var trainSet = ConlluReader.ReadTraining(trainFiles);
            var devSet = devFile is null ? null : ConlluReader.ReadFile(devFile).ToList();
            int s = parse.GetValue(seed);
            if (!SecondStageArgs.TryDropMask(env, parse.GetValue(drop), out ulong dropMask)) return AttestApp.ExitInputError;
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train punct: {trainSet.Count} sentences, {n} epochs, seed {s}"));
            PunctAttacher attacher;
            try
            {
                var treeSets = treeFiles.Select(f => (f, (IReadOnlyList<ConlluSentence>)ConlluReader.ReadFile(f).ToList())).ToList();
                attacher = PunctAttacherTrainer.Train(trainSet, analyzers, treeKind, parserChoice, devSet, devAnalyzers, n, s, env.Error, noiseRate, dropMask, treeSets);
            }
            catch (InvalidDataException e)
            {
                env.Error.WriteLine($"attest: {e.Message}");
                return AttestApp.ExitInputError;
            }
            var path = Path.Combine(outDir, PerceptronSyntaxAnalyzer.PunctFile);
            attacher.Save(path);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({attacher.FeatureCount} features, {new FileInfo(path).Length / 1024.0:F0} KB) in {sw.Elapsed.TotalSeconds:F0} s"));
            return 0;
        });
        return command;
    }
}
