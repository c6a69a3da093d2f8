using System.Text.Json.Nodes;

namespace Attest.Tests;

public sealed class EvalPetrarchCommandTests
{
    // the share reached when this test was written (docs/benchmarks.md) minus a small margin: a regression guard
    private const double ReachedShare = 0.953;
    private const double Margin = 0.02;

    [SkippableFact]
    public void Runs_the_petrarch_unit_test_suite_with_attest_own_parse()
    {
        var records = SharedData.Require("reference/petrarch2/PETR.UnitTest.records.xml");
        var r = CliRunner.Run(null, "eval", "petrarch", "--records", records, "--dictionaries", Path.GetDirectoryName(records)!, "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        var json = JsonNode.Parse(r.Out)!.AsObject();
        foreach (var key in new[] { "expected", "reproduced", "missed", "extra", "exact_share", "categories" })
            Assert.True(json.ContainsKey(key), key);
        int expected = json["expected"]!.GetValue<int>();
        int reproduced = json["reproduced"]!.GetValue<int>();
        Assert.Equal(359, expected);
        Assert.Equal(expected, reproduced + json["missed"]!.GetValue<int>());
        double share = json["exact_share"]!.GetValue<double>();
        Assert.InRange(share, 0, 1);
        Assert.Equal((double)reproduced / expected, share, 3);
        Assert.True(share >= ReachedShare - Margin, $"exact_share {share} fell below {ReachedShare - Margin}");
        Assert.Empty(json["failures"]!.AsArray());
        var categories = json["categories"]!.AsObject();
        foreach (var name in new[] { "SYNSET", "COMPOUND", "AGENT", "DATE", "VERB", "PATTERN" })
        {
            var c = categories[name]!.AsObject();
            Assert.InRange(c["exact_share"]!.GetValue<double>(), 0, 1);
            Assert.True(c["expected"]!.GetValue<int>() > 0, name);
        }
        int sum = categories.Sum(kv => kv.Value!["expected"]!.GetValue<int>());
        Assert.Equal(expected, sum);
    }

    [Fact]
    public void A_missing_records_file_is_an_input_error()
    {
        var r = CliRunner.Run(null, "eval", "petrarch", "--records", "/nonexistent/records.xml");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no such file", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_dictionary_is_named()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"attest-petr-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var records = Path.Combine(dir, "records.xml");
            File.WriteAllText(records, "<Validation><Sentences></Sentences></Validation>");
            var r = CliRunner.Run(null, "eval", "petrarch", "--records", records);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("PETR.Validate.verbs.txt", r.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
