using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Attest.Syntax;

namespace Attest.Cli.Commands;

/// <summary><c>attest train revise</c>: trains the head reviser (revise.bin) that runs after the parser.</summary>
internal static class ReviseCommand
{
    public static Command Train(CliEnvironment env)
    {
        var (train, output, epochs, seed, drop) = SecondStageArgs.CommonOptions.For(PerceptronSyntaxAnalyzer.ReviserFile, defaultEpochs: 6);
        var dev = new Option<string?>("--dev") { Description = "Development CoNLL-U file: UAS/LAS (after the punctuation re-attacher of each --dev-models directory) logged per epoch and margin; the best dev UAS + LAS under the first --dev-models directory is kept." };
        var models = new Option<string[]>("--models") { Description = "Tagger/parser directory (repeatable: one copy of the trees per directory) whose parses of the training sentences are trained on (default: the embedded models; not used when only --trees-file is given).", AllowMultipleArgumentsPerToken = false };
        var treesFile = new Option<string[]>("--trees-file") { Description = "CoNLL-U file of predicted (e.g. jackknifed) trees of the --train sentences, same order (repeatable; checked by sent_id and word count).", AllowMultipleArgumentsPerToken = false };
        var predicted = new Option<bool>("--predicted") { Description = "With --trees-file: also train on the --models parses of the training sentences." };
        var devModels = new Option<string[]>("--dev-models") { Description = "Tagger/parser directory (repeatable) whose dev trees are revised and scored (default: the embedded models).", AllowMultipleArgumentsPerToken = false };
        var relations = new Option<string[]>("--relation") { Description = "Relation of the words that may move (repeatable; default: every attachment relation except punct and root).", AllowMultipleArgumentsPerToken = true };
        var margins = new Option<float[]>("--margin") { Description = "Margin(s) a new head must win by (repeatable; with --dev each is scored and the best kept).", AllowMultipleArgumentsPerToken = true };
        var prune = new Option<float>("--prune") { Description = "Leave out features whose averaged weight is at most this in magnitude (smaller, faster model)." };
        var root = new Option<bool>("--root") { Description = "Also learn root re-choice: the root or one of its predicate dependents becomes the root (with --dev, scored off and at each margin; the best kept)." };
        var guards = new Option<bool>("--guards") { Description = "Guards (stored in revise.bin): a subject (nsubj, nsubj:pass, csubj) moves only to a verb, auxiliary, adjective or word with a copula that has no subject yet; a noun hung from a noun by parataxis, dep or list with no punctuation between (a name split in two) does not move." };
        var maxRank = new Option<int>("--max-rank") { Description = "Score only the nearest N candidate heads on each side (and the current head); 0 = all (stored in revise.bin)." };
        var seeds = new Option<int>("--seeds") { Description = "Train this many rankers (seeds --seed, --seed + 1, …) and average their weights after every epoch.", DefaultValueFactory = _ => 1 };
        var command = new Command("revise", "Train the head reviser (writes revise.bin).");
        foreach (var o in new Option[] { train, dev, output, models, treesFile, predicted, devModels, relations, margins, epochs, seed, drop, prune, root, guards, maxRank, seeds }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var trainFiles = parse.GetValue(train) ?? [];
            var devFile = parse.GetValue(dev);
            var treeFiles = parse.GetValue(treesFile) ?? [];
            if (!CliInputs.FilesExist(env, trainFiles.Append(devFile).Concat(treeFiles))
                || !SecondStageArgs.TryDropMask(env, parse.GetValue(drop), out ulong dropMask))
                return AttestApp.ExitInputError;
            var rels = parse.GetValue(relations) is { Length: > 0 } r ? r : HeadReviser.DefaultRelations;
            var ms = parse.GetValue(margins) is { Length: > 0 } m ? m : [0f];
            var options = new HeadReviserTrainer.Options(rels, parse.GetValue(epochs), parse.GetValue(seed), dropMask, ms, parse.GetValue(prune), parse.GetValue(root), parse.GetValue(guards), parse.GetValue(maxRank), parse.GetValue(seeds));
            try { options.Validate(); }
            catch (ArgumentException e)
            {
                env.Error.WriteLine($"attest: {e.Message}");
                return AttestApp.ExitInputError;
            }
            if (!SecondStageArgs.TryLoad(env, parse.GetValue(models), true, a => a, out var analyzers)
                || !SecondStageArgs.TryLoad(env, parse.GetValue(devModels), true, a => a, out var devAnalyzers))
                return AttestApp.ExitInputError;
            var outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            var sw = Stopwatch.StartNew();
            var trainSet = ConlluReader.ReadTraining(trainFiles);
            var devSet = devFile is null ? null : ConlluReader.ReadFile(devFile).ToList();
            HeadReviser reviser;
            try
            {
                reviser = HeadReviserTrainer.Train(trainSet, treeFiles, treeFiles.Length == 0 || parse.GetValue(predicted), analyzers, devSet, devAnalyzers, options, env.Error);
            }
            catch (InvalidDataException e)
            {
                env.Error.WriteLine($"attest: {e.Message}");
                return AttestApp.ExitInputError;
            }
            var path = Path.Combine(outDir, PerceptronSyntaxAnalyzer.ReviserFile);
            reviser.Save(path);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({reviser.FeatureCount} features, margin {reviser.Margin:G3}, relabel {(reviser.RelabelMoves ? "on" : "off")}, root re-choice {(reviser.RootChoice ? "on" : "off")}, {new FileInfo(path).Length / 1024.0:F0} KB) in {sw.Elapsed.TotalSeconds:F0} s"));
            return 0;
        });
        return command;
    }
}
