using System.Globalization;
using System.Text;
using Attest.Syntax;

namespace Attest.Tests.Syntax;

public class ParserJackknifeTests
{
    private static readonly string[] Subjects = ["Turkey", "Brazil", "Kenya", "Norway", "Chile", "Vietnam"];
    private static readonly (string Form, string Lemma, string Xpos)[] Verbs = [("rejected", "reject", "VBD"), ("signed", "sign", "VBD"), ("welcomed", "welcome", "VBD"), ("criticised", "criticise", "VBD")];
    private static readonly (string Form, string Lemma, string Xpos)[] Objects = [("deal", "deal", "NN"), ("sanctions", "sanction", "NNS"), ("report", "report", "NN"), ("proposal", "proposal", "NN"), ("talks", "talk", "NNS")];
    private static readonly string[] Places = ["Geneva", "Nairobi", "Oslo"];

    /// <summary>A toy treebank written for these tests: 24 sentences "Country verb the object [in City] [, Mira Kovac said] ."</summary>
    private static string ToyText(bool withUnheaded = false)
    {
        var sb = new StringBuilder();
        for (int k = 0; k < 24; k++)
        {
            var rows = new List<string>();
            void Row(string form, string lemma, string upos, string xpos, int head, string rel) =>
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{rows.Count + 1}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t_"));
            var verb = Verbs[k % Verbs.Length];
            var obj = Objects[k % Objects.Length];
            bool place = k % 3 != 0, said = k % 4 == 1;
            Row(Subjects[k % Subjects.Length], Subjects[k % Subjects.Length], "PROPN", "NNP", 2, "nsubj");
            Row(verb.Form, verb.Lemma, "VERB", verb.Xpos, said ? 8 + (place ? 2 : 0) : 0, said ? "ccomp" : "root");
            Row("the", "the", "DET", "DT", 4, "det");
            Row(obj.Form, obj.Lemma, "NOUN", obj.Xpos, 2, "obj");
            if (place)
            {
                Row("in", "in", "ADP", "IN", 6, "case");
                Row(Places[k % Places.Length], Places[k % Places.Length], "PROPN", "NNP", 2, "obl");
            }
            int root = 2;
            if (said)
            {
                int comma = rows.Count + 1;
                root = comma + 3;
                Row(",", ",", "PUNCT", ",", root, "punct");
                Row("Mira", "Mira", "PROPN", "NNP", root, "nsubj");
                Row("Kovac", "Kovac", "PROPN", "NNP", comma + 1, "flat");
                Row("said", "say", "VERB", "VBD", 0, "root");
            }
            Row(".", ".", "PUNCT", ".", root, "punct");
            sb.Append(CultureInfo.InvariantCulture, $"# sent_id = toy-{k + 1}\n");
            foreach (var r in rows) sb.Append(r).Append('\n');
            sb.Append('\n');
            if (withUnheaded && k == 5)
                sb.Append("# sent_id = toy-unheaded\n1\tPeru\tPeru\tPROPN\tNNP\t_\t_\t_\t_\t_\n2\tvoted\tvote\tVERB\tVBD\t_\t_\t_\t_\t_\n\n");
        }
        return sb.ToString();
    }

    internal static List<ConlluSentence> Toy(bool withUnheaded = false) => ConlluReader.Read(new StringReader(ToyText(withUnheaded))).ToList();

    private static string SentId(ConlluSentence s) => s.Comments.Single(c => c.StartsWith("# sent_id", StringComparison.Ordinal));

    private static PosTagger ToyTagger(List<ConlluSentence> toy) => PosTaggerTrainer.Train(toy, null, 2, 1, TextWriter.Null, twoPass: false);

    private static string Write(IEnumerable<ConlluSentence> sentences)
    {
        var w = new StringWriter();
        foreach (var s in sentences) ConlluWriter.Write(w, s);
        return w.ToString();
    }

