using System.Text.Json.Nodes;
using Attest.Evaluation;

namespace Attest.Tests.Evaluation;

public class GoldScorerTests
{
    private const string Body = "Peru recalled its ambassador to Chile on Monday, the foreign ministry said. "
        + "Chile's government rejected the accusation as baseless.";

    private static JsonNode Gold(string speaker, string contains, string stance) => JsonNode.Parse($$"""
        {"document": "t.txt", "date": "2020-05-20",
         "statements": [
           {"id": "g1", "speaker": {"name": "{{speaker}}", "code": "PER"}, "contains": "{{contains}}", "form": "indirect", "stance": "{{stance}}", "hedged": false},
           {"id": "g2", "speaker": {"name": "Chile's government", "code": "CHL"}, "contains": "the accusation", "form": "indirect", "stance": "deny", "hedged": false}],
         "events": [{"id": "e1", "source": "PER", "target": "CHL", "root": ["16"], "contains": "recalled its ambassador"}],
         "disputes": [{"claim": "g1", "denied_by_any_of": ["g2"]}]}
        """)!;

    [Fact]
    public void Perfect_output_scores_one_everywhere()
    {
        var score = GoldScorer.Score("t.txt", Gold("foreign ministry", "Peru recalled its ambassador", "assert"), PipelineFixture.Analyze(Body));
        Assert.Equal(1.0, score.AttributionRecall);
        Assert.Equal(1.0, score.StanceAccuracy);
        Assert.Equal(1.0, score.EventRecall);
        Assert.Equal(1.0, score.DisputeRecall);
        Assert.DoesNotContain(score.Problems, p => !p.StartsWith("extra", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_stance_and_missing_statement_are_reported()
    {
        var score = GoldScorer.Score("t.txt", Gold("foreign ministry", "Peru recalled its ambassador", "deny"), PipelineFixture.Analyze(Body));
        Assert.Equal(0.5, score.StanceAccuracy!.Value, 3); // g1 wrong, g2 right
        Assert.Contains(score.Problems, p => p.StartsWith("g1 stance: want deny got assert", StringComparison.Ordinal));

        var missing = GoldScorer.Score("t.txt", Gold("foreign ministry", "a sentence nobody wrote", "assert"), PipelineFixture.Analyze(Body));
        Assert.Equal(0.5, missing.AttributionRecall);
        Assert.Contains(missing.Problems, p => p.StartsWith("statement missed: g1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\u201cNo,\u201d he said \u2014 twice\u2026", "\"no,\" he said - twice...")]
    [InlineData("  Several   spaces\n here ", "several spaces here")]
    public void Normalizes_like_the_reference_scorer(string input, string expected) => Assert.Equal(expected, GoldScorer.Normalize(input));
}
