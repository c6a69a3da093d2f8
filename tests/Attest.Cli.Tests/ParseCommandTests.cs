using System.Globalization;

namespace Attest.Tests;

public sealed class ParseCommandTests
{
    [Fact]
    public void Parse_prints_one_rooted_tree_per_sentence_whose_token_ranges_point_into_the_text()
    {
        const string text = "Chile's foreign minister, Marta Iriarte, said on Monday that talks with Peru would resume. \"We are ready,\" she added.";
        var r = CliRunner.Run(text, "parse", "-");
        Assert.True(r.ExitCode == 0, r.Error);
        var blocks = r.Out.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, blocks.Length);
        Assert.StartsWith("# newdoc id = ", blocks[0], StringComparison.Ordinal);
        var words = new List<string>();
        foreach (var block in blocks)
        {
            var lines = block.Split('\n');
            Assert.Contains(lines, l => l.StartsWith("# sent_id = ", StringComparison.Ordinal));
            var rows = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
            Assert.All(rows, c => Assert.Equal(10, c.Length));
            Assert.Single(rows, c => c[6] == "0" && c[7] == "root");
            foreach (var c in rows)
            {
                int head = int.Parse(c[6], CultureInfo.InvariantCulture);
                Assert.InRange(head, 0, rows.Count);
                var range = c[9].Split('|').Single(m => m.StartsWith("TokenRange=", StringComparison.Ordinal))["TokenRange=".Length..].Split(':');
                int start = int.Parse(range[0], CultureInfo.InvariantCulture), end = int.Parse(range[1], CultureInfo.InvariantCulture);
                Assert.Equal(c[1], text[start..end]);
                words.Add(c[1]);
            }
        }
        Assert.Equal(["Chile", "'s", "foreign"], words.Take(3));
        Assert.Contains("\t_\tSpaceAfter=No|TokenRange=0:5", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_is_named_with_exit_code_2_and_the_other_inputs_still_parse()
    {
        var dir = Directory.CreateTempSubdirectory("attest-parse-").FullName;
        try
        {
            var file = Path.Combine(dir, "a.txt");
            File.WriteAllText(file, "Kenya closed the border.");
            var missing = Path.Combine(dir, "nope.txt");
            var r = CliRunner.Run(null, "parse", missing, file);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("nope.txt", r.Error, StringComparison.Ordinal);
            Assert.Contains("\tborder\tborder\tNOUN\t", r.Out, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
