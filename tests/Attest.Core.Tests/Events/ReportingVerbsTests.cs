using System.Collections.Immutable;
using Attest.Attribution;
using Attest.Entities;
using Attest.Events;
using Attest.Model;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Tests.Events;

/// <summary>The event stage's one list of plain reporting verbs, read by lemma on tagged text and by inflected form
/// otherwise. Sentences written for these tests.</summary>
public class ReportingVerbsTests
{
    private static TokenView View(string text, bool tagged)
    {
        var tokens = NewsTokenizer.Default.Tokenize(text);
        var syntax = PerceptronSyntaxAnalyzer.LoadDefault().Analyze(tokens);
        if (!tagged)
        {
            int n = tokens.TokenCount;
            syntax = new SyntaxLayer(tokens, new UPos[n], new string[n], new string[n], Enumerable.Repeat(-1, n).ToArray(), Enumerable.Repeat("dep", n).ToArray());
        }
        var entities = new EntityLayer(ImmutableArray<EntityMention>.Empty, ImmutableArray<Actor>.Empty, ImmutableArray<ActorMention>.Empty, null);
        return new TokenView(syntax, entities);
    }

    private static int IndexOf(TokenView v, string word) => Array.IndexOf(v.Lower, word);

    [Theory]
    [InlineData("The ministry said on Monday that talks with Chile had stalled.", "said")]
    [InlineData("Officials in Ghana told reporters the border would reopen.", "told")]
    [InlineData("The agency claimed on Friday it had reached 40,000 families in Peru.", "claimed")]
    [InlineData("Norway's foreign minister is saying little about the deal.", "saying")]
    public void A_reporting_verb_is_found_tagged_and_untagged(string text, string verb)
    {
        foreach (bool tagged in new[] { true, false })
        {
            var v = View(text, tagged);
            Assert.True(ReportingVerbs.At(v, IndexOf(v, verb)), $"{verb} (tagged: {tagged})");
        }
    }

    [Theory]
    [InlineData("The state of Kerala announced new rules.", "state")]
    [InlineData("A report by the Kenyan police was published.", "report")]
    [InlineData("Brazil warned on Tuesday that it would retaliate.", "warned")]
    public void Nouns_and_other_cue_verbs_are_not_plain_reporting_verbs(string text, string word)
    {
        foreach (bool tagged in new[] { true, false })
        {
            var v = View(text, tagged);
            Assert.False(ReportingVerbs.At(v, IndexOf(v, word)), $"{word} (tagged: {tagged})");
        }
    }

    [Fact]
    public void Lemmas_cover_the_verbs_of_saying()
    {
        Assert.True(ReportingVerbs.IsLemma("say"));
        Assert.True(ReportingVerbs.IsLemma("claim"));
        Assert.False(ReportingVerbs.IsLemma("warn"));
        Assert.False(ReportingVerbs.IsLemma("said"));
    }
}
