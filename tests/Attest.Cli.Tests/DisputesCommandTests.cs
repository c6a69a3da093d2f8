using System.Text.Json;
using Attest.Cli;

namespace Attest.Tests;

/// <summary>
/// <c>attest ingest --link</c> over a few of the cross-document fixture articles, then <c>attest disputes</c>.
/// Uses the real pipeline and the MiniLM encoder; skipped while the shipped models are absent from the build.
/// </summary>
public sealed class DisputesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("attest-disputes-").FullName;
    private string Db => Path.Combine(_dir, "d.duckdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) =>
        Path.Combine(SharedData.RepoRoot, "tests", "Attest.Storage.Tests", "Fixtures", "cross-document", "test", name + ".txt");

    private static void RequirePipeline()
    {
        try
        {
            _ = PipelineHost.Pipeline;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            Skip.If(true, "the analysis pipeline cannot load in this build: " + ex.Message);
        }
    }

    [SkippableFact]
    public void Ingest_with_link_then_disputes_lists_the_claim_and_its_denial_from_two_articles()
    {
        RequirePipeline();
        // a claim and its denial, and an unrelated pair with the same actors (Pakistan) on another topic
        var files = new[] { "p04-claim", "p04-denial", "p01-claim", "n01-a", "n01-b" }.Select(Fixture).ToArray();

        var plain = CliRunner.Run(null, ["ingest", "--db", Db, .. files[..3]]);
        Assert.True(plain.ExitCode == 0, plain.Error);
        var before = CliRunner.Run(null, "disputes", "--db", Db, "--scope", "cross-document", "--format", "json");
        Assert.Equal(0, before.ExitCode);
        Assert.Equal("[]", before.Out.Trim());
        Assert.Contains("3 stored documents are not linked across documents yet", before.Error);

        var ingest = CliRunner.Run(null, ["ingest", "--db", Db, "--link", .. files]);
        Assert.True(ingest.ExitCode == 0, ingest.Error);
        Assert.Contains("linked 5 documents across the store", ingest.Out);
        Assert.Matches(@"[1-9][0-9]* new cross-document disputes?", ingest.Out);

        var r = CliRunner.Run(null, "disputes", "--db", Db, "--scope", "cross-document", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.DoesNotContain("not linked", r.Error);
        using var json = JsonDocument.Parse(r.Out);
        var links = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(links);
        // every link joins the claim article to its denial: the unrelated pair and the other claim stay unlinked
        foreach (var l in links)
        {
            Assert.Equal("cross-document", l.GetProperty("scope").GetString());
            Assert.EndsWith("p04-claim.txt", l.GetProperty("claim").GetProperty("document_source").GetString());
            Assert.EndsWith("p04-denial.txt", l.GetProperty("denial").GetProperty("document_source").GetString());
        }
        // the police's claim (s1) is answered by the president's rejection (s1)
        var link = Assert.Single(links, l => l.GetProperty("claim").GetProperty("statement_id").GetString() == "s1"
            && l.GetProperty("denial").GetProperty("statement_id").GetString() == "s1");
        var claim = link.GetProperty("claim");
        var denial = link.GetProperty("denial");
        Assert.Equal("assert", claim.GetProperty("stance").GetString());
        Assert.Equal("deny", denial.GetProperty("stance").GetString());
        Assert.Equal("2023-10-02", claim.GetProperty("document_date").GetString());
        Assert.Equal("Serbia's president denies Belgrade was behind Kosovo attack", denial.GetProperty("document_title").GetString());
        Assert.Contains("Serbian", claim.GetProperty("content").GetString());
        Assert.Equal("SRB", Assert.Single(link.GetProperty("shared_actors").EnumerateArray()).GetString());
        Assert.Equal(1, link.GetProperty("date_gap_days").GetInt32());
        Assert.InRange(link.GetProperty("similarity").GetDouble(), 0.5, 1.0);
        Assert.Equal(4, link.GetProperty("matched").GetArrayLength());

        // filters and formats
        var serbia = CliRunner.Run(null, "disputes", "--db", Db, "--actor", "SRB", "--scope", "cross-document", "--format", "csv");
        Assert.Equal(0, serbia.ExitCode);
        var lines = serbia.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(links.Count + 1, lines.Length);
        Assert.StartsWith("scope,claim_document_id,claim_document_title,", lines[0]);
        var none = CliRunner.Run(null, "disputes", "--db", Db, "--actor", "NOR", "--format", "json");
        Assert.Equal("[]", none.Out.Trim());
        var table = CliRunner.Run(null, "disputes", "--db", Db);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("cross-document", table.Out);

        // linking again adds nothing
        var again = CliRunner.Run(null, ["ingest", "--db", Db, "--link", .. files]);
        Assert.Contains("linked 0 documents across the store (0 claims and denials compared): 0 new cross-document disputes", again.Out);
    }

    [Fact]
    public void Disputes_reports_a_bad_actor_code_and_a_missing_store()
    {
        var bad = CliRunner.Run(null, "disputes", "--db", Path.Combine(_dir, "none.duckdb"), "--actor", "U-S");
        Assert.Equal(AttestApp.ExitInputError, bad.ExitCode);
        Assert.Contains("--actor:", bad.Error);
        var missing = CliRunner.Run(null, "disputes", "--db", Path.Combine(_dir, "none.duckdb"));
        Assert.Equal(AttestApp.ExitInputError, missing.ExitCode);
        Assert.Contains("no such store", missing.Error);
    }
}
