using Attest.Disputes;
using Attest.Pipeline;
using Attest.Storage;
using Attest.Text;
using Xunit.Abstractions;

namespace Attest.Tests;

/// <summary>
/// The cross-document bar on the corpus in Fixtures/cross-document/test, written for it (real states and institutions,
/// fictional people): ten pairs in which one article carries a claim and another its denial (pNN-claim, pNN-denial),
/// ten pairs that must not be linked (nNN-a, nNN-b: same actors on another topic, same topic agreeing, same topic years
/// apart, both denying, other actors). All forty articles go through the real pipeline into one store and are linked
/// with the MiniLM encoder; every link that is not a pNN pair's is false. Thresholds were set on Fixtures/cross-document/dev.
/// </summary>
public sealed class CrossDocumentCorpusTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("attest-corpus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static string FixtureDir(string set) =>
        Path.Combine(SharedData.RepoRoot, "tests", "Attest.Storage.Tests", "Fixtures", "cross-document", set);

    private static AnalysisPipeline RequirePipeline()
    {
        try
        {
            return new AnalysisPipelineBuilder().Build();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            Skip.If(true, "the analysis pipeline cannot load in this build: " + ex.Message);
            throw;
        }
    }

    [SkippableFact]
    public void Test_pairs_meet_the_bar_eight_of_ten_linked_and_no_false_link()
    {
        var (linked, falseLinks) = LinkCorpus(FixtureDir("test"), 40);
        Assert.True(linked.Count >= 8, $"{linked.Count} of 10 pairs linked: {string.Join(", ", linked)}");
        Assert.True(falseLinks.Count == 0, "false links: " + string.Join("; ", falseLinks));
    }

    /// <summary>The development pairs the thresholds were set on (8 + 8): all linked, none false, at the shipped thresholds.</summary>
    [SkippableFact]
    public void Development_pairs_are_all_linked_without_a_false_link()
    {
        var (linked, falseLinks) = LinkCorpus(FixtureDir("dev"), 32);
        Assert.Equal(["p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08"], linked);
        Assert.True(falseLinks.Count == 0, "false links: " + string.Join("; ", falseLinks));
    }

    /// <summary>Ingests and links every article of <paramref name="dir"/>; returns the pairs linked and the false links.</summary>
    private (List<string> Linked, List<string> False) LinkCorpus(string dir, int articles)
    {
        var pipeline = RequirePipeline();
        var files = Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(articles, files.Count);
        var nameOf = new Dictionary<string, string>(StringComparer.Ordinal);
        using var store = AnalysisStore.OpenDuckDb(Path.Combine(_dir, "corpus.duckdb"));
        foreach (var file in files)
        {
            var document = DocumentReader.Enumerate([file], TextReader.Null).Single().Document!;
            var analysis = pipeline.Analyze(document, new AnalyzeOptions());
            nameOf[analysis.Document.Id] = Path.GetFileNameWithoutExtension(file);
            store.Store(analysis);
        }
        using var encoder = new MiniLmSentenceEncoder();
        var report = store.LinkDocuments(new CrossDocumentLinker(encoder));
        output.WriteLine($"{report.Documents} documents, {report.Candidates} candidates, {report.Links} links");

        var linked = new SortedSet<string>(StringComparer.Ordinal);
        var falseLinks = new List<string>();
        foreach (var d in store.QueryDisputes(new DisputeQuery { CrossDocument = true }))
        {
            var claim = nameOf[d.Claim.DocumentId];
            var denial = nameOf[d.Denial.DocumentId];
            var line = $"{claim}/{d.Claim.StatementId} <- {denial}/{d.Denial.StatementId}: {string.Join("; ", d.Matched)}";
            output.WriteLine(line);
            if (claim.EndsWith("-claim", StringComparison.Ordinal) && denial == claim[..3] + "-denial") linked.Add(claim[..3]);
            else falseLinks.Add(line);
        }
        return ([.. linked], falseLinks);
    }
}
