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

/// <summary>Words of one gold relation: how many, how many got the right head, and the right head and relation.</summary>
public readonly record struct RelationScore(int Words, int HeadRight, int LabelRight);

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

    public static SyntaxScores EvaluateGold(ISyntaxAnalyzer analyzer, IReadOnlyList<ConlluSentence> sentences, int batch = 256) =>
        EvaluateGold(analyzer, sentences, null, null, batch);

    /// <summary>As <see cref="EvaluateGold(ISyntaxAnalyzer, IReadOnlyList{ConlluSentence}, int)"/>, also counting, per gold
    /// relation, its words and those with the right head and the right head and relation into <paramref name="byRelation"/>,
    /// and writing every sentence with the predicted tags, lemmas, heads and relations (gold comments, forms and MISC) to
    /// <paramref name="predictions"/> as CoNLL-U.</summary>
    public static SyntaxScores EvaluateGold(ISyntaxAnalyzer analyzer, IReadOnlyList<ConlluSentence> sentences, SortedDictionary<string, RelationScore>? byRelation,
        TextWriter? predictions, int batch = 256)
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
                    int head = layer.HeadInSentence(t, first);
                    bool headRight = head == w.Head, labelRight = headRight && layer.Relations[t] == w.Deprel;
                    if (headRight) uas++;
                    if (labelRight) las++;
                    if (byRelation is not null)
                    {
                        var r = byRelation.GetValueOrDefault(w.Deprel);
                        byRelation[w.Deprel] = new RelationScore(r.Words + 1, r.HeadRight + (headRight ? 1 : 0), r.LabelRight + (labelRight ? 1 : 0));
                    }
                    t++;
                }
                if (predictions is not null) WritePredicted(predictions, sentences[s], layer, first);
            }
        }
        double P(int x) => words == 0 ? 0 : 100.0 * x / words;
        return new SyntaxScores(P(upos), P(xpos), P(lemma), P(uas), P(las), words, words / Math.Max(elapsed.TotalSeconds, 1e-9));
    }

    private static void WritePredicted(TextWriter writer, ConlluSentence gold, SyntaxLayer layer, int first)
    {
        var words = new ConlluWord[gold.Count];
        for (int k = 0; k < words.Length; k++)
        {
            int t = first + k;
            var g = gold.Words[k];
            int head = layer.HeadInSentence(t, first);
            words[k] = g with
            {
                Lemma = layer.Lemmas[t], Upos = layer.Upos[t].ToString(), Xpos = layer.Xpos[t], Feats = "_",
                Head = layer.HasParse ? head : -1, Deprel = layer.HasParse ? layer.Relations[t] : "_", Deps = "_",
            };
        }
        ConlluWriter.Write(writer, new ConlluSentence(gold.Comments, words, gold.Multiwords, gold.DocumentId, gold.NewDocument, gold.NewParagraph));
    }

    /// <summary>
    /// Raw-text evaluation of sentences already read: they are written back as CoNLL-U and their raw text is rebuilt
    /// by <see cref="TokenizerEvaluation.ReadGold"/>, so that this and the tokenizer evaluation share one reconstruction.
    /// </summary>
    public static SyntaxScores EvaluateRaw(ISyntaxAnalyzer analyzer, ITokenizer tokenizer, IReadOnlyList<ConlluSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var conllu = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var s in sentences) ConlluWriter.Write(conllu, s);
        var gold = TokenizerEvaluation.ReadGold(new StringReader(conllu.ToString()));
        return EvaluateRaw(analyzer, tokenizer, gold, sentences);
    }

    /// <summary>
    /// Raw-text evaluation, CoNLL 2018 shared-task style: the gold raw text (<see cref="TokenizerEvaluation.ReadGold"/>:
    /// <c># text</c> lines, paragraphs from <c># newdoc</c>/<c># newpar</c>) is tokenized and analysed, and a system word
    /// is aligned to a gold word when their character spans are equal. A multiword token such as "don't" is scored as its
    /// syntactic words ("do" + "n't") when they spell its surface, else as one gold word (its first). Tokens and
    /// sentences F1 are <see cref="TokenizerEvaluation.Score"/> of the same tokenization; the tag and attachment scores
    /// are F1 over the same gold and system words (a head is right when the system head aligns to the gold head).
    /// </summary>
    /// <param name="gold">the gold spans read from the CoNLL-U file that <paramref name="sentences"/> were read from</param>
    public static SyntaxScores EvaluateRaw(ISyntaxAnalyzer analyzer, ITokenizer tokenizer, TokenizationGold gold, IReadOnlyList<ConlluSentence> sentences)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(sentences);
        // file-wide word arrays: gold word, and its head as a file-wide word index (-1 for the root)
        var words = new ConlluWord[gold.WordTokens.Length];
        var goldHead = new int[words.Length];
        int n = 0;
        foreach (var s in sentences)
        {
            if (n + s.Count > words.Length) throw new ArgumentException("the sentences have more words than the gold spans", nameof(sentences));
            int first = n;
            foreach (var w in s.Words)
            {
                goldHead[n] = w.Head <= 0 ? -1 : first + w.Head - 1;
                words[n++] = w;
            }
        }
        if (n != words.Length) throw new ArgumentException("the sentences have fewer words than the gold spans", nameof(sentences));
        // gold token -> the (first) gold word it stands for
        var wordToken = gold.WordTokens.AsSpan();
        var tokenWord = new int[gold.Tokens.Length];
        Array.Fill(tokenWord, -1);
        for (int i = 0; i < wordToken.Length; i++)
            if (wordToken[i] >= 0 && tokenWord[wordToken[i]] < 0) tokenWord[wordToken[i]] = i;

        long t0 = Stopwatch.GetTimestamp();
        var tokenized = tokenizer.Tokenize(gold.Text);
        var layer = analyzer.Analyze(tokenized);
        var elapsed = Stopwatch.GetElapsedTime(t0);

        int sys = tokenized.TokenCount;
        var sysToGold = new int[sys];
        {
            var goldTokens = gold.Tokens.AsSpan();
            int g = 0;
            for (int t = 0; t < sys; t++)
            {
                var tok = tokenized[t];
                while (g < goldTokens.Length && (goldTokens[g].Start < tok.Start || (goldTokens[g].Start == tok.Start && goldTokens[g].End < tok.End))) g++;
                sysToGold[t] = g < goldTokens.Length && goldTokens[g].Start == tok.Start && goldTokens[g].End == tok.End ? g : -1;
            }
        }
        int upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
        for (int t = 0; t < sys; t++)
        {
            int g = sysToGold[t];
            if (g < 0) continue;
            int wi = tokenWord[g];
            var w = words[wi];
            if (layer.Upos[t].ToString() == w.Upos) upos++;
            if (layer.Xpos[t] == w.Xpos) xpos++;
            if (layer.Lemmas[t] == w.Lemma) lemma++;
            int sh = layer.Heads[t];
            int gh = goldHead[wi];
            bool headOk = sh < 0 ? gh < 0 : gh >= 0 && sysToGold[sh] >= 0 && sysToGold[sh] == wordToken[gh];
            if (headOk)
            {
                uas++;
                if (layer.Relations[t] == w.Deprel) las++;
            }
        }
        var tokenization = TokenizerEvaluation.Score(gold, tokenized);
        int ng = gold.Tokens.Length;
        static double F(int correct, int g, int s) => g + s == 0 ? 0 : 200.0 * correct / (g + s);
        return new SyntaxScores(F(upos, ng, sys), F(xpos, ng, sys), F(lemma, ng, sys), F(uas, ng, sys), F(las, ng, sys), ng, ng / Math.Max(elapsed.TotalSeconds, 1e-9))
        {
            TokensF1 = tokenization.TokensF1,
            SentencesF1 = tokenization.SentencesF1,
        };
    }
}
