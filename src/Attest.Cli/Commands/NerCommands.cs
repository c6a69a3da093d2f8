using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Entities;
using Attest.Entities.Ner;
using Attest.Syntax;

namespace Attest.Cli.Commands;

/// <summary><c>attest train ner</c> and <c>attest eval ner</c>: the named-entity recognizer (IOB2 or CoNLL-U with NER= in MISC).</summary>
internal static class NerCommands
{
    public static Command Train(CliEnvironment env)
    {
        var train = new Option<string>("--train") { Description = "Training file (IOB2, or CoNLL-U with NER= in MISC).", Required = true };
        var dev = new Option<string?>("--dev") { Description = "Development file (scores logged per epoch)." };
        var output = new Option<string>("--out") { Description = "Output directory (writes ner.bin).", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Random seed (training is deterministic given it).", DefaultValueFactory = _ => 1 };
        var prune = new Option<float>("--prune") { Description = "Drop features whose largest weight is below this fraction of the model's largest weight.", DefaultValueFactory = _ => 0f };
        var noDict = new Option<bool>("--no-dictionary") { Description = "Do not use actor-dictionary features." };
        var auxData = new Option<string?>("--aux") { Description = "Other NER data (e.g. GUM converted by tools/gum2iob2.py): a recognizer trained on it first gives label features." };
        var command = new Command("ner", "Train the named-entity recognizer (writes ner.bin); POS tags come from the embedded tagger.");
        command.Options.Add(train);
        command.Options.Add(dev);
        command.Options.Add(output);
        command.Options.Add(epochs);
        command.Options.Add(seed);
        command.Options.Add(prune);
        command.Options.Add(noDict);
        command.Options.Add(auxData);
        var posTrain = new Option<string?>("--pos-train") { Description = "CoNLL-U file with gold POS for the same training sentences: training tags then come from 4-fold jackknifed taggers." };
        command.Options.Add(posTrain);
        var gazetteer = new Option<string?>("--gazetteer") { Description = "Name gazetteer from other corpora (TYPE<TAB>phrase lines, tools/build-ner-gazetteer.py): its matches are features." };
        command.Options.Add(gazetteer);
        var extraData = new Option<string?>("--extra") { Description = "Out-of-domain training data (e.g. GUM converted by tools/gum2iob2.py), trained with domain-specific feature copies." };
        command.Options.Add(extraData);
        var seedCount = new Option<int>("--seeds") { Description = "Train this many perceptrons (seeds seed, seed+1, …) on the same prepared data and average their weights.", DefaultValueFactory = _ => 1 };
        command.Options.Add(seedCount);
        var embeddingClusters = new Option<string?>("--embedding-clusters") { Description = "Word<TAB>bits table from `attest train embeddings`: its path prefixes are features, and the table is stored in ner.bin." };
        command.Options.Add(embeddingClusters);
        var embeddingVectors = new Option<string?>("--embedding-vectors") { Description = "Word vectors from `attest train embeddings --vectors-out`: each word's nearest capitalised training words give entity-type features (table stored in ner.bin)." };
        command.Options.Add(embeddingVectors);
        var neighbourCount = new Option<int>("--neighbours") { Description = "Nearest neighbours per word for --embedding-vectors.", DefaultValueFactory = _ => 10 };
        command.Options.Add(neighbourCount);
        var parseFeatures = new Option<bool>("--parse-features") { Description = "Dependency-parse features (relation, head lemma, the capitalised run head's relation, head and case word), from the shipped tagger and parser; recorded in ner.bin." };
        command.Options.Add(parseFeatures);
        var noWorldDictionaries = new Option<bool>("--no-world-dictionaries") { Description = "Leave the actor dictionary's world-knowledge files (places.actors, organisations.actors) out of the features, as models trained before them; recorded in ner.bin." };
        command.Options.Add(noWorldDictionaries);
        var noNameList = new Option<bool>("--no-name-list") { Description = "Leave the written given-name list (Resources/names/first-names.txt) out of the features; recorded in ner.bin." };
        command.Options.Add(noNameList);
        var trainBias = new Option<string?>("--bias") { Description = "Decision bias stored in ner.bin: comma-separated TYPE=x (B- and I- of the type), B-TYPE=x, I-TYPE=x or O=x offsets added to the label scores (choose them on dev with `eval ner --bias-sweep`)." };
        command.Options.Add(trainBias);
        var beamWidth = new Option<int>("--beam") { Description = "Train a structured perceptron with this beam (early update) and decode with it; 1 = greedy (recorded in ner.bin).", DefaultValueFactory = _ => 1 };
        command.Options.Add(beamWidth);
        command.SetAction(parse =>
        {
            var trainFile = parse.GetValue(train)!;
            var devFile = parse.GetValue(dev);
            var auxFile = parse.GetValue(auxData);
            var posFile = parse.GetValue(posTrain);
            var gazFile = parse.GetValue(gazetteer);
            var extraFile = parse.GetValue(extraData);
            var embFile = parse.GetValue(embeddingClusters);
            var vecFile = parse.GetValue(embeddingVectors);
            if (!CliInputs.FilesExist(env, [trainFile, devFile, auxFile, posFile, gazFile, extraFile, embFile, vecFile])) return AttestApp.ExitInputError;
            var outDir = parse.GetValue(output)!;
            Directory.CreateDirectory(outDir);
            var sw = Stopwatch.StartNew();
            var trainSet = NerReader.ReadFile(trainFile);
            var devSet = devFile is null ? null : NerReader.ReadFile(devFile);
            int n = parse.GetValue(epochs), s = parse.GetValue(seed);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train ner: {trainSet.Count} sentences, {n} epochs, seed {s}"));
            var dictionary = parse.GetValue(noDict) ? null : ActorDictionary.LoadDefault();
            var pos = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
            NerTagger? aux = null;
            if (auxFile is not null)
            {
                env.Error.WriteLine($"train ner: auxiliary recognizer on {auxFile}");
                aux = NerTrainer.Train(NerReader.ReadFile(auxFile), devSet, pos, dictionary, n, s, env.Error, parse.GetValue(prune));
            }
            var posSet = posFile is null ? null : ConlluReader.ReadFile(posFile).ToList();
            var gazSet = gazFile is null ? null : ReadGazetteer(gazFile);
            var tagger = NerTrainer.Train(trainSet, devSet, pos, dictionary, n, s, env.Error, parse.GetValue(prune), aux, posSet, gazetteer: gazSet,
                extra: extraFile is null ? null : NerReader.ReadFile(extraFile), seeds: Math.Max(1, parse.GetValue(seedCount)),
                embeddingClusters: embFile is null ? null : EmbeddingClusterBuilder.ReadTsv(embFile),
                embeddingVectors: vecFile is null ? null : EmbeddingClusterBuilder.ReadVectors(vecFile), neighbours: parse.GetValue(neighbourCount),
                parser: parse.GetValue(parseFeatures) ? PerceptronSyntaxAnalyzer.LoadDefault() : null,
                worldDictionaries: !parse.GetValue(noWorldDictionaries), nameList: !parse.GetValue(noNameList), beam: Math.Max(1, parse.GetValue(beamWidth)));
            if (parse.GetValue(trainBias) is { } biasSpec)
            {
                try { tagger = tagger.WithBias(tagger.ParseBias(biasSpec)); }
                catch (FormatException e)
                {
                    env.Error.WriteLine($"attest: {e.Message}");
                    return AttestApp.ExitInputError;
                }
                env.Error.WriteLine($"train ner: decision bias {biasSpec}");
            }
            var path = Path.Combine(outDir, NerTagger.FileName);
            tagger.Save(path);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({new FileInfo(path).Length / 1024.0 / 1024.0:F2} MB, {tagger.FeatureCount} features) in {sw.Elapsed.TotalSeconds:F0} s"));
            return 0;
        });
        return command;
    }

    private static List<(string Type, string Phrase)> ReadGazetteer(string path)
    {
        var result = new List<(string, string)>();
        int line = 0;
        foreach (var l in File.ReadLines(path))
        {
            line++;
            if (l.Length == 0 || l[0] == '#') continue;
            int tab = l.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0) throw new FormatException($"{path}:{line}: expected TYPE<TAB>phrase");
            result.Add((l[..tab], l[(tab + 1)..]));
        }
        return result;
    }

