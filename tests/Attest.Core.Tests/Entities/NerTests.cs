using System.Text.Json;
using Attest.Entities;
using Attest.Entities.Ner;
using Attest.Syntax;
using Attest.Tests.Syntax;

namespace Attest.Tests.Entities;

public class NerTests
{
    private const string Iob2 = """
        # sent_id = a-1
        # text = Ban Ki-moon visited Paris .
        1	Ban	B-PER	-	x
        2	Ki-moon	I-PER	-	x
        3	visited	O
        4	Paris	B-LOC	-	x
        5	.	O

        # sent_id = a-2
        1	Google	B-ORG	-	x
        2	's	O
        3	American	B-OTH	-	x
        4	staff	O

        """;

    [Fact]
    public void Reader_reads_iob2_words_labels_and_sentence_ids()
    {
        var s = NerReader.Read(new StringReader(Iob2));
        Assert.Equal(2, s.Count);
        Assert.Equal(["Ban", "Ki-moon", "visited", "Paris", "."], s[0].Forms);
        Assert.Equal(["B-PER", "I-PER", "O", "B-LOC", "O"], s[0].Labels);
        Assert.Equal("a-1", s[0].Id);
        Assert.Equal("B-OTH", s[1].Labels[2]);
    }

    [Fact]
    public void Reader_takes_conllu_labels_from_misc()
    {
        var text = "1\tParis\tParis\tPROPN\tNNP\t_\t0\troot\t_\tNER=B-LOC|SpaceAfter=No\n2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
        var s = Assert.Single(NerReader.Read(new StringReader(text)));
        Assert.Equal(["B-LOC", "O"], s.Labels);
    }

    [Fact]
    public void Spans_follow_bio_and_a_stray_inside_label_starts_a_span()
    {
        Assert.Equal([(0, 2, "PER"), (3, 4, "LOC")], NerEvaluator.Spans(["B-PER", "I-PER", "O", "B-LOC"]));
        Assert.Equal([(0, 1, "ORG"), (1, 2, "LOC")], NerEvaluator.Spans(["I-ORG", "I-LOC"]));
        Assert.Equal([(0, 1, "PER"), (1, 2, "PER")], NerEvaluator.Spans(["B-PER", "B-PER"]));
    }

    [Fact]
    public void Evaluation_is_exact_span_micro_over_per_org_loc_and_ignores_oth()
    {
        var gold = NerReader.Read(new StringReader(Iob2));
        string[][] pred = [["B-PER", "O", "O", "B-LOC", "O"], ["B-ORG", "O", "O", "O"]];
        var scores = NerEvaluator.Evaluate(gold, pred);
        Assert.Equal(3, scores.Micro.Gold);
        Assert.Equal(3, scores.Micro.Predicted);
        Assert.Equal(2, scores.Micro.Correct);
        Assert.Equal(0, scores.Types["PER"].Correct);
        Assert.Equal(100, scores.Types["LOC"].F1, 6);
    }

    [Fact]
    public void Bio_constraint_forbids_inside_labels_without_their_begin()
    {
        // labels: 0 O, 1 B-PER, 2 I-PER, 3 B-ORG, 4 I-ORG
        Assert.False(NerTagger.Allowed(-1, 2));
        Assert.False(NerTagger.Allowed(0, 2));
        Assert.False(NerTagger.Allowed(3, 2));
        Assert.True(NerTagger.Allowed(1, 2));
        Assert.True(NerTagger.Allowed(2, 2));
        Assert.True(NerTagger.Allowed(2, 3));
    }

