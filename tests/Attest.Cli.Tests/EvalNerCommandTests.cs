namespace Attest.Tests;

public sealed class EvalNerCommandTests
{
    private const string Gold = """
        # sent_id = c-1
        1	Astrid	B-PER	-	x
        2	Holm	I-PER	-	x
        3	flew	O
        4	from	O
        5	Madrid	B-LOC	-	x
        6	to	O
        7	Lisbon	B-LOC	-	x
        8	for	O
        9	Iberia	B-ORG	-	x
        10	.	O

        """;

    private static string WriteGold()
    {
        var path = Path.Combine(Path.GetTempPath(), $"attest-ner-cli-{Guid.NewGuid():N}.iob2");
        File.WriteAllText(path, Gold.Replace("        ", "", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void Bias_sweep_prints_one_line_per_combination_and_a_huge_o_bias_finds_nothing()
    {
        var path = WriteGold();
        try
        {
            var r = CliRunner.Run(null, "eval", "ner", "--data", path, "--bias-sweep", "O=0,1000000;ORG=0,1");
            Assert.True(r.ExitCode == 0, r.Error);
            var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["O=0,ORG=0", "O=0,ORG=1", "O=1000000,ORG=0", "O=1000000,ORG=1"], lines.Select(l => l.Split('\t')[0]));
            Assert.StartsWith("O=1000000,ORG=0\t0.00\t", lines[2], StringComparison.Ordinal);
            var none = CliRunner.Run(null, "eval", "ner", "--data", path, "--bias", "O=1000000", "--beam", "1");
            Assert.True(none.ExitCode == 0, none.Error);
            Assert.Contains("predicted 0,", none.Out, StringComparison.Ordinal);
            var bad = CliRunner.Run(null, "eval", "ner", "--data", path, "--bias", "GPE=1");
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("GPE", bad.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
