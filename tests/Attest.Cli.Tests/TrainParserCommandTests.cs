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
}