    [Fact]
    public void Every_sentence_is_parsed_once_in_input_order_with_its_id_forms_and_lemmas()
    {
        var toy = Toy();
        var log = new StringWriter();
        var trees = ParserJackknife.Run(toy, null, ToyTagger(toy), new JackknifeOptions { Folds = 4, Epochs = 2 }, log);
        Assert.Equal(toy.Count, trees.Count);
        Assert.Equal(toy.Select(SentId), trees.Select(SentId));
        for (int s = 0; s < toy.Count; s++)
        {
            Assert.Equal(toy[s].Words.Select(w => (w.Form, w.Lemma, w.Misc)), trees[s].Words.Select(w => (w.Form, w.Lemma, w.Misc)));
            int n = trees[s].Count;
            Assert.All(trees[s].Words, w => Assert.InRange(w.Head, 0, n));
            Assert.Single(trees[s].Words, w => w.Head == 0);
            Assert.All(trees[s].Words, w => Assert.False(string.IsNullOrEmpty(w.Deprel) || w.Deprel == "_"));
            Assert.All(trees[s].Words, w => Assert.Equal("_", w.Feats));
        }
        // one parser per fold, each held-out sentence parsed by exactly one of them
        var text = log.ToString();
        for (int f = 1; f <= 4; f++) Assert.Contains($"fold {f}/4: parsed 6 held-out sentences", text, StringComparison.Ordinal);
        // the output is CoNLL-U that reads back as the same sentences
        var back = ConlluReader.Read(new StringReader(Write(trees))).ToList();
        Assert.Equal(Write(trees), Write(back));
    }

    [Fact]
    public void Output_is_deterministic_for_a_seed()
    {
        var toy = Toy();
        var tagger = ToyTagger(toy);
        var a = Write(ParserJackknife.Run(toy, null, tagger, new JackknifeOptions { Folds = 3, Epochs = 2, Seed = 7 }, TextWriter.Null));
        var b = Write(ParserJackknife.Run(toy, null, tagger, new JackknifeOptions { Folds = 3, Epochs = 2, Seed = 7 }, TextWriter.Null));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Sentences_without_heads_are_left_out()
    {
        var toy = Toy(withUnheaded: true);
        Assert.Equal(25, toy.Count);
        var trees = ParserJackknife.Run(toy, null, ToyTagger(Toy()), new JackknifeOptions { Folds = 4, Epochs = 1 }, TextWriter.Null);
        Assert.Equal(Toy().Select(SentId), trees.Select(SentId));
    }

    [Fact]
    public void Options_are_validated()
    {
        var toy = Toy();
        var tagger = ToyTagger(toy);
        Assert.Throws<ArgumentOutOfRangeException>(() => ParserJackknife.Run(toy, null, tagger, new JackknifeOptions { Folds = 1 }, TextWriter.Null));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParserJackknife.Run(toy, null, tagger, new JackknifeOptions { Epochs = 0 }, TextWriter.Null));
        Assert.Throws<ArgumentException>(() => ParserJackknife.Run(toy, null, tagger, new JackknifeOptions { FeatureSet = 4 }, TextWriter.Null));
        Assert.Throws<ArgumentException>(() => ParserJackknife.Run(toy, null, tagger, new JackknifeOptions { KeepBestEpoch = true }, TextWriter.Null));
        Assert.Throws<ArgumentException>(() => ParserJackknife.Run(toy.Take(3).ToList(), null, tagger, new JackknifeOptions { Folds = 4 }, TextWriter.Null));
    }

