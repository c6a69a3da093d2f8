using Attest.Syntax;

namespace Attest.Tests;

public sealed class TrainParserCommandTests : IDisposable
{
    // written for this test (fictional people)
    private const string Treebank = """
        1	The	the	DET	DT	_	2	det	_	_
        2	envoy	envoy	NOUN	NN	_	3	nsubj	_	_
        3	left	leave	VERB	VBD	_	0	root	_	_
        4	Kenya	Kenya	PROPN	NNP	_	3	obj	_	_
        5	.	.	PUNCT	.	_	3	punct	_	_

        1	Mira	Mira	PROPN	NNP	_	2	nsubj	_	_
        2	denied	deny	VERB	VBD	_	0	root	_	_
        3	the	the	DET	DT	_	4	det	_	_
        4	report	report	NOUN	NN	_	2	obj	_	_
        5	.	.	PUNCT	.	_	2	punct	_	_


        """;

    private readonly string dir = Path.Combine(Path.GetTempPath(), $"attest-train-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }

    private string WriteTreebank()
    {
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "toy.conllu");
        File.WriteAllText(file, Treebank.Replace("        ", ""));
        return file;
    }

    [Fact]
    public void Train_parser_with_dropped_templates_writes_a_parser_that_skips_them()
    {
        var file = WriteTreebank();
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run(null, "train", "parser", "--train", file, "--out", outDir, "--epochs", "2", "--feature-set", "2",
            "--drop-template", "125", "164", "--drop-template", "409");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("training without templates 125 164 409", r.Error);
        Assert.Equal([125, 164, 409], DependencyParser.Load(Path.Combine(outDir, "parser.bin")).SkippedTemplates);
    }

    [Theory]
    [InlineData("270")] // an embedding template: feature set 4 only
    [InlineData("300")] // a post-hoc labeller template
    [InlineData("-1")]
    public void Train_parser_rejects_templates_the_feature_set_does_not_have(string id)
    {
        var file = WriteTreebank();
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run(null, "train", "parser", "--train", file, "--out", outDir, "--epochs", "1", "--feature-set", "2", "--drop-template", id);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--drop-template {id}: feature set 2 has no such", r.Error);
        Assert.False(File.Exists(Path.Combine(outDir, "parser.bin")));
    }

    [Theory]
    [InlineData("--jackknife-tagger-seeds", "0", "--jackknife-tagger-epochs and --jackknife-tagger-seeds must be at least 1")]
    [InlineData("--jackknife-tagger-epochs", "0", "--jackknife-tagger-epochs and --jackknife-tagger-seeds must be at least 1")]
    [InlineData("--jackknife-tagger-embedding-clusters", "no-such-table.tsv", "no-such-table.tsv")]
    public void Train_parser_rejects_bad_jackknife_tagger_settings(string option, string value, string message)
    {
        var file = WriteTreebank();
        var outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run(null, "train", "parser", "--train", file, "--out", outDir, "--epochs", "1", "--feature-set", "2", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("attest:", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(outDir, "parser.bin")));
    }

    [Fact]
    public void Train_average_writes_the_average_of_parsers_of_one_configuration_and_refuses_others()
    {
        var file = WriteTreebank();
        string Trained(string name, string seed, params string[] extra)
        {
            var outDir = Path.Combine(dir, name);
            var r = CliRunner.Run(null, ["train", "parser", "--train", file, "--out", outDir, "--epochs", "2", "--feature-set", "2", "--seed", seed, .. extra]);
            Assert.True(r.ExitCode == 0, r.Error);
            return Path.Combine(outDir, "parser.bin");
        }
        var one = Trained("s1", "1", "--drop-template", "125");
        var two = Trained("s2", "2", "--drop-template", "125");
        var avg = CliRunner.Run(null, "train", "average", "--parser", one, "--parser", two, "--out", Path.Combine(dir, "avg"));
        Assert.True(avg.ExitCode == 0, avg.Error);
        Assert.Contains("the average of 2 parsers", avg.Error);
        var mean = DependencyParser.Load(Path.Combine(dir, "avg", "parser.bin"));
        Assert.Equal([125], mean.SkippedTemplates);
        var other = Trained("s3", "3");
        var refused = CliRunner.Run(null, "train", "average", "--parser", one, "--parser", other, "--out", Path.Combine(dir, "bad"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("skipped templates", refused.Error);
        Assert.False(File.Exists(Path.Combine(dir, "bad", "parser.bin")));
        Assert.Equal(2, CliRunner.Run(null, "train", "average", "--parser", one, "--out", Path.Combine(dir, "bad")).ExitCode);
    }
}
