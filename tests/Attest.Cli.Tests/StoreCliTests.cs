using System.CommandLine;
using System.Text.Json;
using Attest.Cli;
using Attest.Cli.Commands;
using Attest.Cli.Output;
using Attest.Model;
using Attest.Pipeline;
using Attest.Storage;

namespace Attest.Tests;

/// <summary>The store-facing commands, run through <see cref="AttestApp.Run"/> against a temporary store.</summary>
public sealed class StoreCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("attest-cli-").FullName;
    private string Db => Path.Combine(_dir, "test.duckdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(string[] args, Func<string, string?>? variables = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = AttestApp.Run(args, CliEnvironment.ForWriters(stdout, stderr, variables: variables));
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string[] JsonIds(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("document_id").GetString()!).ToArray();
    }

    private void Fill()
    {
        using var store = AnalysisStore.OpenDuckDb(Db);
        store.Store(Document("doc-a", "2019-01-14", "a.txt", "Iran, \"officially\"", "IRNGOV", "USA", "0311", Stance.Deny));
        store.Store(Document("doc-b", "2020-03-02", null, "Seoul", "KOR", "PRK", "122", Stance.Assert));
    }

    internal static Analysis Document(string id, string? date, string? source, string speaker, string code, string target, string cameo, string stance)
    {
        var text = $"{speaker} said talks\nwere held with {target}.";
        return new Analysis
        {
            Document = new DocumentInfo { Id = id, Date = date, Source = source, Text = text },
            Sentences = [new SentenceSpan(0, text.Length)],
            Statements =
            [
                new Statement
                {
                    Id = "s1", Speaker = new ActorRef(speaker, 0, speaker.Length) { Code = code },
                    Cue = new Cue("said", speaker.Length + 1, speaker.Length + 5, "say"),
                    Content = new StatementContent("talks\nwere held", [[speaker.Length + 6, text.Length - target.Length - 7]]),
                    Form = StatementForm.Indirect, Stance = stance,
                },
            ],
            Events =
            [
                new Event
                {
                    Id = "e1", Source = new ActorRef(speaker, 0, speaker.Length) { Code = code },
                    Target = new ActorRef(target, text.Length - target.Length - 1, text.Length - 1) { Code = target },
                    Cameo = cameo, Root = cameo[..2], Goldstein = -2.5, QuadClass = 2,
                    Trigger = new Span("held", 0, 0), Status = EventStatus.Reported,
                },
            ],
        };
    }

    [Fact]
    public void Events_on_a_missing_store_is_one_line_and_exit_2()
    {
        var (code, stdout, stderr) = Run(["events", "--db", Db]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"attest: {Db}: no such store (create it with 'attest ingest')\n", stderr.Replace("\r\n", "\n"));
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void Statements_on_a_corrupt_store_names_the_file()
    {
        File.WriteAllText(Db, "garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage");
        var (code, _, stderr) = Run(["statements", "--db", Db]);
        Assert.Equal(2, code);
        Assert.StartsWith($"attest: {Db}: cannot open as a DuckDB database", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Events_as_json_is_an_array_of_objects()
    {
        Fill();
        var (code, stdout, stderr) = Run(["events", "--db", Db, "--format", "json"]);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("doc-a", rows[0].GetProperty("document_id").GetString());
        Assert.Equal("0311", rows[0].GetProperty("cameo").GetString());
        Assert.Equal("IRNGOV", rows[0].GetProperty("source_code").GetString());
        Assert.Equal(-2.5, rows[0].GetProperty("goldstein").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("document_source").ValueKind);
    }

    [Fact]
    public void Events_filters_by_actor_code_and_date()
    {
        Fill();
        Assert.Equal(["doc-a"], JsonIds(Run(["events", "--db", Db, "--format", "json", "--actor", "usa"]).Out));
        Assert.Equal(["doc-b"], JsonIds(Run(["events", "--db", Db, "--format", "json", "--code", "12"]).Out));
        Assert.Equal(["doc-b"], JsonIds(Run(["events", "--db", Db, "--format", "json", "--since", "2020"]).Out));
        Assert.Equal(["doc-a"], JsonIds(Run(["events", "--db", Db, "--format", "json", "--until", "2019-06"]).Out));
    }

    [Fact]
    public void Events_as_csv_quotes_per_rfc4180()
    {
        Fill();
        var (code, stdout, _) = Run(["events", "--db", Db, "--format", "csv", "--actor", "IRN"]);
        Assert.Equal(0, code);
        var lines = stdout.Split("\r\n");
        Assert.StartsWith("document_id,document_source,document_date,id,date,source_text,source_code,", lines[0]);
        Assert.StartsWith("doc-a,a.txt,2019-01-14,e1,,\"Iran, \"\"officially\"\"\",IRNGOV,,USA,USA,,0311,03,-2.5,2,,reported,false,held,", lines[1]);
        // The sentence column holds a newline: still one quoted field.
        Assert.EndsWith("\"Iran, \"\"officially\"\" said talks\nwere held with USA.\"", lines[1]);
        Assert.Equal([""], lines[2..]); // one data row, then the final CRLF
    }

    [Fact]
    public void Statements_filters_and_prints_a_table()
    {
        Fill();
        var (code, stdout, _) = Run(["statements", "--db", Db, "--stance", "deny"]);
        Assert.Equal(0, code);
        Assert.Contains("IRNGOV", stdout);
        Assert.Contains("deny", stdout);
        Assert.DoesNotContain("Seoul", stdout);

        var json = Run(["statements", "--db", Db, "--speaker", "SEOUL", "--format", "json"]).Out;
        Assert.Equal(["doc-b"], JsonIds(json));
        Assert.Equal(["doc-a"], JsonIds(Run(["statements", "--db", Db, "--code", "IRN", "--format", "json"]).Out));
    }

    [Fact]
    public void Statements_as_csv_has_a_header_and_one_row_each()
    {
        Fill();
        var (_, stdout, _) = Run(["statements", "--db", Db, "--format", "csv"]);
        Assert.StartsWith("document_id,document_source,document_date,id,speaker_text,speaker_code,speaker_name,cue,stance,form,hedged,content,via,responds_to\r\n", stdout);
        Assert.Contains(",say,deny,indirect,false,\"talks\nwere held\",,\r\n", stdout);
    }

    [Fact]
    public void The_store_comes_from_ATTEST_DB_when_there_is_no_db_option()
    {
        Fill();
        var (code, stdout, _) = Run(["events", "--format", "json"], name => name == "ATTEST_DB" ? Db : null);
        Assert.Equal(0, code);
        Assert.Equal(["doc-a", "doc-b"], JsonIds(stdout));
    }

    [Fact]
    public void Limit_cuts_rows_and_says_so()
    {
        Fill();
        var (code, stdout, stderr) = Run(["events", "--db", Db, "--format", "json", "--limit", "1"]);
        Assert.Equal(0, code);
        Assert.Equal(["doc-a"], JsonIds(stdout));
        Assert.Contains("showing the first 1 rows", stderr);
        Assert.Equal(["doc-a", "doc-b"], JsonIds(Run(["events", "--db", Db, "--format", "json", "--limit", "0"]).Out));
    }

    [Theory]
    [InlineData("events", "--since", "2019-13", "attest: --since: date '2019-13' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")]
    [InlineData("events", "--code", "1a", "attest: --code: CAMEO code '1a' must be 1 to 4 digits, e.g. 17 or 1712")]
    [InlineData("events", "--actor", "U-S", "attest: --actor: actor code 'U-S' must be letters and digits, e.g. USA or IRNGOV")]
    [InlineData("statements", "--until", "yesterday", "attest: --until: date 'yesterday' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")]
    [InlineData("statements", "--code", "?", "attest: --code: actor code '?' must be letters and digits, e.g. USA or IRNGOV")]
    public void Bad_filters_are_one_line_and_exit_2(string command, string option, string value, string expected)
    {
        Fill();
        var (code, stdout, stderr) = Run([command, "--db", Db, option, value]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(expected, stderr.Trim());
    }

    [Theory]
    [InlineData("statements", "--stance", "maybe")]
    [InlineData("events", "--format", "xml")]
    [InlineData("events", "--limit", "-3")]
    public void Bad_option_values_are_parse_errors(string command, string option, string value)
    {
        var (code, _, stderr) = Run([command, "--db", Db, option, value]);
        Assert.Equal(2, code);
        Assert.StartsWith("attest: ", stderr);
    }

    [Fact]
    public void Ingest_reports_each_bad_input_and_exits_2()
    {
        var missing = Path.Combine(_dir, "missing.txt");
        var (code, stdout, stderr) = Run(["ingest", "--db", Db, missing]);
        Assert.Equal(2, code);
        Assert.Equal($"attest: {missing}: no such file or directory", stderr.Trim());
        Assert.Equal($"1 document: 0 new, 0 already stored, 1 failed; 0 events and 0 statements added to {Db}", stdout.Trim());
    }

    [Fact]
    public void Ingest_rejects_a_bad_date()
    {
        var (code, _, stderr) = Run(["ingest", "--db", Db, "--date", "14.01.2019", "x.txt"]);
        Assert.Equal(2, code);
        Assert.Equal("attest: --date: '14.01.2019' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", stderr.Trim());
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void Ingest_with_an_unopenable_store_is_one_line()
    {
        File.WriteAllText(Db, "not a database, not at all, not even close to one, really not");
        var (code, _, stderr) = Run(["ingest", "--db", Db, "x.txt"]);
        Assert.Equal(2, code);
        Assert.StartsWith($"attest: {Db}: cannot open as a DuckDB database", stderr);
    }
}
