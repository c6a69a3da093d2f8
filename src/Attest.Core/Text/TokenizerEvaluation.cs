using System.Collections.Immutable;
using System.Text;

namespace Attest.Text;

/// <summary>A character range [Start, End) of a text.</summary>
public readonly record struct CharSpan(int Start, int End);

/// <summary>Raw text rebuilt from a CoNLL-U file with the character spans of its gold words and sentences.</summary>
/// <param name="Text">documents and paragraphs joined by "\n\n", sentences of a paragraph by a space</param>
/// <param name="Tokens">gold syntactic words (a multiword token whose words do not spell its surface counts once)</param>
/// <param name="Sentences">gold sentences, from the first word's start to the last word's end</param>
/// <param name="UnalignedWords">gold words whose form could not be found in the sentence text, or whose sentence has no <c># text</c></param>
/// <param name="WordTokens">for each syntactic word of the file (in file order, every sentence with or without
/// <c># text</c>, empty nodes excluded), the index of the gold token that stands for it, or -1 when it is unaligned;
/// the words of a multiword token that counts once all give that token</param>
public sealed record TokenizationGold(
    string Text, ImmutableArray<CharSpan> Tokens, ImmutableArray<CharSpan> Sentences, int UnalignedWords,
    ImmutableArray<int> WordTokens);

/// <summary>Scores of a tokenizer against gold, CoNLL 2018 shared-task style (exact character spans).</summary>
public sealed record TokenizationScore(
    int GoldTokens, int SystemTokens, int CorrectTokens,
    int GoldSentences, int SystemSentences, int CorrectSentences,
    int UnalignedWords)
{
    public double TokensPrecision => Percent(CorrectTokens, SystemTokens);
    public double TokensRecall => Percent(CorrectTokens, GoldTokens);
    public double TokensF1 => F1(CorrectTokens, GoldTokens, SystemTokens);
    public double SentencesPrecision => Percent(CorrectSentences, SystemSentences);
    public double SentencesRecall => Percent(CorrectSentences, GoldSentences);
    public double SentencesF1 => F1(CorrectSentences, GoldSentences, SystemSentences);

    private static double Percent(int part, int whole) => whole == 0 ? 0 : 100.0 * part / whole;

    private static double F1(int correct, int gold, int system) => gold + system == 0 ? 0 : 200.0 * correct / (gold + system);

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"tokens P/R/F1 {TokensPrecision:F2}/{TokensRecall:F2}/{TokensF1:F2} ({CorrectTokens} of {GoldTokens} gold, {SystemTokens} system); " +
        $"sentences P/R/F1 {SentencesPrecision:F2}/{SentencesRecall:F2}/{SentencesF1:F2} ({CorrectSentences} of {GoldSentences} gold, {SystemSentences} system)");
}

/// <summary>
/// Scores tokenization and sentence segmentation from raw text against a CoNLL-U treebank: the raw text is rebuilt
/// from the <c># text =</c> lines (<c># newdoc</c> and <c># newpar</c> start paragraphs, joined by "\n\n"; sentences
/// of a paragraph are joined by a space), tokenized, and system tokens and sentences count as correct when their
/// character spans equal gold ones. Gold tokens are the syntactic words: a multiword token such as "don't" yields
/// "do" + "n't" when its words spell its surface form, else it is one gold token spanning the surface.
/// </summary>
public static class TokenizerEvaluation
{
    public static TokenizationScore Evaluate(string conlluPath, ITokenizer tokenizer)
    {
        using var reader = new StreamReader(conlluPath, Encoding.UTF8);
        return Evaluate(ReadGold(reader), tokenizer);
    }

    public static TokenizationScore Evaluate(TokenizationGold gold, ITokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(tokenizer);
        return Score(gold, tokenizer.Tokenize(gold.Text));
    }

