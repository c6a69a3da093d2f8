using System.Diagnostics;
using System.Text;
using Attest.Text;

namespace Attest.Syntax;

/// <summary>Scores of a syntax analyzer against a treebank, as percentages.</summary>
public sealed record SyntaxScores(double Upos, double Xpos, double Lemma, double Uas, double Las, int Words, double WordsPerSecond)
{
    public double? TokensF1 { get; init; }
    public double? SentencesF1 { get; init; }
}

/// <summary>Evaluates an <see cref="ISyntaxAnalyzer"/> on CoNLL-U gold data, with gold tokens or from raw text.</summary>
public static class SyntaxEvaluator
{
    /// <summary>Builds a tokenized text whose tokens are the syntactic words of the sentences (words joined by spaces, one sentence per line).</summary>
    public static TokenizedText GoldTokens(IReadOnlyList<ConlluSentence> sentences, int start, int count)
    {
        var sb = new StringBuilder();
        var tokens = new List<Token>();
        var sents = new List<SentenceRange>();
        for (int s = start; s < start + count; s++)
        {
            int sStart = sb.Length, first = tokens.Count;
            foreach (var w in sentences[s].Words)
            {
                if (sb.Length > sStart) sb.Append(' ');
                tokens.Add(new Token(sb.Length, sb.Length + w.Form.Length, TokenFlags.SpaceAfter));
                sb.Append(w.Form);
            }
            sents.Add(new SentenceRange(sStart, sb.Length, first, tokens.Count - first));
            sb.Append('\n');
        }
        return new TokenizedText(sb.ToString(), tokens.ToArray(), sents.ToArray());
    }

    public static SyntaxScores EvaluateGold(ISyntaxAnalyzer analyzer, IReadOnlyList<ConlluSentence> sentences, int batch = 256)
    {
        int words = 0, upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
        var elapsed = TimeSpan.Zero;
        for (int start = 0; start < sentences.Count; start += batch)
        {
            int count = Math.Min(batch, sentences.Count - start);
            var text = GoldTokens(sentences, start, count);
            long t0 = Stopwatch.GetTimestamp();
            var layer = analyzer.Analyze(text);
            elapsed += Stopwatch.GetElapsedTime(t0);
            int t = 0;
            for (int s = start; s < start + count; s++)
            {
                int first = t;
                foreach (var w in sentences[s].Words)
                {
                    words++;
                    if (layer.Upos[t].ToString() == w.Upos) upos++;
                    if (layer.Xpos[t] == w.Xpos) xpos++;
                    if (layer.Lemmas[t] == w.Lemma) lemma++;
                    int head = layer.Heads[t] < 0 ? 0 : layer.Heads[t] - first + 1;
                    if (head == w.Head)
                    {
                        uas++;
                        if (layer.Relations[t] == w.Deprel) las++;
                    }
                    t++;
                }
            }
        }
        double P(int x) => words == 0 ? 0 : 100.0 * x / words;
        return new SyntaxScores(P(upos), P(xpos), P(lemma), P(uas), P(las), words, words / Math.Max(elapsed.TotalSeconds, 1e-9));
    }

    /// <summary>Reconstructs the raw text of the treebank (surface tokens, SpaceAfter, a blank line between paragraphs).</summary>
    public static (string Text, List<(int Start, int End)> WordSpans, List<(int Start, int End)> TokenSpans, List<(int Start, int End)> SentenceSpans) RawText(IReadOnlyList<ConlluSentence> sentences)
    {
        var sb = new StringBuilder();
        var wordSpans = new List<(int, int)>();
        var tokenSpans = new List<(int, int)>();
        var sentSpans = new List<(int, int)>();
        foreach (var s in sentences)
        {
            if (sb.Length > 0) sb.Append(s.NewParagraph ? "\n\n" : " ");
            int sStart = sb.Length;
            int m = 0;
            bool space = false;
            for (int i = 0; i < s.Words.Length;)
            {
                if (space) sb.Append(' ');
                if (m < s.Multiwords.Length && s.Multiwords[m].First == i)
                {
                    var mw = s.Multiwords[m++];
                    int ts = sb.Length;
                    sb.Append(mw.Form);
                    tokenSpans.Add((ts, sb.Length));
                    // split the surface among the words when their forms concatenate to it, else share the span
                    int pos = ts;
                    bool concat = string.Concat(s.Words[mw.First..(mw.Last + 1)].Select(w => w.Form)) == mw.Form;
                    for (int k = mw.First; k <= mw.Last; k++)
                    {
                        if (concat) { wordSpans.Add((pos, pos + s.Words[k].Form.Length)); pos += s.Words[k].Form.Length; }
                        else wordSpans.Add((ts, sb.Length));
                    }
                    space = mw.SpaceAfter;
                    i = mw.Last + 1;
                }
                else
                {
                    int ts = sb.Length;
                    sb.Append(s.Words[i].Form);
                    tokenSpans.Add((ts, sb.Length));
                    wordSpans.Add((ts, sb.Length));
                    space = s.Words[i].SpaceAfter;
                    i++;
                }
            }
            sentSpans.Add((sStart, sb.Length));
        }
        return (sb.ToString(), wordSpans, tokenSpans, sentSpans);
    }

