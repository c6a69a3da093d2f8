using Attest.Syntax;
using Attest.Text;

namespace Attest.Tests.Entities;

/// <summary>Builds a bare SyntaxLayer (UPOS X, lemma = lower-case word, no parse) from a simple split of the text.</summary>
internal static class TestSyntax
{
    private static readonly string[] Abbrev = ["Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.", "Jan.", "Feb.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "St.", "Prof."];

    public static SyntaxLayer Build(string text)
    {
        if (Environment.GetEnvironmentVariable("ATTEST_NEWS_TOKENIZER") is not null) return FromTokens(NewsTokenizer.Default.Tokenize(text));
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            int j = i;
            while (j < text.Length && !char.IsWhiteSpace(text[j])) j++;
            Chunk(text, i, j, tokens);
            i = j;
        }
        // mark spaces
        for (int k = 0; k < tokens.Count; k++)
        {
            var tk = tokens[k];
            bool space = tk.End < text.Length && char.IsWhiteSpace(text[tk.End]);
            tokens[k] = tk with { Flags = space ? TokenFlags.SpaceAfter : TokenFlags.None };
        }
        var sentences = new List<SentenceRange>();
        int first = 0;
        for (int k = 0; k < tokens.Count; k++)
        {
            var w = text[tokens[k].Start..tokens[k].End];
            bool end = w is "." or "!" or "?";
            int last = k;
            if (end && k + 1 < tokens.Count && text[tokens[k + 1].Start..tokens[k + 1].End] is "\"" or "\u201D") last = k + 1;
            bool newline = k + 1 < tokens.Count && text.AsSpan(tokens[k].End, tokens[k + 1].Start - tokens[k].End).Contains('\n');
            if ((end && (last + 1 >= tokens.Count || char.IsUpper(text[tokens[last + 1].Start]) || text[tokens[last + 1].Start] is '"' or '\u201C')) || newline || k == tokens.Count - 1)
            {
                sentences.Add(new SentenceRange(tokens[first].Start, tokens[last].End, first, last - first + 1));
                first = last + 1;
                k = last;
            }
        }
        return FromTokens(new TokenizedText(text, [.. tokens], [.. sentences]));
    }

    /// <summary>A bare layer over tokens from any tokenizer.</summary>
    public static SyntaxLayer FromTokens(TokenizedText tt)
    {
        var text = tt.Text;
        var tokens = tt.Tokens.ToArray();
        int n = tokens.Length;
        var heads = new int[n];
        Array.Fill(heads, -1);
        var rel = new string[n];
        Array.Fill(rel, "dep");
        var lemmas = tokens.Select(tk => text[tk.Start..tk.End].ToLowerInvariant()).ToArray();
        return new SyntaxLayer(tt, new UPos[n], Enumerable.Repeat("_", n).ToArray(), lemmas, heads, rel);
    }

    private static void Chunk(string text, int s, int e, List<Token> tokens)
    {
        for (int k = s; k < e; k++)
        {
            if (text[k] is '\u2014' or '\u2013' or '\u2026')
            {
                if (k > s) Chunk(text, s, k, tokens);
                tokens.Add(new Token(k, k + 1, TokenFlags.None));
                if (k + 1 < e) Chunk(text, k + 1, e, tokens);
                return;
            }
        }
        while (s < e && "\"\u201C\u201D\u2018\u2019'([".Contains(text[s]))
        {
            tokens.Add(new Token(s, s + 1, TokenFlags.None));
            s++;
        }
        var tail = new Stack<Token>();
        while (e > s)
        {
            char c = text[e - 1];
            if ("\"\u201C\u201D\u2018),;:!?]".Contains(c)) { tail.Push(new Token(e - 1, e, TokenFlags.None)); e--; continue; }
            if (c == '.')
            {
                var w = text[s..e];
                bool abbr = Abbrev.Contains(w) || w[..^1].Contains('.') || (w.Length == 2 && char.IsUpper(w[0]));
                if (!abbr) { tail.Push(new Token(e - 1, e, TokenFlags.None)); e--; continue; }
            }
            break;
        }
        if (e > s)
        {
            var w = text[s..e];
            if (w.Length > 2 && (w.EndsWith("'s") || w.EndsWith("\u2019s")))
            {
                tokens.Add(new Token(s, e - 2, TokenFlags.None));
                tokens.Add(new Token(e - 2, e, TokenFlags.None));
            }
            else if (w.Length > 2 && (w.EndsWith("s'") || w.EndsWith("s\u2019")))
            {
                tokens.Add(new Token(s, e - 1, TokenFlags.None));
                tokens.Add(new Token(e - 1, e, TokenFlags.None));
            }
            else tokens.Add(new Token(s, e, TokenFlags.None));
        }
        while (tail.Count > 0) tokens.Add(tail.Pop());
    }
}