    [Fact]
    public void Trees_file_must_align_with_the_training_sentences()
    {
        var toy = Toy();
        var trees = ParserJackknife.Run(toy, null, ToyTagger(toy), new JackknifeOptions { Folds = 4, Epochs = 1 }, TextWriter.Null);
        var aligned = PunctAttacherTrainer.FromTrees(toy, trees, "jk.conllu");
        Assert.Equal(toy.Count, aligned.Count);
        for (int s = 0; s < toy.Count; s++)
        {
            Assert.Equal(trees[s].Words.Select(w => w.Head - 1), aligned[s].Heads);
            Assert.Equal(toy[s].Words.Select(w => w.Head - 1), aligned[s].Gold);
        }

        var e1 = Assert.Throws<InvalidDataException>(() => PunctAttacherTrainer.FromTrees(toy, trees.Skip(1).ToList(), "jk.conllu"));
        Assert.Contains("23 sentences", e1.Message, StringComparison.Ordinal);
        var swapped = trees.ToList();
        (swapped[3], swapped[4]) = (swapped[4], swapped[3]);
        var e2 = Assert.Throws<InvalidDataException>(() => PunctAttacherTrainer.FromTrees(toy, swapped, "jk.conllu"));
        Assert.Contains("sent_id 'toy-5'", e2.Message, StringComparison.Ordinal);
        // without ids, the word count (and then the forms) catch a shift
        var noIds = trees.Select(s => new ConlluSentence([], s.Words, s.Multiwords, s.DocumentId, s.NewDocument, s.NewParagraph)).ToList();
        int a = Enumerable.Range(0, toy.Count - 1).First(i => toy[i].Count != toy[i + 1].Count);
        (noIds[a], noIds[a + 1]) = (noIds[a + 1], noIds[a]);
        var e3 = Assert.Throws<InvalidDataException>(() => PunctAttacherTrainer.FromTrees(toy, noIds, "jk.conllu"));
        Assert.Contains("words", e3.Message, StringComparison.Ordinal);
        int b = Enumerable.Range(0, toy.Count - 1).First(i => toy[i].Count == toy[i + 1].Count && toy[i].Words[0].Form != toy[i + 1].Words[0].Form);
        var noIds2 = trees.Select(s => new ConlluSentence([], s.Words, s.Multiwords, s.DocumentId, s.NewDocument, s.NewParagraph)).ToList();
        (noIds2[b], noIds2[b + 1]) = (noIds2[b + 1], noIds2[b]);
        var e4 = Assert.Throws<InvalidDataException>(() => PunctAttacherTrainer.FromTrees(toy, noIds2, "jk.conllu"));
        Assert.Contains("word 1 is", e4.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Punct_ranker_trains_on_a_trees_file_alone_and_rejects_a_misaligned_one()
    {
        var toy = Toy();
        var trees = ParserJackknife.Run(toy, null, ToyTagger(toy), new JackknifeOptions { Folds = 4, Epochs = 1 }, TextWriter.Null);
        var log = new StringWriter();
        var attacher = PunctAttacherTrainer.Train(toy, [], PunctTrees.Predicted, parserChoice: true, null, [], 2, 1, log, treeFiles: [("jk.conllu", trees)]);
        Assert.NotNull(attacher);
        Assert.Contains($"punct: {toy.Count} trees (Predicted)", log.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => PunctAttacherTrainer.Train(toy, [], PunctTrees.Predicted, true, null, [], 2, 1, TextWriter.Null, treeFiles: [("jk.conllu", trees.Skip(1).ToList())]));
        Assert.Throws<ArgumentException>(() => PunctAttacherTrainer.Train(toy, [], PunctTrees.Gold, false, null, [], 2, 1, TextWriter.Null, treeFiles: [("jk.conllu", trees)]));
        Assert.Throws<ArgumentException>(() => PunctAttacherTrainer.Train(toy, [], PunctTrees.Predicted, true, null, [], 2, 1, TextWriter.Null));
    }

    [Fact]
    public void Jackknife_taggers_follow_their_settings_and_reject_bad_ones()
    {
        var toy = Toy();
        var tagger = ToyTagger(toy);
        var defaultLog = new StringWriter();
        var plain = DependencyParserTrainer.Train(toy, null, tagger, 2, 1, defaultLog, postHocLabeller: false);
        Assert.Contains("jackknife taggers: 6 epochs, one pass, 1 seed(s), no embedding clusters", defaultLog.ToString());
        var log = new StringWriter();
        var emb = toy.SelectMany(s => s.Words).Select(w => w.Form).Distinct(StringComparer.Ordinal).Select((w, i) => (w, 0b1_0000_0000 | i)).ToList();
        var strong = DependencyParserTrainer.Train(toy, null, tagger, 2, 1, log, postHocLabeller: false,
            jackknifeTagger: new DependencyParserTrainer.JackknifeTagger(3, TwoPass: true, Seeds: 2, EmbeddingClusters: emb));
        Assert.Contains("jackknife taggers: 3 epochs, two passes, 2 seed(s), with embedding clusters", log.ToString());
        Assert.Equal(4, log.ToString().Split('\n').Count(l => l.Contains("jackknife fold", StringComparison.Ordinal)));
        Assert.True(strong.Arcs.FeatureCount > 0 && plain.Arcs.FeatureCount > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => DependencyParserTrainer.Train(toy, null, tagger, 2, 1, TextWriter.Null,
            jackknifeTagger: new DependencyParserTrainer.JackknifeTagger(Seeds: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DependencyParserTrainer.Train(toy, null, tagger, 2, 1, TextWriter.Null,
            jackknifeTagger: new DependencyParserTrainer.JackknifeTagger(Epochs: 0)));
    }

    [Fact]
    public void Pretagged_words_must_cover_every_training_sentence()
    {
        var toy = Toy();
        var tagger = ToyTagger(toy);
        var words = toy.Select(s => DependencyParserTrainer.Tag(s, null, tagger.Clusters)).ToList();
        var parser = DependencyParserTrainer.Train(words, toy, null, tagger, 1, 1, TextWriter.Null, 0f, 1, 1, false, 1, 1, false, null, null);
        Assert.Equal(1, parser.FeatureSet);
        Assert.Throws<ArgumentException>(() => DependencyParserTrainer.Train(words.Skip(1).ToList(), toy, null, tagger, 1, 1, TextWriter.Null, 0f, 1, 1, false, 1, 1, false, null, null));
    }
}