    /// <summary>Raw-text evaluation: tokenizes the reconstructed text and aligns system words to gold words by character span (CoNLL 2018 style F1).</summary>
    public static SyntaxScores EvaluateRaw(ISyntaxAnalyzer analyzer, ITokenizer tokenizer, IReadOnlyList<ConlluSentence> sentences)
    {
        var (text, goldWordSpans, goldTokenSpans, goldSentSpans) = RawText(sentences);
        long t0 = Stopwatch.GetTimestamp();
        var tokenized = tokenizer.Tokenize(text);
        var layer = analyzer.Analyze(tokenized);
        var elapsed = Stopwatch.GetElapsedTime(t0);
        var gold = sentences.SelectMany(s => s.Words).ToArray();
        var goldSentOf = new int[gold.Length];
        {
            int gw = 0;
            int si = 0;
            foreach (var s in sentences) { for (int k = 0; k < s.Count; k++) goldSentOf[gw++] = si; si++; }
        }
        var goldFirst = new int[sentences.Count];
        for (int i = 0, acc = 0; i < sentences.Count; i++) { goldFirst[i] = acc; acc += sentences[i].Count; }
        // align by identical spans
        var goldBySpan = new Dictionary<(int, int), int>();
        for (int i = 0; i < goldWordSpans.Count; i++) goldBySpan.TryAdd(goldWordSpans[i], i);
        int sys = tokenized.TokenCount;
        var sysToGold = new int[sys];
        for (int t = 0; t < sys; t++)
        {
            var tok = tokenized[t];
            sysToGold[t] = goldBySpan.TryGetValue((tok.Start, tok.End), out int gi) ? gi : -1;
        }
        int upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0, aligned = 0;
        for (int t = 0; t < sys; t++)
        {
            int gi = sysToGold[t];
            if (gi < 0) continue;
            aligned++;
            var w = gold[gi];
            if (layer.Upos[t].ToString() == w.Upos) upos++;
            if (layer.Xpos[t] == w.Xpos) xpos++;
            if (layer.Lemmas[t] == w.Lemma) lemma++;
            int goldHead = w.Head == 0 ? -1 : goldFirst[goldSentOf[gi]] + w.Head - 1;
            int sysHead = layer.Heads[t] < 0 ? -1 : sysToGold[layer.Heads[t]];
            bool headOk = layer.Heads[t] < 0 ? goldHead < 0 : sysHead >= 0 && sysHead == goldHead;
            if (headOk)
            {
                uas++;
                if (layer.Relations[t] == w.Deprel) las++;
            }
        }
        static double F(int correct, int g, int s) => g + s == 0 ? 0 : 200.0 * correct / (g + s);
        var goldTok = new HashSet<(int, int)>(goldTokenSpans);
        int tokOk = 0;
        for (int t = 0; t < sys; t++) if (goldTok.Contains((tokenized[t].Start, tokenized[t].End))) tokOk++;
        var goldSent = new HashSet<(int, int)>(goldSentSpans);
        int sentOk = 0;
        foreach (var s in tokenized.Sentences)
        {
            // compare sentence extents by first/last token character positions
            if (s.TokenCount == 0) continue;
            var span = (tokenized[s.FirstToken].Start, tokenized[s.EndToken - 1].End);
            if (goldSent.Contains(span)) sentOk++;
        }
        int ng = gold.Length;
        return new SyntaxScores(F(upos, ng, sys), F(xpos, ng, sys), F(lemma, ng, sys), F(uas, ng, sys), F(las, ng, sys), ng, ng / Math.Max(elapsed.TotalSeconds, 1e-9))
        {
            TokensF1 = F(tokOk, goldTokenSpans.Count, sys),
            SentencesF1 = F(sentOk, goldSentSpans.Count, tokenized.SentenceCount),
        };
    }
}
