using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Attest.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "analysis.schema.json"))));

    private readonly string dir = Directory.CreateTempSubdirectory("attest-analyze-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Sample(string name) => Path.Combine(SharedData.RepoRoot, "samples", name);

    private static void AssertValid(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, System.Text.Json.JsonSerializer.Serialize(result));
    }

    [SkippableFact]
    public void The_committed_schema_copy_matches_the_shared_contract()
    {
        var shared = SharedData.Require("spec/analysis.schema.json");
        Assert.Equal(File.ReadAllText(shared), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "analysis.schema.json")));
    }

    [SkippableFact]
    public void Example_article_validates_and_cleaning_moves_caption_credit_byline_and_boilerplate()
    {
        var example = SharedData.Require("examples/iran-backchannel.txt");
        var r = CliRunner.Run(null, "analyze", "--format", "json", "--date", "2019-01-14", example);
        Assert.True(r.ExitCode == 0, r.Error);
        AssertValid(r.Out);
        var doc = JsonNode.Parse(r.Out)!["document"]!;
        var text = doc["text"]!.GetValue<string>();
        var removed = doc["removed"]!.AsArray().Select(x => (Kind: x!["kind"]!.GetValue<string>(), Text: x["text"]!.GetValue<string>())).ToList();
        // what must leave the body, and the kind it must be filed under (gold: shared/examples/iran-backchannel.gold.json)
        var gold = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(example, null) + ".gold.json"))!;
        foreach (var g in gold["removed"]!.AsArray())
        {
            var kind = g!["kind"]!.GetValue<string>();
            var contains = g["contains"]!.GetValue<string>();
            Assert.Contains(removed, x => x.Kind == kind && x.Text.Contains(contains, StringComparison.Ordinal));
        }
        foreach (var banned in gold["body_must_not_contain"]!.AsArray())
            Assert.DoesNotContain(banned!.GetValue<string>(), text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Trump administration officials deny making secret overtures to Iran", doc["title"]!.GetValue<string>());
    }

    [Fact]
    public void Json_output_of_every_sample_validates_against_the_schema()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "samples"), "*.txt"))
        {
            var r = CliRunner.Run(null, "analyze", "--format", "json", "--date", "2021-06-01", file);
            Assert.True(r.ExitCode == 0, r.Error);
            AssertValid(r.Out);
        }
    }

    [Fact]
    public void Offsets_point_at_the_text_they_quote()
    {
        var r = CliRunner.Run(null, "analyze", "--format", "json", "--date", "2021-03-05", Sample("turkey-greece-airspace.txt"));
        var doc = JsonNode.Parse(r.Out)!;
        var text = doc["document"]!["text"]!.GetValue<string>();
        foreach (var st in doc["statements"]!.AsArray())
        {
            foreach (var part in new[] { st!["speaker"]!, st["cue"]! })
                Assert.Equal(part["text"]!.GetValue<string>(), text[part["start"]!.GetValue<int>()..part["end"]!.GetValue<int>()]);
            var joined = string.Join(" ", st["content"]!["spans"]!.AsArray().Select(s => text[s![0]!.GetValue<int>()..s[1]!.GetValue<int>()]));
            Assert.Equal(st["content"]!["text"]!.GetValue<string>(), joined);
        }
        foreach (var ev in doc["events"]!.AsArray())
            Assert.Equal(ev!["trigger"]!["text"]!.GetValue<string>(), text[ev["trigger"]!["start"]!.GetValue<int>()..ev["trigger"]!["end"]!.GetValue<int>()]);
    }

    [Fact]
    public void Text_report_shows_statements_events_and_removed_text()
    {
        var r = CliRunner.Run(null, "analyze", "--date", "2021-03-05", Sample("turkey-greece-airspace.txt"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Greece protests Turkish fighter jet flights", r.Out);
        Assert.Contains("Who said what", r.Out);
        Assert.Contains("Removed by cleaning", r.Out);
        Assert.Contains("STAVROS LEKKAS", r.Out);
    }

    [Fact]
    public void Jsonl_gives_one_line_per_document()
    {
        var r = CliRunner.Run(null, "analyze", "--format", "jsonl", Path.Combine(SharedData.RepoRoot, "samples"));
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "samples"), "*.txt").Length, lines.Length);
        foreach (var line in lines) AssertValid(line);
    }

    [Fact]
    public void Bad_inputs_get_one_line_each_and_exit_2_while_good_ones_are_analysed()
    {
        File.WriteAllBytes(Path.Combine(dir, "a-empty.txt"), []);
        File.WriteAllBytes(Path.Combine(dir, "b-binary.txt"), [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]);
        File.WriteAllText(Path.Combine(dir, "c-good.txt"), "Chile and Peru sign fishing accord\n\nLIMA — Chile and Peru signed a fishing agreement on Monday, officials said.");
        File.WriteAllBytes(Path.Combine(dir, "d-latin1.txt"), Encoding.Latin1.GetBytes("Caf\u00e9 owners protest\n\nOwners in Bogot\u00e1 protested on Monday."));
        var missing = Path.Combine(dir, "missing.txt");

        var r = CliRunner.Run(null, "analyze", "--format", "jsonl", dir, missing);

        Assert.Equal(2, r.ExitCode);
        var errors = r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("warning:")).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, l => l.Contains("a-empty.txt") && l.Contains("empty file"));
        Assert.Contains(errors, l => l.Contains("b-binary.txt") && l.Contains("binary"));
        Assert.Contains(errors, l => l.Contains("missing.txt") && l.Contains("no such file"));
        Assert.DoesNotContain("   at ", r.Error); // no stack traces
        Assert.Contains(r.Error.Split('\n'), l => l.Contains("warning:") && l.Contains("d-latin1.txt") && l.Contains("invalid UTF-8"));
        Assert.Equal(2, r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Html_page_is_read_through_its_article_with_caption_credit_and_date()
    {
        var r = CliRunner.Run(null, "analyze", "--format", "json", Path.Combine(AppContext.BaseDirectory, "Fixtures", "peru-recall.html"));
        Assert.True(r.ExitCode == 0, r.Error);
        AssertValid(r.Out);
        var doc = JsonNode.Parse(r.Out)!["document"]!;
        var text = doc["text"]!.GetValue<string>();
        Assert.Equal("Peru recalls ambassador to Mexico", doc["title"]!.GetValue<string>());
        Assert.Equal("2022-12-21", doc["date"]!.GetValue<string>());
        Assert.StartsWith("LIMA", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Copyright", text, StringComparison.Ordinal);
        Assert.DoesNotContain("REUTERS/Carla Quispe", text, StringComparison.Ordinal);
        var removed = doc["removed"]!.AsArray().Select(x => x!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("caption", removed);
        Assert.Contains("credit", removed);
        var events = JsonNode.Parse(r.Out)!["events"]!.AsArray();
        Assert.Contains(events, e => e!["cameo"]!.GetValue<string>() == "161" && e["target"]?["code"]?.GetValue<string>() == "MEX");
    }

    [Fact]
    public void User_actor_dictionary_codes_new_actors_and_a_bad_one_is_refused_with_its_line()
    {
        var article = Path.Combine(dir, "water.txt");
        File.WriteAllText(article, "Water council warns of drought\n\nBAKU — The Caspian Water Council said on Monday that reservoir levels had fallen to a record low.");
        var actors = Path.Combine(dir, "user.actors");
        File.WriteAllText(actors, "# a regional body the shipped dictionary does not know\norganization | IGOCWC | Caspian Water Council\n");
        var r = CliRunner.Run(null, "analyze", "--format", "json", "--date", "2024-03-04", "--actors", actors, article);
        Assert.True(r.ExitCode == 0, r.Error);
        var st = Assert.Single(JsonNode.Parse(r.Out)!["statements"]!.AsArray());
        Assert.Equal("IGOCWC", st!["speaker"]!["code"]!.GetValue<string>());

        var bad = Path.Combine(dir, "bad.actors");
        File.WriteAllText(bad, "organization | IGOCWC | Caspian Water Council\nnot a dictionary line\n");
        var b = CliRunner.Run(null, "analyze", "--actors", bad, article);
        Assert.Equal(2, b.ExitCode);
        Assert.Contains("bad.actors:2", b.Error);
    }

    [Fact]
    public void A_bad_date_is_a_usage_error()
    {
        var r = CliRunner.Run(null, "analyze", "--date", "14/01/2019", Sample("turkey-greece-airspace.txt"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--date", r.Error);
    }

    [Fact]
    public void Standard_input_is_analysed()
    {
        var r = CliRunner.Run("Chile recalls envoy\n\nSANTIAGO — Chile recalled its ambassador to Peru on Monday, the foreign ministry said.", "analyze", "--format", "json", "-");
        Assert.Equal(0, r.ExitCode);
        AssertValid(r.Out);
        Assert.Equal("Chile recalls envoy", JsonNode.Parse(r.Out)!["document"]!["title"]!.GetValue<string>());
    }
}
