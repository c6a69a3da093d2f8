using System.Text.Json.Nodes;

namespace Attest.Tests;

public sealed class EvalParserCommandTests : IDisposable
{
    // two sentences written for this test, in UD English style
    private const string Treebank = """
        # sent_id = t1
        # text = Peru recalled its ambassador.
        1	Peru	Peru	PROPN	NNP	_	2	nsubj	_	_
        2	recalled	recall	VERB	VBD	_	0	root	_	_
        3	its	its	PRON	PRP$	_	4	nmod:poss	_	_
        4	ambassador	ambassador	NOUN	NN	_	2	obj	_	SpaceAfter=No
        5	.	.	PUNCT	.	_	2	punct	_	_

        # sent_id = t2
        # text = Chile said talks would resume in May.
        1	Chile	Chile	PROPN	NNP	_	2	nsubj	_	_
        2	said	say	VERB	VBD	_	0	root	_	_
        3	talks	talk	NOUN	NNS	_	5	nsubj	_	_
        4	would	would	AUX	MD	_	5	aux	_	_
        5	resume	resume	VERB	VB	_	2	ccomp	_	_
        6	in	in	ADP	IN	_	7	case	_	_
        7	May	May	PROPN	NNP	_	5	obl	_	SpaceAfter=No
        8	.	.	PUNCT	.	_	2	punct	_	_


        """;

    private readonly string dir = Directory.CreateTempSubdirectory("attest-eval-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write()
    {
        var path = Path.Combine(dir, "t.conllu");
        File.WriteAllText(path, Treebank.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void Relations_add_up_to_the_overall_scores()
    {
        var r = CliRunner.Run(null, "eval", "parser", "--treebank", Write(), "--relations", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        var json = JsonNode.Parse(r.Out)!;
        var relations = json["relations"]!.AsObject();
        Assert.Equal(new[] { "aux", "case", "ccomp", "nmod:poss", "nsubj", "obj", "obl", "punct", "root" }, relations.Select(x => x.Key).Order(StringComparer.Ordinal));
        Assert.Equal(3, relations["nsubj"]!["words"]!.GetValue<int>());
        int words = relations.Sum(x => x.Value!["words"]!.GetValue<int>());
        Assert.Equal(json["words"]!.GetValue<int>(), words);
        double headRight = relations.Sum(x => x.Value!["words"]!.GetValue<int>() * x.Value!["uas"]!.GetValue<double>() / 100);
        Assert.Equal(json["uas"]!.GetValue<double>(), Math.Round(100 * headRight / words, 2), 1);
    }

    [Fact]
    public void Output_writes_the_predicted_trees_over_the_gold_tokens_and_they_score_as_reported()
    {
        var predicted = Path.Combine(dir, "p.conllu");
        var r = CliRunner.Run(null, "eval", "parser", "--treebank", Write(), "--output", predicted, "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        var gold = Attest.Syntax.ConlluReader.ReadFile(Path.Combine(dir, "t.conllu")).ToList();
        var pred = Attest.Syntax.ConlluReader.ReadFile(predicted).ToList();
        Assert.Equal(gold.Select(s => string.Join(' ', s.Words.Select(w => w.Form))), pred.Select(s => string.Join(' ', s.Words.Select(w => w.Form))));
        Assert.Equal(gold.Select(s => s.Comments[0]), pred.Select(s => s.Comments[0]));
        int words = 0, right = 0;
        foreach (var (g, p) in gold.Zip(pred))
            for (int i = 0; i < g.Count; i++, words++)
                if (g.Words[i].Head == p.Words[i].Head) right++;
        Assert.Equal(JsonNode.Parse(r.Out)!["uas"]!.GetValue<double>(), Math.Round(100.0 * right / words, 2), 2);
    }

    [Fact]
    public void Relations_with_raw_text_is_refused_with_exit_code_2()
    {
        var r = CliRunner.Run(null, "eval", "parser", "--treebank", Write(), "--relations", "--raw");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--relations", r.Error, StringComparison.Ordinal);
    }
}
