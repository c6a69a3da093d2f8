using System.Text.Json;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Tests.Syntax;

public class CommittedModelTests
{
    private static string ModelDir => Path.Combine(SharedData.RepoRoot, "models");

    private static Dictionary<string, double> Recorded()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelDir, "scores.json")));
        var test = doc.RootElement.GetProperty("ewt_test");
        return test.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    [SkippableFact]
    public void Committed_models_reach_recorded_ewt_test_scores()
    {
        var path = SharedData.Require("corpora/ud-english-ewt/en_ewt-ud-test.conllu");
        var analyzer = PerceptronSyntaxAnalyzer.Load(ModelDir);
        var scores = SyntaxEvaluator.EvaluateGold(analyzer, ConlluReader.ReadFile(path).ToList());
        var recorded = Recorded();
        Assert.True(scores.Upos >= recorded["upos"] - 0.3, $"UPOS {scores.Upos:F2} < recorded {recorded["upos"]}");
        Assert.True(scores.Xpos >= recorded["xpos"] - 0.3, $"XPOS {scores.Xpos:F2} < recorded {recorded["xpos"]}");
        Assert.True(scores.Lemma >= recorded["lemma"] - 0.3, $"lemma {scores.Lemma:F2} < recorded {recorded["lemma"]}");
        if (recorded.TryGetValue("uas", out var uas))
        {
            Assert.True(scores.Uas >= uas - 0.3, $"UAS {scores.Uas:F2} < recorded {uas}");
            Assert.True(scores.Las >= recorded["las"] - 0.3, $"LAS {scores.Las:F2} < recorded {recorded["las"]}");
        }
    }

    [Fact]
    public void Embedded_models_load_and_analyze()
    {
        var analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
        Assert.Same(analyzer, PerceptronSyntaxAnalyzer.LoadDefault());
        var text = WhitespaceTokenizer.Instance.Tokenize("The minister said the talks had failed .");
        var layer = analyzer.Analyze(text);
        Assert.True(layer.HasParse);
        Assert.Equal(UPos.DET, layer.Upos[0]);
        Assert.Equal(UPos.NOUN, layer.Upos[1]);
        Assert.Equal(UPos.VERB, layer.Upos[2]);
        Assert.Equal("say", layer.Lemmas[2]);
        Assert.Equal("fail", layer.Lemmas[6]);
        Assert.Equal(-1, layer.Heads[2]);
        Assert.Equal("root", layer.Relations[2]);
        Assert.Equal(2, layer.Heads[1]);
        Assert.Equal("nsubj", layer.Relations[1]);
        Assert.Equal(1, layer.Heads.Count(h => h < 0));
    }

    [SkippableFact]
    public void Raw_evaluation_with_whitespace_tokenizer_aligns_by_characters()
    {
        var path = SharedData.Require("corpora/ud-english-ewt/en_ewt-ud-dev.conllu");
        var sentences = ConlluReader.ReadFile(path).Take(300).ToList();
        var analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
        var scores = SyntaxEvaluator.EvaluateRaw(analyzer, WhitespaceTokenizer.Instance, sentences);
        Assert.NotNull(scores.TokensF1);
        Assert.InRange(scores.TokensF1!.Value, 50, 100);
        Assert.InRange(scores.Upos, 40, 100);
    }
}

/// <summary>Test-only tokenizer: whitespace-separated tokens, one sentence per line (blank lines separate paragraphs).</summary>
internal sealed class WhitespaceTokenizer : ITokenizer
{
    public static readonly WhitespaceTokenizer Instance = new();

    public TokenizedText Tokenize(string text)
    {
        var tokens = new List<Token>();
        var sentences = new List<SentenceRange>();
        int lineStart = 0;
        while (lineStart <= text.Length)
        {
            int lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0) lineEnd = text.Length;
            int first = tokens.Count;
            int i = lineStart;
            while (i < lineEnd)
            {
                while (i < lineEnd && text[i] == ' ') i++;
                int s = i;
                while (i < lineEnd && text[i] != ' ') i++;
                if (i > s) tokens.Add(new Token(s, i, i < text.Length && text[i] == ' ' ? TokenFlags.SpaceAfter : TokenFlags.None));
            }
            if (tokens.Count > first) sentences.Add(new SentenceRange(tokens[first].Start, tokens[^1].End, first, tokens.Count - first));
            lineStart = lineEnd + 1;
        }
        return new TokenizedText(text, tokens.ToArray(), sentences.ToArray());
    }
}
