using System.Diagnostics;
using Attest.Text;
using Xunit.Abstractions;

namespace Attest.Tests.Text;

public class TokenizerEvaluationTests(ITestOutputHelper output)
{
    private const string Sample = """
        # newdoc id = doc1
        # sent_id = doc1-1
        # newpar id = doc1-p1
        # text = I don't know.
        1	I	I	PRON	PRP	_	3	nsubj	_	_
        2-3	don't	_	_	_	_	_	_	_	_
        2	do	do	AUX	VBP	_	4	aux	_	_
        3	n't	not	PART	RB	_	4	advmod	_	_
        4	know	know	VERB	VB	_	0	root	_	SpaceAfter=No
        5	.	.	PUNCT	.	_	4	punct	_	_

        # sent_id = doc1-2
        # text = Its fine
        1-2	Its	_	_	_	_	_	_	_	_
        1	It	it	PRON	PRP	_	3	nsubj	_	_
        2	s	be	AUX	VBZ	_	3	cop	_	_
        3	fine	fine	ADJ	JJ	_	0	root	_	_

        # newpar id = doc1-p2
        # sent_id = doc1-3
        # text = Bye now!
        1	Bye	bye	INTJ	UH	_	0	root	_	_
        2	now	now	ADV	RB	_	1	advmod	_	SpaceAfter=No
        3	!	!	PUNCT	.	_	1	punct	_	_

        """;

    [Fact]
    public void Rebuilds_raw_text_and_gold_spans()
    {
        var gold = TokenizerEvaluation.ReadGold(new StringReader(Sample));
        Assert.Equal("I don't know. Its fine\n\nBye now!", gold.Text);
        // "don't" yields its two words; "Its" (words "It" + "s") also spells its surface, so it is split too
        var forms = gold.Tokens.Select(s => gold.Text[s.Start..s.End]).ToArray();
        Assert.Equal(new[] { "I", "do", "n't", "know", ".", "It", "s", "fine", "Bye", "now", "!" }, forms);
        Assert.Equal(3, gold.Sentences.Length);
        Assert.Equal("Bye now!", gold.Text[gold.Sentences[2].Start..gold.Sentences[2].End]);
        Assert.Equal(0, gold.UnalignedWords);

        var score = TokenizerEvaluation.Evaluate(gold, NewsTokenizer.Default);
        Assert.Equal(11, score.GoldTokens);
        Assert.Equal(10, score.SystemTokens); // "Its" stays one token
        Assert.Equal(9, score.CorrectTokens);
        Assert.Equal(3, score.CorrectSentences);
        Assert.Equal(100.0, score.SentencesF1, 6);
    }

    [Fact]
    public void Raw_syntax_evaluation_agrees_with_tokenizer_evaluation()
    {
        // "Its" does not split under the tokenizer, "don't" does: both evaluations must count the same spans
        var gold = TokenizerEvaluation.ReadGold(new StringReader(Sample));
        var tokenizer = NewsTokenizer.Default;
        var tokenization = TokenizerEvaluation.Evaluate(gold, tokenizer);
        var sentences = Attest.Syntax.ConlluReader.Read(new StringReader(Sample)).ToList();
        var analyzer = Attest.Syntax.PerceptronSyntaxAnalyzer.LoadDefault();
        var fromFile = Attest.Syntax.SyntaxEvaluator.EvaluateRaw(analyzer, tokenizer, gold, sentences);
        var fromSentences = Attest.Syntax.SyntaxEvaluator.EvaluateRaw(analyzer, tokenizer, sentences);
        Assert.Equal(tokenization.TokensF1, fromFile.TokensF1!.Value, 9);
        Assert.Equal(tokenization.SentencesF1, fromFile.SentencesF1!.Value, 9);
        Assert.Equal(200.0 * 9 / 21, fromFile.TokensF1!.Value, 9);
        Assert.Equal(fromFile, fromSentences with { WordsPerSecond = fromFile.WordsPerSecond });
        // tags and attachments are scored over the same aligned words, so they cannot beat the tokens F1
        Assert.InRange(fromFile.Upos, 0, fromFile.TokensF1!.Value);
        Assert.InRange(fromFile.Las, 0, fromFile.Uas);
    }

    [SkippableFact]
    public void EWT_test_meets_the_project_bars()
    {
        var path = SharedData.Require("corpora/ud-english-ewt/en_ewt-ud-test.conllu");
        var score = TokenizerEvaluation.Evaluate(path, NewsTokenizer.Default);
        output.WriteLine("EWT test: " + score);
        Assert.Equal(0, score.UnalignedWords);
        Assert.True(score.TokensF1 >= 99.0, $"tokens F1 {score.TokensF1:F2} < 99.0");
        Assert.True(score.SentencesF1 >= 85.0, $"sentences F1 {score.SentencesF1:F2} < 85.0");
    }

}

[CollectionDefinition("Benchmark", DisableParallelization = true)]
public sealed class BenchmarkCollection;

/// <summary>Throughput on EWT train raw text; runs only with ATTEST_BENCH=1, alone (no parallel tests).</summary>
[Collection("Benchmark")]
public class TokenizerThroughput(ITestOutputHelper output)
{
    [SkippableFact]
    public void Throughput_on_EWT_train()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("ATTEST_BENCH") == "1", "set ATTEST_BENCH=1 to measure throughput");
        var text = TokenizerEvaluation.ReadRawText(SharedData.Require("corpora/ud-english-ewt/en_ewt-ud-train.conllu"));
        var tokenizer = NewsTokenizer.Default;
        int tokens = 0;
        for (int i = 0; i < 5; i++) tokens = tokenizer.Tokenize(text).TokenCount;
        // best of 20 passes: the machine is shared, the fastest pass is the least disturbed one
        double best = double.MaxValue, total = 0;
        const int passes = 20;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        for (int i = 0; i < passes; i++)
        {
            var sw = Stopwatch.StartNew();
            tokenizer.Tokenize(text);
            sw.Stop();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            total += sw.Elapsed.TotalSeconds;
        }
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        output.WriteLine($"{text.Length} chars, {tokens} tokens per pass: best {tokens / best / 1e6:F2} M tokens/s, " +
            $"mean {tokens * passes / total / 1e6:F2} M tokens/s wall, {tokens * passes / cpu / 1e6:F2} M tokens per CPU second");
    }
}
