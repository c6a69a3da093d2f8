using Attest.Entities;
using Attest.Entities.Ner;
using Attest.Syntax;

namespace Attest.Tests.Entities;

/// <summary>Decision bias and beam decoding of the named-entity recognizer.</summary>
public class NerDecodingTests
{
    private const string Iob2 = """
        # sent_id = d-1
        1	Halvard	B-PER	-	x
        2	Strand	I-PER	-	x
        3	joined	O
        4	Norsk	B-ORG	-	x
        5	Hydro	I-ORG	-	x
        6	in	O
        7	Bergen	B-LOC	-	x
        8	.	O

        # sent_id = d-2
        1	The	O
        2	World	B-ORG	-	x
        3	Bank	I-ORG	-	x
        4	sent	O
        5	Ingrid	B-PER	-	x
        6	Lunde	I-PER	-	x
        7	to	O
        8	Kenya	B-LOC	-	x
        9	.	O

        # sent_id = d-3
        1	Officials	O
        2	in	O
        3	Nairobi	B-LOC	-	x
        4	met	O
        5	Oxfam	B-ORG	-	x
        6	staff	O
        7	on	O
        8	Monday	O
        9	.	O

        """;

    private static readonly string[][] Probes =
    [
        ["Sigrun", "Dahl", "left", "Statoil", "for", "a", "post", "in", "Oslo", "."],
        ["The", "Red", "Cross", "and", "UNICEF", "helped", "families", "near", "Mombasa", "on", "Friday", "."],
        ["Talks", "between", "Chile", "and", "Peru", "ended", "without", "a", "deal", "."],
    ];

    private static (List<NerSentence> Data, NerTagger Ner) Tiny(int beam = 1, int epochs = 5)
    {
        var data = NerReader.Read(new StringReader(Iob2));
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        return (data, NerTrainer.Train(data, null, tagger, ActorDictionary.LoadDefault(), epochs, 1, TextWriter.Null, beam: beam));
    }

    private static void AssertValidBio(string[] labels)
    {
        for (int i = 0; i < labels.Length; i++)
            if (labels[i].StartsWith("I-", StringComparison.Ordinal))
                Assert.True(i > 0 && labels[i - 1].Length > 2 && labels[i - 1][2..] == labels[i][2..], $"{labels[i]} at {i} after {(i > 0 ? labels[i - 1] : "start")}");
    }

    [Fact]
    public void Zero_bias_is_the_unbiased_decoder_and_bias_values_parse_by_type_or_label()
    {
        var (_, ner) = Tiny();
        var zero = ner.WithBias(new float[ner.Labels.Count]);
        Assert.All(zero.Bias, x => Assert.Equal(0f, x));
        foreach (var p in Probes) Assert.Equal(ner.Tag(p), zero.Tag(p));
        var b = ner.ParseBias("ORG=1.5, B-PER=-2,O=0.25");
        Assert.Equal(ner.Labels.Count, b.Length);
        Assert.Equal(0.25f, b[0]);
        Assert.Equal(-2f, b[ner.Labels.ToList().IndexOf("B-PER")]);
        Assert.Equal(0f, b[ner.Labels.ToList().IndexOf("I-PER")]);
        Assert.Equal(1.5f, b[ner.Labels.ToList().IndexOf("B-ORG")]);
        Assert.Equal(1.5f, b[ner.Labels.ToList().IndexOf("I-ORG")]);
        Assert.Throws<FormatException>(() => ner.ParseBias("GPE=1"));
        Assert.Throws<FormatException>(() => ner.ParseBias("ORG"));
        Assert.Throws<ArgumentException>(() => ner.WithBias([1f, 2f]));
        Assert.Throws<ArgumentException>(() => ner.WithBias(ner.ParseBias("ORG=1").Select(x => x == 0 ? float.NaN : x).ToArray()));
    }

