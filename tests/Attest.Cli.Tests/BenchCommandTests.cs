using System.Text.Json.Nodes;

namespace Attest.Tests;

public sealed class BenchCommandTests : IDisposable
{
    private const string Treebank = """
        # text = The minister said the talks had failed.
        1	The	the	DET	DT	_	2	det	_	_
        2	minister	minister	NOUN	NN	_	3	nsubj	_	_
        3	said	say	VERB	VBD	_	0	root	_	_
        4	the	the	DET	DT	_	5	det	_	_
        5	talks	talk	NOUN	NNS	_	7	nsubj	_	_
        6	had	have	AUX	VBD	_	7	aux	_	_
        7	failed	fail	VERB	VBN	_	3	ccomp	_	SpaceAfter=No
        8	.	.	PUNCT	.	_	3	punct	_	_

        """;

    private readonly string file = Path.Combine(Path.GetTempPath(), $"attest-bench-{Guid.NewGuid():N}.conllu");

    public void Dispose() => File.Delete(file);

    [Fact]
    public void Bench_nlp_prints_plausible_rates_even_for_a_lemmatizer_too_fast_to_time_directly()
    {
        File.WriteAllText(file, Treebank);
        var r = CliRunner.Run(null, "bench", "nlp", "--treebank", file, "--json", "--seconds", "0.05", "--repeat", "3");
        Assert.True(r.ExitCode == 0, r.Error);
        var json = JsonNode.Parse(r.Out)!.AsObject();
        foreach (var key in new[] { "tagger", "parser", "tag_parse", "pipeline" })
        {
            Assert.True(json.ContainsKey(key + "_words_per_second"), key);
            Assert.True(json.ContainsKey(key + "_median_words_per_second"), key + " median");
            // the best round is at least as fast as the median round (the parser's rate is a difference of two steps)
            if (key != "parser")
                Assert.True(json[key + "_words_per_second"]!.GetValue<double>() >= json[key + "_median_words_per_second"]!.GetValue<double>(), key);
        }
        Assert.Equal(3, json["repetitions"]!.GetValue<int>());
        foreach (var (key, value) in json)
        {
            if (!key.EndsWith("_words_per_second", StringComparison.Ordinal)) continue;
            double rate = value!.GetValue<double>();
            // one core does not analyse a billion words a second: anything above is a division by a vanishing time
            Assert.InRange(rate, 0, 1e9);
        }
    }
}
