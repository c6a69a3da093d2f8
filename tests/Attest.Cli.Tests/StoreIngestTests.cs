using System.CommandLine;
using Attest.Cli;
using Attest.Cli.Commands;
using Attest.Model;
using Attest.Pipeline;
using Attest.Storage;
using Attest.Text;

namespace Attest.Tests;

/// <summary><c>attest ingest</c> with a fake analyser (the real pipeline is wired on main).</summary>
public sealed class StoreIngestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("attest-ingest-").FullName;
    private string Db => Path.Combine(_dir, "test.duckdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Analyses by hashing the text; a text holding FAIL throws, like a pipeline error would.</summary>
    private static Analysis Fake(SourceDocument document, AnalyzeOptions options)
    {
        if (document.Content.Contains("FAIL", StringComparison.Ordinal)) throw new InvalidOperationException("cannot parse this\nsecond line");
        if (document.Content.Contains("SLOW", StringComparison.Ordinal)) Thread.Sleep(200); // finishes after later inputs
        var a = StoreCliTests.Document(AnalysisPipeline.DocumentId(document.Content), options.DocumentDate, document.Source, "Iran", "IRN", "USA", "0311", Stance.Assert);
        var warnings = document.Content.Contains("WARN", StringComparison.Ordinal) ? ["date inferred\nfrom text"] : System.Collections.Immutable.ImmutableArray<string>.Empty;
        return a with { Document = a.Document with { Text = document.Content }, Warnings = warnings };
    }

    private (int Code, string Out, string Err) Ingest(string[] args, string stdin = "", int[]? analyzerBuilds = null, Func<DocumentAnalyzer>? create = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = CliEnvironment.ForWriters(stdout, stderr, new StringReader(stdin));
        var services = new IngestServices
        {
            ReadInputs = StoreInputs.Read,
            CreateAnalyzer = create ?? (() =>
            {
                if (analyzerBuilds is not null) analyzerBuilds[0]++;
                return Fake;
            }),
        };
        var root = new RootCommand();
        root.Subcommands.Add(IngestCommand.Create(env, services));
        var parse = root.Parse(["ingest", .. args]);
        Assert.Empty(parse.Errors);
        var code = parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Ingest_stores_each_input_with_progress_lines_and_a_summary()
    {
        var a = Write("in/a.txt", "Article A.");
        var b = Write("in/sub/b.html", "<p>Article B.</p>");
        Write("in/notes.csv", "ignored");
        var builds = new int[1];
        var (code, stdout, stderr) = Ingest(["--db", Db, "--date", "2019-01-14", Path.Combine(_dir, "in")], analyzerBuilds: builds);

        Assert.Equal(0, code);
        Assert.Equal(1, builds[0]);
        Assert.Equal(
            $"[1/2] {a}: stored (1 event, 1 statement)\n[2/2] {b}: stored (1 event, 1 statement)\n",
            stderr.Replace("\r\n", "\n"));
        Assert.Equal($"2 documents: 2 new, 0 already stored, 0 failed; 2 events and 2 statements added to {Db}", stdout.Trim());

        using var store = AnalysisStore.OpenDuckDb(Db);
        Assert.Equal(2, store.Counts().Documents);
        var doc = store.GetDocument(AnalysisPipeline.DocumentId("Article A."));
        Assert.Equal(("2019-01-14", a), (doc!.Document.Date, doc.Document.Source));
    }

    [Fact]
    public void Ingesting_again_skips_stored_documents()
    {
        var a = Write("a.txt", "Article A.");
        Assert.Equal(0, Ingest(["--db", Db, a]).Code);
        var copy = Write("copy-of-a.txt", "Article A.");
        var (code, stdout, stderr) = Ingest(["--db", Db, a, copy]);
        Assert.Equal(0, code);
        Assert.Contains($"[1/2] {a}: already stored (document {AnalysisPipeline.DocumentId("Article A.")})", stderr);
        Assert.StartsWith("2 documents: 0 new, 2 already stored, 0 failed; 0 events", stdout);
        using var store = AnalysisStore.OpenDuckDb(Db);
        Assert.Equal(1, store.Counts().Documents);
    }

    [Fact]
    public void Bad_inputs_are_reported_and_the_rest_still_stored()
    {
        var bad = Write("bad.txt", "This one will FAIL.");
        var missing = Path.Combine(_dir, "missing.txt");
        var good = Write("good.txt", "Fine article.");
        var (code, stdout, stderr) = Ingest(["--db", Db, bad, missing, good]);

        Assert.Equal(2, code);
        Assert.Equal(
            $"attest: {bad}: cannot parse this\nattest: {missing}: no such file or directory\n[3/3] {good}: stored (1 event, 1 statement)\n",
            stderr.Replace("\r\n", "\n"));
        Assert.Equal($"3 documents: 1 new, 0 already stored, 2 failed; 1 event and 1 statement added to {Db}", stdout.Trim());
    }

    [Fact]
    public void Ingest_reads_standard_input_for_a_dash()
    {
        var (code, _, stderr) = Ingest(["--db", Db, "-"], stdin: "From a pipe.");
        Assert.Equal(0, code);
        Assert.Equal("[1/1] -: stored (1 event, 1 statement)", stderr.Trim());
        using var store = AnalysisStore.OpenDuckDb(Db);
        Assert.Null(store.GetDocument(AnalysisPipeline.DocumentId("From a pipe."))!.Document.Source);
    }

    [Fact]
    public void No_analyser_is_built_when_nothing_can_be_read()
    {
        var builds = new int[1];
        var (code, _, _) = Ingest(["--db", Db, Path.Combine(_dir, "nothing.txt")], analyzerBuilds: builds);
        Assert.Equal(2, code);
        Assert.Equal(0, builds[0]);
    }

    [Fact]
    public void Ingest_draws_a_progress_bar_when_interactive()
    {
        var a = Write("a.txt", "Article A.");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var plain = CliEnvironment.ForWriters(stdout, stderr);
        var env = new CliEnvironment
        {
            Out = stdout, Error = stderr, In = TextReader.Null, Interactive = true, GetVariable = _ => null,
            Console = plain.Console,
        };
        var root = new RootCommand();
        root.Subcommands.Add(IngestCommand.Create(env, new IngestServices { ReadInputs = StoreInputs.Read, CreateAnalyzer = () => Fake }));
        var code = root.Parse(["ingest", "--db", Db, a]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        Assert.Equal(0, code);
        Assert.Equal("", stderr.ToString());
        Assert.Contains("1 document: 1 new", stdout.ToString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("4")]
    public void Results_are_stored_and_reported_in_input_order_whatever_the_jobs(string jobs)
    {
        var files = Enumerable.Range(0, 8).Select(i => Write($"in/{i}.txt", i == 1 ? "Article 1 SLOW." : $"Article {i}.")).ToList();
        var (code, _, stderr) = Ingest(["--db", Db, "--jobs", jobs, Path.Combine(_dir, "in")]);
        Assert.Equal(0, code);
        var expected = files.Select((f, i) => $"[{i + 1}/8] {f}: stored (1 event, 1 statement)");
        Assert.Equal(expected, stderr.Trim().Split('\n').Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void Analysis_warnings_are_reported_with_the_input()
    {
        var a = Write("a.txt", "Article WARN.");
        var (code, _, stderr) = Ingest(["--db", Db, a]);
        Assert.Equal(0, code);
        Assert.Equal($"[1/1] {a}: stored (1 event, 1 statement)", stderr.Trim().Split('\n')[^1].TrimEnd('\r'));
        Assert.Contains($"attest: {a}: warning: date inferred\n", stderr.Replace("\r\n", "\n"));
    }

    [Fact]
    public void A_pipeline_that_cannot_load_fails_each_input_once()
    {
        var a = Write("a.txt", "Article A.");
        var b = Write("b.txt", "Article B.");
        var (code, stdout, stderr) = Ingest(["--db", Db, a, b], create: () => throw new FileNotFoundException("model.bin is missing"));
        Assert.Equal(2, code);
        Assert.Equal(
            $"attest: {a}: cannot load the analysis pipeline: model.bin is missing\nattest: {b}: cannot load the analysis pipeline: model.bin is missing\n",
            stderr.Replace("\r\n", "\n"));
        Assert.StartsWith("2 documents: 0 new, 0 already stored, 2 failed", stdout);
    }

    [Fact]
    public void Jobs_must_be_positive() =>
        Assert.Equal(2, Run(["ingest", "--db", "x.duckdb", "--jobs", "0", "a.txt"]));

    private static int Run(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = AttestApp.Run(args, CliEnvironment.ForWriters(stdout, stderr));
        Assert.Contains("--jobs must be at least 1", stderr.ToString());
        return code;
    }
}