    /// <summary>Scores an already tokenized <see cref="TokenizationGold.Text"/> against the gold spans.</summary>
    public static TokenizationScore Score(TokenizationGold gold, TokenizedText system)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(system);
        if (!string.Equals(system.Text, gold.Text, StringComparison.Ordinal))
            throw new ArgumentException("the system text is not the gold raw text", nameof(system));
        var sysTokens = new CharSpan[system.TokenCount];
        for (int i = 0; i < sysTokens.Length; i++) sysTokens[i] = new CharSpan(system[i].Start, system[i].End);
        var sysSentences = new CharSpan[system.SentenceCount];
        for (int i = 0; i < sysSentences.Length; i++) sysSentences[i] = new CharSpan(system.Sentences[i].Start, system.Sentences[i].End);
        return new TokenizationScore(
            gold.Tokens.Length, sysTokens.Length, CountMatches(gold.Tokens.AsSpan(), sysTokens),
            gold.Sentences.Length, sysSentences.Length, CountMatches(gold.Sentences.AsSpan(), sysSentences),
            gold.UnalignedWords);
    }

    /// <summary>Number of spans present in both sorted lists.</summary>
    public static int CountMatches(ReadOnlySpan<CharSpan> gold, ReadOnlySpan<CharSpan> system)
    {
        int i = 0, j = 0, matches = 0;
        while (i < gold.Length && j < system.Length)
        {
            var g = gold[i];
            var s = system[j];
            if (g == s)
            {
                matches++;
                i++;
                j++;
            }
            else if (g.Start < s.Start || (g.Start == s.Start && g.End < s.End)) i++;
            else j++;
        }
        return matches;
    }

    /// <summary>Only the raw text of a CoNLL-U file, rebuilt as <see cref="ReadGold"/> does.</summary>
    public static string ReadRawText(string conlluPath)
    {
        using var reader = new StreamReader(conlluPath, Encoding.UTF8);
        return ReadGold(reader).Text;
    }

    public static TokenizationGold ReadGold(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = new StringBuilder(1 << 16);
        var tokens = ImmutableArray.CreateBuilder<CharSpan>();
        var wordTokens = ImmutableArray.CreateBuilder<int>();
        int mwtFirstWord = 0;    // file-wide index of the first word of the current multiword token
        var sentences = ImmutableArray.CreateBuilder<CharSpan>();
        int unaligned = 0;

        bool newParagraph = true;
        string? sentenceText = null;
        int sentenceOffset = -1; // offset of the current sentence in text, -1 before its first word
        int pos = 0;             // search position inside the current sentence (absolute)
        int firstToken = 0;
        int mwtLast = 0;         // last word id covered by the current multiword token
        var mwtWords = new List<string>();
        int mwtStart = 0, mwtEnd = 0;
        string? mwtForm = null;
        int mwtFirst = 0;

        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                FinishSentence();
                continue;
            }
            if (line[0] == '#')
            {
                if (line.StartsWith("# newdoc", StringComparison.Ordinal) || line.StartsWith("# newpar", StringComparison.Ordinal)) newParagraph = true;
                else if (line.StartsWith("# text = ", StringComparison.Ordinal)) sentenceText = line[9..];
                continue;
            }
            int tab1 = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab1 <= 0) continue;
            var id = line.AsSpan(0, tab1);
            if (id.Contains('.')) continue; // empty node
            int dash = id.IndexOf('-');
            bool isWord = dash <= 0;
            int wordIndex = -1;
            if (isWord)
            {
                wordIndex = wordTokens.Count;
                wordTokens.Add(-1);
            }
            if (sentenceText is null) // a sentence without # text cannot be placed: its words count as unaligned
            {
                if (isWord) unaligned++;
                continue;
            }
            if (sentenceOffset < 0)
            {
                if (text.Length > 0) text.Append(newParagraph ? "\n\n" : " ");
                newParagraph = false;
                sentenceOffset = text.Length;
                text.Append(sentenceText);
                pos = sentenceOffset;
                firstToken = tokens.Count;
            }

            int tab2 = line.IndexOf('\t', tab1 + 1);
            string form = tab2 < 0 ? line[(tab1 + 1)..] : line[(tab1 + 1)..tab2];
            if (!isWord)
            {
                int first = int.Parse(id[..dash], System.Globalization.CultureInfo.InvariantCulture);
                mwtLast = int.Parse(id[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                mwtFirst = first;
                mwtFirstWord = wordTokens.Count; // the range line comes right before its first word
                if (Find(form, out mwtStart, out mwtEnd))
                {
                    mwtForm = form;
                    mwtWords.Clear();
                }
                else
                {
                    mwtForm = null;
                    unaligned += mwtLast - first + 1;
                }
                continue;
            }
            int wordId = int.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
            if (wordId <= mwtLast && wordId >= mwtFirst)
            {
                if (mwtForm is null) continue;
                mwtWords.Add(form);
                if (wordId == mwtLast) FinishMultiword();
                continue;
            }
            if (Find(form, out int start, out int end))
            {
                wordTokens[wordIndex] = tokens.Count;
                tokens.Add(new CharSpan(start, end));
            }
            else unaligned++;
        }
        FinishSentence();
        return new TokenizationGold(text.ToString(), tokens.ToImmutable(), sentences.ToImmutable(), unaligned, wordTokens.ToImmutable());

        bool Find(string form, out int start, out int end)
        {
            int sentenceEnd = sentenceOffset + sentenceText!.Length;
            // skip whitespace, expect the form here; else search forward in the sentence
            int p = pos;
            while (p < sentenceEnd && char.IsWhiteSpace(text[p])) p++;
            if (Matches(p, form, sentenceEnd))
            {
                start = p;
            }
            else
            {
                int rel = sentenceText.IndexOf(form, p - sentenceOffset, StringComparison.Ordinal);
                if (rel < 0)
                {
                    start = end = 0;
                    return false;
                }
                start = sentenceOffset + rel;
            }
            end = start + form.Length;
            pos = end;
            return true;
        }

        bool Matches(int p, string form, int limit)
        {
            if (p + form.Length > limit) return false;
            for (int k = 0; k < form.Length; k++)
                if (text[p + k] != form[k]) return false;
            return true;
        }

        void FinishMultiword()
        {
            int total = 0;
            foreach (var w in mwtWords) total += w.Length;
            bool spells = total == mwtEnd - mwtStart;
            if (spells)
            {
                int p = mwtStart;
                foreach (var w in mwtWords)
                {
                    if (!string.Equals(w, text.ToString(p, w.Length), StringComparison.OrdinalIgnoreCase))
                    {
                        spells = false;
                        break;
                    }
                    p += w.Length;
                }
            }
            if (spells)
            {
                int p = mwtStart;
                for (int k = 0; k < mwtWords.Count; k++)
                {
                    wordTokens[mwtFirstWord + k] = tokens.Count;
                    tokens.Add(new CharSpan(p, p + mwtWords[k].Length));
                    p += mwtWords[k].Length;
                }
            }
            else
            {
                for (int k = 0; k < mwtWords.Count; k++) wordTokens[mwtFirstWord + k] = tokens.Count;
                tokens.Add(new CharSpan(mwtStart, mwtEnd));
            }
            mwtForm = null;
            mwtWords.Clear();
        }

        void FinishSentence()
        {
            if (sentenceOffset >= 0 && tokens.Count > firstToken)
                sentences.Add(new CharSpan(tokens[firstToken].Start, tokens[^1].End));
            sentenceOffset = -1;
            sentenceText = null;
            mwtLast = 0;
            mwtFirst = 0;
            mwtForm = null;
        }
    }
}
