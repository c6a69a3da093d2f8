using Attest.Syntax;
using Attest.Text;

namespace Attest.Tests.Syntax;

/// <summary>Readings the tagger rules out whatever its weights say.</summary>
public class TaggerConstraintTests
{
    [Theory]
    [InlineData("Ankara rejected Athens ' claim that its jets had violated Greek airspace .", "claim")]
    [InlineData("Nairobi welcomed Kampala 's offer to mediate between the parties .", "offer")]
    [InlineData("The ministers ' visit ended a day early .", "visit")]
    [InlineData("Lima dismissed Quito 's protest over the detained fishermen .", "protest")]
    public void A_word_after_a_possessive_ending_is_no_finite_verb(string sentence, string possessed)
    {
        var tagger = PerceptronSyntaxAnalyzer.LoadDefault().Tagger;
        var forms = sentence.Split(' ');
        var tags = new int[forms.Length];
        tagger.Tag(tagger.Prepare(forms), tags, constrain: true);
        int i = Array.IndexOf(forms, possessed);
        Assert.Equal("POS", tagger.Xpos[tags[i - 1]]);
        Assert.Equal(UPos.NOUN, tagger.Upos[tags[i]]);
    }

    [Fact]
    public void The_analyzer_applies_the_constraint_and_training_paths_do_not()
    {
        var analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
        var forms = "Ankara rejected Athens ' claim that its jets had violated Greek airspace .".Split(' ');
        var raw = new int[forms.Length];
        analyzer.Tagger.Tag(analyzer.Tagger.Prepare(forms), raw);
        var layer = analyzer.Analyze(WhitespaceTokenizer.Instance.Tokenize(string.Join(' ', forms)));
        Assert.Equal(UPos.NOUN, layer.Upos[4]);
        // the committed tagger's weights alone read "claim" as a verb: without that this test shows nothing
        Assert.Equal(UPos.VERB, analyzer.Tagger.Upos[raw[4]]);
    }
}
