using System.Runtime.InteropServices;

namespace Attest.Text;

[Flags]
public enum TokenFlags : byte
{
    None = 0,
    /// <summary>whitespace follows the token in the text</summary>
    SpaceAfter = 1,
    /// <summary>the token begins a paragraph</summary>
    ParagraphStart = 2,
    /// <summary>the token is a quotation mark (straight or curly, single or double)</summary>
    Quote = 4,
}

/// <summary>One token: a UTF-16 range of the text. Clitics are separate tokens ("do" + "n't").</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct Token(int Start, int End, TokenFlags Flags)
{
    public int Length => End - Start;
}

/// <summary>A sentence: a character range and the range of token indexes it covers.</summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct SentenceRange(int Start, int End, int FirstToken, int TokenCount)
{
    public int EndToken => FirstToken + TokenCount;
}

/// <summary>The tokens and sentences of one text. Immutable once built.</summary>
public sealed class TokenizedText
{
    private readonly Token[] tokens;
    private readonly SentenceRange[] sentences;

    public TokenizedText(string text, Token[] tokens, SentenceRange[] sentences)
    {
        Text = text;
        this.tokens = tokens;
        this.sentences = sentences;
    }

    public string Text { get; }
    public ReadOnlySpan<Token> Tokens => tokens;
    public ReadOnlySpan<SentenceRange> Sentences => sentences;
    public int TokenCount => tokens.Length;
    public int SentenceCount => sentences.Length;

    public Token this[int index] => tokens[index];

    public ReadOnlySpan<char> TokenSpan(int index) => Text.AsSpan(tokens[index].Start, tokens[index].Length);

    public string TokenText(int index) => Text.Substring(tokens[index].Start, tokens[index].Length);

    /// <summary>Index of the sentence holding character <paramref name="position"/>, or -1.</summary>
    public int SentenceAt(int position)
    {
        int lo = 0, hi = sentences.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var s = sentences[mid];
            if (position < s.Start) hi = mid - 1;
            else if (position >= s.End) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    /// <summary>Index of the first token whose end is after <paramref name="position"/>, or TokenCount.</summary>
    public int TokenAtOrAfter(int position)
    {
        int lo = 0, hi = tokens.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (tokens[mid].End <= position) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

/// <summary>Stage 1b: splits cleaned text into tokens and sentences.</summary>
public interface ITokenizer
{
    TokenizedText Tokenize(string text);
}