    [Fact]
    public void A_large_bias_moves_scored_words_to_the_favoured_type_and_labels_stay_valid_bio()
    {
        var (_, ner) = Tiny();
        var toOrg = ner.WithBias(ner.ParseBias("B-ORG=1000000,I-ORG=1000000"));
        var toO = ner.WithBias(ner.ParseBias("O=1000000"));
        foreach (var p in Probes)
        {
            var labels = toOrg.Tag(p);
            AssertValidBio(labels);
            AssertValidBio(ner.Tag(p));
            // every capitalised word is scored (not a plain word), so the bias decides it
            for (int i = 0; i < p.Length; i++)
                if (char.IsUpper(p[i][0])) Assert.EndsWith("-ORG", labels[i]);
            Assert.All(toO.Tag(p), l => Assert.Equal("O", l));
        }
    }

    [Fact]
    public void Beam_of_one_is_the_greedy_decoder()
    {
        var (data, ner) = Tiny();
        var biased = ner.WithBias(ner.ParseBias("ORG=0.3,LOC=-0.2"));
        foreach (var forms in Probes.Concat(data.Select(d => d.Forms)))
        {
            Assert.Equal(ner.Tag(forms), ner.WithBeam(1).Tag(forms));
            var words = new NerWord[forms.Length];
            ner.Prepare(NerTagger.SentenceText(forms), 0, forms.Length, words);
            NerTagger.ApplyDocument(NerTagger.DocumentStats([forms]), words);
            foreach (bool skip in new[] { true, false })
            {
                var greedy = new int[forms.Length];
                var beam = new int[forms.Length];
                NerTagger.Decode(ner.Model, words, greedy, default, skip);
                Assert.Equal(forms.Length, NerBeam.Search(new ModelScorer(ner.Model), words, 1, default, skip, beam));
                Assert.Equal(greedy, beam);
                var offsets = NerTagger.ToOffsets(biased.Bias, ner.Model.Scale);
                NerTagger.Decode(ner.Model, words, greedy, offsets, skip);
                NerBeam.Search(new ModelScorer(ner.Model), words, 1, offsets.Select(o => (double)o).ToArray(), skip, beam);
                Assert.Equal(greedy, beam);
            }
        }
    }

    [Fact]
    public void A_wider_beam_finds_a_sequence_scoring_at_least_the_greedy_one_and_stays_valid_bio()
    {
        var (data, ner) = Tiny();
        foreach (var forms in Probes.Concat(data.Select(d => d.Forms)))
        {
            var words = new NerWord[forms.Length];
            ner.Prepare(NerTagger.SentenceText(forms), 0, forms.Length, words);
            var greedy = new int[forms.Length];
            var wide = new int[forms.Length];
            NerTagger.Decode(ner.Model, words, greedy, default, skipPlain: false);
            NerBeam.Search(new ModelScorer(ner.Model), words, 8, default, false, wide);
            Assert.True(SequenceScore(ner.Model, words, wide) >= SequenceScore(ner.Model, words, greedy));
            for (int i = 0; i < wide.Length; i++) Assert.True(NerTagger.Allowed(i > 0 ? wide[i - 1] : -1, wide[i]));
        }
    }

    [Fact]
    public void Label_features_are_exactly_the_features_that_change_with_the_label_history()
    {
        var (data, ner) = Tiny();
        var feats = new ulong[NerTagger.MaxFeatures];
        var labelFeats = new ulong[NerTagger.MaxFeatures];
        foreach (var forms in Probes.Concat(data.Select(d => d.Forms)))
        {
            var words = new NerWord[forms.Length];
            ner.Prepare(NerTagger.SentenceText(forms), 0, forms.Length, words);
            NerTagger.ApplyDocument(NerTagger.DocumentStats([forms]), words);
            for (int i = 0; i < words.Length; i++)
            {
                List<ulong>? common = null;
                foreach (var (p1, p2) in new[] { (-1, -1), (0, -1), (0, 0), (1, 0), (2, 1), (3, 4), (5, 0), (8, 7) })
                {
                    int n = NerTagger.Features(words, i, p1, p2, feats);
                    int m = NerTagger.LabelFeatures(words, i, p1, p2, labelFeats);
                    var rest = feats.Take(n).ToList();
                    foreach (var f in labelFeats.Take(m)) Assert.True(rest.Remove(f), "a label feature is not among the features");
                    rest.Sort();
                    if (common is null) common = rest;
                    else Assert.Equal(common, rest);
                }
            }
        }
    }

