using Attest.Entities;

namespace Attest.Tests.Entities;

public class EntitySpeedTests
{
    private const string Paragraph =
        "WARSAW (Reuters) - Poland ordered three Russian diplomats to leave on Tuesday, the Polish Foreign Ministry said. "
        + "Kremlin spokesman Piotr Valenko called the move hostile, and the ministry said it would respond. "
        + "A senior Polish security official, who asked not to be named, said the network had run since April. "
        + "U.S. officials and NATO officials said they were watching closely; Israeli troops were not involved. "
        + "Dr. Nina Halvorsen, director of the Oslo-based Center for Baltic Studies, said she doubted the charges. "
        + "The expulsions come three weeks after Russia and Belarus held drills near Poland's eastern border.\n";

    [Fact]
    public void Long_documents_are_analysed_whole()
    {
        // linearity is measured, not timed here: `attest bench pipeline` on this paragraph repeated 20 and 200 times
        // gives the same entity words/s (docs/benchmarks.md); this checks that a 25 000-token document comes back whole
        var analyzer = DictionaryEntityAnalyzer.CreateDefault();
        var large = TestSyntax.Build(string.Concat(Enumerable.Repeat(Paragraph, 200)));
        var layer = analyzer.Analyze(large, "2017-10-11");
        Assert.True(large.Tokens.TokenCount > 20000);
        // every paragraph's actors are found, to the last one
        Assert.Equal(200, layer.Mentions.Count(m => m.Text.EndsWith("Nina Halvorsen", StringComparison.Ordinal)));
        Assert.True(layer.Mentions.Length > 2000);
    }
}
