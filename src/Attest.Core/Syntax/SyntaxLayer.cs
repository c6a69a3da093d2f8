namespace Attest.Syntax;

/// <summary>Universal POS tags (UD v2).</summary>
public enum UPos : byte
{
    X = 0, ADJ, ADP, ADV, AUX, CCONJ, DET, INTJ, NOUN, NUM, PART, PRON, PROPN, PUNCT, SCONJ, SYM, VERB,
}

/// <summary>
/// Tags, lemmas and dependency tree for every token of a <see cref="Text.TokenizedText"/>, in parallel arrays
/// indexed by document token index. <see cref="Heads"/> holds document token indexes; -1 marks a sentence root.
/// </summary>
public sealed class SyntaxLayer
{
    public SyntaxLayer(Text.TokenizedText tokens, UPos[] upos, string[] xpos, string[] lemmas, int[] heads, string[] relations)
    {
        int n = tokens.TokenCount;
        if (upos.Length != n || xpos.Length != n || lemmas.Length != n || heads.Length != n || relations.Length != n)
            throw new ArgumentException("every syntax array must have one entry per token");
        Tokens = tokens;
        Upos = upos;
        Xpos = xpos;
        Lemmas = lemmas;
        Heads = heads;
        Relations = relations;
    }

    public Text.TokenizedText Tokens { get; }
    public UPos[] Upos { get; }
    public string[] Xpos { get; }
    public string[] Lemmas { get; }
    public int[] Heads { get; }
    /// <summary>UD relation labels (nsubj, obj, obl, ccomp, …); "root" for roots; "dep" when unparsed.</summary>
    public string[] Relations { get; }

    public bool HasParse { get; init; }

    /// <summary>The CoNLL-U head of token <paramref name="token"/> in the sentence starting at document token
    /// <paramref name="firstToken"/>: 1-based within the sentence, 0 for a root.</summary>
    public int HeadInSentence(int token, int firstToken) => Heads[token] < 0 ? 0 : Heads[token] - firstToken + 1;

    /// <summary>Whether a punctuation token (or, with <paramref name="orCoordinator"/>, a coordinator) lies strictly
    /// between tokens <paramref name="a"/> and <paramref name="b"/> (<paramref name="a"/> &lt; <paramref name="b"/>).</summary>
    public bool PunctuationBetween(int a, int b, bool orCoordinator = false)
    {
        for (int i = a + 1; i < b; i++)
            if (Upos[i] == UPos.PUNCT || (orCoordinator && Upos[i] == UPos.CCONJ)) return true;
        return false;
    }
}

/// <summary>Stage 2: tags, lemmatises and parses tokenized text.</summary>
public interface ISyntaxAnalyzer
{
    SyntaxLayer Analyze(Text.TokenizedText text);
}
