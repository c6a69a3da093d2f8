using System.Text.Json;
using Attest.Cli;
using Attest.Model;
using Attest.Storage;
using Attest.Text;

namespace Attest.Tests;

/// <summary>
/// <c>attest ingest</c> with the real pipeline, then <c>events</c> and <c>statements</c> over what it stored.
/// Skipped while the shipped models are absent from the build, or when ../shared is.
/// </summary>
public sealed class StoreEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("attest-e2e-").FullName;
    private string Db => Path.Combine(_dir, "e2e.duckdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = AttestApp.Run(args, CliEnvironment.ForWriters(stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static Attest.Pipeline.AnalysisPipeline RequirePipeline()
    {
        try
        {
            return PipelineHost.Pipeline;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            Skip.If(true, "the analysis pipeline cannot load in this build: " + ex.Message);
            throw;
        }
    }

    [SkippableFact]
    public void Ingested_example_is_stored_as_analysed_and_queryable()
    {
        var article = SharedData.Require("examples/iran-backchannel.txt");
        var pipeline = RequirePipeline();

        var (code, stdout, stderr) = Run("ingest", "--db", Db, "--date", "2019-01-14", article);
        Assert.True(code == 0, stderr);
        Assert.StartsWith("1 document: 1 new, 0 already stored, 0 failed;", stdout);

        var expected = pipeline.Analyze(DocumentReader.Enumerate([article], TextReader.Null).Single().Document!,
            new Attest.Pipeline.AnalyzeOptions { DocumentDate = "2019-01-14" });
        using (var store = AnalysisStore.OpenDuckDb(Db, new AnalysisStoreOptions { ReadOnly = true }))
        {
            var stored = store.GetDocument(expected.Document.Id);
            Assert.NotNull(stored);
            Assert.Equal(AnalysisJson.Serialize(expected), AnalysisJson.Serialize(stored));
            var counts = store.Counts();
            Assert.Equal((1L, (long)expected.Events.Length, (long)expected.Statements.Length), (counts.Documents, counts.Events, counts.Statements));
        }

        var again = Run("ingest", "--db", Db, "--date", "2019-01-14", article);
        Assert.Equal(0, again.Code);
        Assert.StartsWith("1 document: 0 new, 1 already stored", again.Out);

        var statements = Run("statements", "--db", Db, "--format", "json", "--limit", "0");
        Assert.Equal(0, statements.Code);
        using var json = JsonDocument.Parse(statements.Out);
        Assert.Equal(expected.Statements.Length, json.RootElement.GetArrayLength());
        var denials = Run("statements", "--db", Db, "--format", "csv", "--stance", "deny", "--limit", "0");
        Assert.Equal(expected.Statements.Count(s => s.Stance == Stance.Deny) + 1, denials.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(0, Run("events", "--db", Db).Code);
    }
}