    private static long SequenceScore(LinearModel model, NerWord[] words, int[] labels)
    {
        Span<ulong> feats = stackalloc ulong[NerTagger.MaxFeatures];
        Span<int> scores = stackalloc int[model.Stride * 2];
        long total = 0;
        for (int i = 0; i < words.Length; i++)
        {
            int nf = NerTagger.Features(words, i, i > 0 ? labels[i - 1] : -1, i > 1 ? labels[i - 2] : -1, feats);
            scores.Clear();
            model.Score(feats[..nf], scores);
            total += scores[labels[i]];
        }
        return total;
    }

    [Fact]
    public void Beam_training_stops_where_gold_leaves_the_beam_and_learns_the_data()
    {
        // an untrained perceptron scores every label 0 and ties keep the lowest label: a beam of one holds only "O",
        // so the gold "B-PER" of the first word leaves it at once and the update covers that word
        var (data, _) = Tiny();
        // (early updates train less per epoch than greedy updates on every word; the tags the embedded tagger gives are
        // features, so the epochs leave room for a different tagger: 10 were one entity short with the 3-seed tagger)
        var (_, structured) = Tiny(beam: 4, epochs: 20);
        Assert.Equal(4, structured.Beam);
        // (training sentences see the phrase gazetteer of the other folds only, so tagging them again is not exact)
        double f1 = NerTrainer.Evaluate(structured, data).Micro.F1;
        Assert.True(f1 >= 90, $"structured model does not learn its training data (F1 {f1:F1})");
        foreach (var p in Probes) AssertValidBio(structured.Tag(p));
        var perceptron = new AveragedPerceptron(structured.Labels.Count);
        var words = new NerWord[data[0].Forms.Length];
        structured.Prepare(NerTagger.SentenceText(data[0].Forms), 0, words.Length, words);
        var gold = data[0].Labels.Select(l => structured.Labels.ToList().IndexOf(l)).ToArray();
        var best = new int[words.Length];
        Assert.Equal(1, NerBeam.Search(new PerceptronScorer(perceptron), words, 1, default, false, best, gold));
        Assert.Equal(0, best[0]);
        Assert.True(NerBeam.Update(perceptron, words, gold, best, 1, false));
        Assert.False(NerBeam.Update(perceptron, words, gold, gold, gold.Length, false));
    }

    [Fact]
    public void Bias_and_beam_survive_saving_and_files_without_them_decode_greedily_unbiased()
    {
        var (data, ner) = Tiny(beam: 3);
        var biased = ner.WithBias(ner.ParseBias("ORG=0.5,B-LOC=-0.25"));
        var path = Path.Combine(Path.GetTempPath(), $"attest-ner-{Guid.NewGuid():N}.bin");
        try
        {
            biased.Save(path);
            var loaded = NerTagger.Load(path, PerceptronSyntaxAnalyzer.LoadDefault().Tagger, ActorDictionary.LoadDefault());
            Assert.Equal(biased.Bias, loaded.Bias);
            Assert.Equal(3, loaded.Beam);
            foreach (var p in Probes.Concat(data.Select(d => d.Forms))) Assert.Equal(biased.Tag(p), loaded.Tag(p));
            var plain = ner.WithBeam(1).WithBias([]);
            plain.Save(path);
            loaded = NerTagger.Load(path, PerceptronSyntaxAnalyzer.LoadDefault().Tagger, ActorDictionary.LoadDefault());
            Assert.Empty(loaded.Bias);
            Assert.Equal(1, loaded.Beam);
            foreach (var p in Probes) Assert.Equal(plain.Tag(p), loaded.Tag(p));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