    public static Command Eval(CliEnvironment env)
    {
        var data = new Option<string>("--data") { Description = "Gold file (IOB2, or CoNLL-U with NER= in MISC).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var models = new Option<string?>("--models") { Description = "Directory holding ner.bin (default: the embedded model)." };
        var command = new Command("ner", "Score the named-entity recognizer: exact-span P/R/F1, micro over PER, ORG, LOC.");
        command.Options.Add(data);
        command.Options.Add(json);
        var dump = new Option<string?>("--predictions") { Description = "Also write word, gold and predicted label lines to this file." };
        command.Options.Add(models);
        command.Options.Add(dump);
        var everyWord = new Option<bool>("--score-every-word") { Description = "Score plain lower-case words too (the recognizer normally labels them O unscored)." };
        command.Options.Add(everyWord);
        var evalBias = new Option<string?>("--bias") { Description = "Decision bias replacing the model's: comma-separated TYPE=x, B-TYPE=x, I-TYPE=x or O=x offsets (\"\" or O=0 = none)." };
        command.Options.Add(evalBias);
        var sweep = new Option<string?>("--bias-sweep") { Description = "Score every combination of decision biases, e.g. \"ORG=0,1,2;PER=0,1\" (semicolon between labels, comma between values), one line each." };
        command.Options.Add(sweep);
        var evalBeam = new Option<int?>("--beam") { Description = "Decode with this beam width instead of the model's (1 = greedy)." };
        command.Options.Add(evalBeam);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(data)!;
            if (!CliInputs.FilesExist(env, [file])) return AttestApp.ExitInputError;
            NerTagger tagger;
            try
            {
                var dir = parse.GetValue(models);
                tagger = dir is null ? NerTagger.LoadDefault()
                    : NerTagger.Load(Path.Combine(dir, NerTagger.FileName), PerceptronSyntaxAnalyzer.LoadDefault().Tagger, ActorDictionary.LoadDefault());
            }
            catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException)
            {
                env.Error.WriteLine($"attest: cannot load the NER model: {e.Message}");
                return AttestApp.ExitInputError;
            }
            var sentences = NerReader.ReadFile(file);
            try
            {
                if (parse.GetValue(evalBias) is { } b) tagger = tagger.WithBias(tagger.ParseBias(b));
                if (parse.GetValue(evalBeam) is int width) tagger = tagger.WithBeam(Math.Clamp(width, 1, NerTagger.MaxBeam));
                if (parse.GetValue(sweep) is { } grid)
                {
                    foreach (var spec in SweepSpecs(grid))
                    {
                        var s = NerTrainer.Evaluate(tagger.WithBias(tagger.ParseBias(spec)), sentences);
                        env.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec}\t{s.Micro.F1:F2}\t{s.Micro.Precision:F2}\t{s.Micro.Recall:F2}\t")
                            + string.Join('\t', s.Types.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.F1:F2}"))));
                    }
                    return 0;
                }
            }
            catch (FormatException e)
            {
                env.Error.WriteLine($"attest: {e.Message}");
                return AttestApp.ExitInputError;
            }
            var sw = Stopwatch.StartNew();
            var predicted = NerTrainer.TagDocuments(tagger, sentences, parse.GetValue(everyWord));
            double seconds = sw.Elapsed.TotalSeconds;
            int words = sentences.Sum(s => s.Forms.Length);
            var scores = NerEvaluator.Evaluate(sentences, predicted);
            if (parse.GetValue(dump) is { } dumpPath)
            {
                var sb = new StringBuilder();
                for (int s = 0; s < sentences.Count; s++)
                {
                    for (int i = 0; i < sentences[s].Forms.Length; i++)
                        sb.Append(sentences[s].Forms[i]).Append('\t').Append(sentences[s].Labels[i]).Append('\t').Append(predicted[s][i]).Append('\n');
                    sb.Append('\n');
                }
                File.WriteAllText(dumpPath, sb.ToString());
            }
            if (parse.GetValue(json)) env.Out.WriteLine(Json(scores, words, words / Math.Max(seconds, 1e-9)));
            else
            {
                env.Out.WriteLine("micro " + scores.Micro);
                foreach (var (type, score) in scores.Types) env.Out.WriteLine(type + " " + score);
                env.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{words} words, {words / Math.Max(seconds, 1e-9):F0} words/s"));
            }
            return 0;
        });
        return command;
    }

    /// <summary>Every combination of "LABEL=v1,v2;LABEL=v1" as bias specs ("LABEL=v1,LABEL=v1", …).</summary>
    private static List<string> SweepSpecs(string grid)
    {
        var specs = new List<string> { "" };
        foreach (var part in grid.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new FormatException($"bias sweep item '{part}': expected LABEL=v1,v2,...");
            var values = part[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            specs = [.. specs.SelectMany(s => values.Select(v => (s.Length == 0 ? "" : s + ",") + part[..eq] + "=" + v))];
        }
        return specs;
    }

    private static string Json(NerScores s, int words, double wps)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            Write(w, s.Micro);
            w.WriteStartObject("types");
            foreach (var (type, score) in s.Types)
            {
                w.WriteStartObject(type);
                Write(w, score);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteNumber("words", words);
            w.WriteNumber("words_per_second", Math.Round(wps));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());

        static void Write(Utf8JsonWriter w, NerScore x)
        {
            w.WriteNumber("f1", Math.Round(x.F1, 2));
            w.WriteNumber("precision", Math.Round(x.Precision, 2));
            w.WriteNumber("recall", Math.Round(x.Recall, 2));
            w.WriteNumber("gold", x.Gold);
            w.WriteNumber("predicted", x.Predicted);
            w.WriteNumber("correct", x.Correct);
        }
    }
}
