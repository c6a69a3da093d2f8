using System.CommandLine;
using Attest.Cli;
using Attest.Cli.Commands;
using Attest.Disputes;
using Attest.Model;
using Attest.Pipeline;
using Attest.Text;

namespace Attest.Tests;

/// <summary><c>attest ingest --link</c> with a fake analyser and a test encoder.</summary>
public sealed class IngestLinkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("attest-ingest-link-").FullName;
    private string Db => Path.Combine(_dir, "test.duckdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A file holding "claim" is the Indian claim, any other the Pakistani denial.</summary>
    private static Analysis Fake(SourceDocument document, AnalyzeOptions options) =>
        document.Content.Contains("claim", StringComparison.Ordinal) ? CrossDocumentFixtures.IndianClaim() : CrossDocumentFixtures.PakistaniDenial();

    private sealed class FailingEncoder : ISentenceEncoder
    {
        public string ModelId => "failing";
        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("cannot load the sentence-embedding model (failing): no such library");
    }

    private (int Code, string Out, string Err, int LinkerBuilds) Ingest(ISentenceEncoder encoder, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = CliEnvironment.ForWriters(stdout, stderr);
        var builds = 0;
        var services = new IngestServices
        {
            ReadInputs = StoreInputs.Read,
            CreateAnalyzer = () => Fake,
            CreateLinker = () =>
            {
                builds++;
                return new CrossDocumentLinker(encoder);
            },
        };
        var root = new RootCommand();
        root.Subcommands.Add(IngestCommand.Create(env, services));
        var code = root.Parse(["ingest", "--db", Db, "-j", "1", .. args]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString(), builds);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Without_link_no_linker_is_built()
    {
        var r = Ingest(CrossDocumentFixtures.Encoder(), Write("a.txt", "claim"), Write("b.txt", "denial"));
        Assert.Equal(0, r.Code);
        Assert.Equal(0, r.LinkerBuilds);
        Assert.DoesNotContain("linked", r.Out);
    }

    [Fact]
    public void With_link_the_summary_counts_documents_candidates_and_links()
    {
        var r = Ingest(CrossDocumentFixtures.Encoder(), "--link", Write("a.txt", "claim"), Write("b.txt", "denial"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(1, r.LinkerBuilds);
        Assert.Contains("linked 2 documents across the store (2 claims and denials compared): 1 new cross-document dispute", r.Out);
    }

    [Fact]
    public void A_model_that_cannot_load_is_one_error_line_and_exit_code_2_and_the_documents_stay_stored()
    {
        var r = Ingest(new FailingEncoder(), "--link", Write("a.txt", "claim"));
        Assert.Equal(AttestApp.ExitInputError, r.Code);
        Assert.EndsWith("\nattest: cannot link across documents: cannot load the sentence-embedding model (failing): no such library", r.Err.TrimEnd().ReplaceLineEndings("\n"));
        Assert.Contains("1 document: 1 new", r.Out);
    }
}
