using System.Diagnostics;
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
    public void Long_documents_stay_linear()
    {
        var analyzer = DictionaryEntityAnalyzer.CreateDefault();
        var small = TestSyntax.Build(string.Concat(Enumerable.Repeat(Paragraph, 20)));
        var large = TestSyntax.Build(string.Concat(Enumerable.Repeat(Paragraph, 200)));
        analyzer.Analyze(small, "2017-10-11");
        // the best of three runs of the small document against one of the ten times larger one: on the shared,
        // loaded machine (tests run in parallel, Debug build) absolute times say little, their ratio does
        var smallTime = TimeSpan.MaxValue;
        for (int k = 0; k < 3; k++)
        {
            var s = Stopwatch.StartNew();
            analyzer.Analyze(small, "2017-10-11");
            if (s.Elapsed < smallTime) smallTime = s.Elapsed;
        }
        var sw = Stopwatch.StartNew();
        var layer = analyzer.Analyze(large, "2017-10-11");
        sw.Stop();
        Assert.True(large.Tokens.TokenCount > 20000);
        Assert.True(layer.Mentions.Length > 2000);
        // linear: ten times the text, about ten times the time (25 allows for load); quadratic would be about 100
        Assert.True(sw.Elapsed < smallTime * 25 + TimeSpan.FromMilliseconds(200),
            $"{large.Tokens.TokenCount} tokens took {sw.ElapsedMilliseconds} ms, a tenth of them {smallTime.TotalMilliseconds:F0} ms");
        // generous absolute bound: about 25k tokens, with the trained recognizer (POS tagging included, Debug build)
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"{large.Tokens.TokenCount} tokens took {sw.ElapsedMilliseconds} ms");
    }
}