    [Fact]
    public void Tiny_model_trains_saves_and_loads_with_the_same_output()
    {
        var data = NerReader.Read(new StringReader(Iob2));
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        var ner = NerTrainer.Train(data, null, tagger, ActorDictionary.LoadDefault(), 5, 1, TextWriter.Null);
        Assert.Equal(data[0].Labels, ner.Tag(data[0].Forms));
        var path = Path.Combine(Path.GetTempPath(), $"attest-ner-{Guid.NewGuid():N}.bin");
        try
        {
            ner.Save(path);
            var loaded = NerTagger.Load(path, tagger, ActorDictionary.LoadDefault());
            Assert.Equal(ner.Tag(data[1].Forms), loaded.Tag(data[1].Forms));
            Assert.Throws<InvalidDataException>(() => PosTagger.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void City_entries_are_place_evidence_only_for_models_trained_with_them()
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        string[] forms = ["Rockets", "hit", "Kharkiv", "and", "Mosul", "."];
        var text = NerTagger.SentenceText(forms);
        var words = new NerWord[forms.Length];
        // a model trained before the city entries: cities keep the catch-all dictionary bit, no phrase-gazetteer bit
        var old = new NerTagger(NerTagger.DefaultTypes, [], NerTrainer.Train(NerReader.Read(new StringReader(Iob2)), null, tagger, ActorDictionary.LoadDefault(), 1, 1, TextWriter.Null).Model,
            tagger, ActorDictionary.LoadDefault(), [], [], cityPlaces: false);
        old.Prepare(text, 0, forms.Length, words);
        Assert.Equal(128, words[2].Gaz);
        Assert.Equal(0, words[2].Phrase);
        // a newly trained model: cities are places in both, and the flag survives saving
        var ner = NerTrainer.Train(NerReader.Read(new StringReader(Iob2)), null, tagger, ActorDictionary.LoadDefault(), 2, 1, TextWriter.Null);
        Assert.True(ner.CityPlaces);
        var path = Path.Combine(Path.GetTempPath(), $"attest-ner-{Guid.NewGuid():N}.bin");
        try
        {
            ner.Save(path);
            var loaded = NerTagger.Load(path, tagger, ActorDictionary.LoadDefault());
            Assert.True(loaded.CityPlaces);
            loaded.Prepare(text, 0, forms.Length, words);
            foreach (int i in new[] { 2, 4 })
            {
                Assert.Equal(1, words[i].Gaz);
                Assert.Equal(1 << 4, words[i].Phrase & 0xff0);
            }
            Assert.Equal(0, words[1].Gaz);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_features_come_from_the_parse_survive_saving_and_match_a_given_syntax_layer()
    {
        var analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
        var tagger = analyzer.Tagger;
        var data = NerReader.Read(new StringReader(Iob2));
        // without the option: no parse inputs, flag off
        var plain = NerTrainer.Train(data, null, tagger, ActorDictionary.LoadDefault(), 2, 1, TextWriter.Null);
        Assert.False(plain.ParseFeatures);
        string[] forms = ["Engineers", "from", "Vestmark", "Holdings", "joined", "the", "talks", "at", "Harvard", "."];
        var text = NerTagger.SentenceText(forms);
        var words = new NerWord[forms.Length];
        plain.Prepare(text, 0, forms.Length, words, parse: analyzer.Analyze(text));
        Assert.All(words, w => Assert.Equal(0UL, w.DepRel | w.RunDep | w.RunCase));
        var ner = NerTrainer.Train(data, null, tagger, ActorDictionary.LoadDefault(), 5, 1, TextWriter.Null, parser: analyzer);
        Assert.True(ner.ParseFeatures);
        Assert.Equal(data[0].Labels, ner.Tag(data[0].Forms));
        var parse = analyzer.Analyze(text);
        ner.Prepare(text, 0, forms.Length, words, parse: parse);
        Assert.All(words, w => Assert.NotEqual(0UL, w.DepRel));
        // both words of "Vestmark Holdings" share the run head's relation; "Harvard" has its own, with its case word
        Assert.Equal(words[2].RunDep, words[3].RunDep);
        Assert.NotEqual(0UL, words[8].RunCase);
        Assert.Equal(0UL, words[6].RunDep);
        // a different head of the run changes its run feature
        var other = NerTagger.SentenceText(["Engineers", "from", "Vestmark", "Holdings", "left", "the", "talks", "."]);
        var otherWords = new NerWord[8];
        ner.Prepare(other, 0, 8, otherWords, parse: analyzer.Analyze(other));
        Assert.NotEqual(words[8].RunDep, otherWords[2].RunDep);
        var path = Path.Combine(Path.GetTempPath(), $"attest-ner-{Guid.NewGuid():N}.bin");
        try
        {
            ner.Save(path);
            var loaded = NerTagger.Load(path, tagger, ActorDictionary.LoadDefault());
            Assert.True(loaded.ParseFeatures);
            Assert.True(loaded.CityPlaces);
            Assert.Equal(ner.Tag(data[1].Forms), loaded.Tag(data[1].Forms));
            // the entity stage's parsed syntax layer gives the same spans as parsing inside the recognizer
            var doc = Attest.Text.NewsTokenizer.Default.Tokenize("Marta Kowalczyk joined Norlandia Freight in Oslo. She met officials from Siemens at Harvard.");
            Assert.Equal(loaded.Spans(doc), loaded.Spans(doc, analyzer.Analyze(doc)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Seed_averaged_training_learns_the_data_and_averaging_a_model_with_itself_keeps_its_weights()
    {
        var data = NerReader.Read(new StringReader(Iob2));
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        var three = NerTrainer.Train(data, null, tagger, ActorDictionary.LoadDefault(), 5, 1, TextWriter.Null, seeds: 3);
        Assert.Equal(data[0].Labels, three.Tag(data[0].Forms));
        var m = NerTrainer.Train(data, null, tagger, ActorDictionary.LoadDefault(), 5, 2, TextWriter.Null).Model;
        var same = LinearModel.Average([m, m]);
        Assert.Equal(m.FeatureCount, same.FeatureCount);
        var rowOf = same.Keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        for (int r = 0; r < m.FeatureCount; r++)
            for (int c = 0; c < m.Classes; c++)
                Assert.Equal(m.Weight(r, c) * m.Scale, same.Weight(rowOf[m.Keys[r]], c) * same.Scale, 3);
        Assert.Throws<ArgumentException>(() => LinearModel.Average([]));
    }

    [Fact]
    public void Spans_reuse_the_tags_of_a_tagged_syntax_layer()
    {
        var ner = NerTagger.LoadDefault();
        var text = Attest.Text.NewsTokenizer.Default.Tokenize("Marta Kowalczyk, who runs Norlandia Freight in Oslo, met officials from Siemens on Tuesday.");
        var syntax = PerceptronSyntaxAnalyzer.LoadDefault().Analyze(text);
        Assert.Equal(ner.Spans(text), ner.Spans(text, syntax));
    }

    [Fact]
    public void Embedded_model_finds_people_places_and_organisations()
    {
        var ner = NerTagger.LoadDefault();
        Assert.Same(ner, NerTagger.LoadDefault());
        var labels = ner.Tag(["Barack", "Obama", "met", "the", "president", "of", "France", "in", "Paris", "."]);
        Assert.Equal("B-PER", labels[0]);
        Assert.Equal("I-PER", labels[1]);
        Assert.Equal("B-LOC", labels[6]);
        Assert.Equal("B-LOC", labels[8]);
        var text = WhitespaceTokenizer.Instance.Tokenize("John Smith works for Microsoft in Seattle .");
        var spans = ner.Spans(text);
        Assert.Contains((0, 2, "PER"), spans);
    }

    [SkippableFact]
    public void Committed_model_reaches_recorded_uner_test_score()
    {
        var path = SharedData.Require("corpora/uner-english-ewt/en_ewt-ud-test.iob2");
        var models = Path.Combine(SharedData.RepoRoot, "models");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "scores.json")));
        var recorded = doc.RootElement.GetProperty("uner_test");
        var ner = NerTagger.Load(Path.Combine(models, NerTagger.FileName), PerceptronSyntaxAnalyzer.LoadDefault().Tagger, ActorDictionary.LoadDefault());
        var gold = NerReader.ReadFile(path);
        var scores = NerTrainer.Evaluate(ner, gold);
        Assert.True(scores.Micro.F1 >= recorded.GetProperty("f1").GetDouble() - 0.3, $"UNER test F1 {scores.Micro.F1:F2} < recorded {recorded.GetProperty("f1")}");
        foreach (var (key, type) in new[] { ("per", "PER"), ("org", "ORG"), ("loc", "LOC") })
            Assert.True(scores.Types[type].F1 >= recorded.GetProperty(key).GetDouble() - 0.3, $"{type} F1 {scores.Types[type].F1:F2} < recorded {recorded.GetProperty(key)}");
    }
}
