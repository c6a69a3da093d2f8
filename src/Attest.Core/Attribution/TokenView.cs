using Attest.Entities;
using Attest.Syntax;
using Attest.Text;


namespace Attest.Attribution;

/// <summary>
/// Read-only helpers over one document's tokens and syntax shared by attribution and event coding:
/// lower-cased forms, noun-phrase edges, and the actor mention behind a phrase.
/// </summary>
internal sealed class TokenView
{
    private static readonly HashSet<string> Skippable = new(StringComparer.Ordinal)
    {
        "has", "have", "had", "was", "were", "is", "are", "be", "been", "being", "also", "only", "vehemently", "repeatedly",
        "later", "then", "further", "again", "previously", "earlier", "once", "not", "n't", "never", "would", "will", "could",
        "may", "might", "did", "does", "do", "should", "must", "can", "publicly", "privately", "angrily", "firmly", "flatly",
        "strongly", "categorically", "officially", "separately", "quickly", "immediately", "subsequently", "however",
        "still", "already", "even", "just", "recently", "reportedly", "allegedly", "purportedly", "apparently", "openly",
        "loudly", "clearly", "explicitly", "emphatically", "simply", "now",
    };

    private static readonly HashSet<string> NounPhraseWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "'s", "\u2019s", "'", "\u2019", "of", "former", "senior", "top", "deputy", "chief", "acting", "local",
        "foreign", "security", "defence", "defense", "interior", "prime", "state", "many", "some", "several", "two", "three",
        "other", "his", "her", "their", "its", "our", "this", "these", "those",
    };

    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal)
    {
        "he", "she", "they", "it", "we", "i", "you", "him", "them",
    };

    public TokenView(SyntaxLayer syntax, EntityLayer entities)
    {
        Syntax = syntax;
        Entities = entities;
        Tokens = syntax.Tokens;
        Text = Tokens.Text;
        Lower = new string[Tokens.TokenCount];
        for (int i = 0; i < Lower.Length; i++) Lower[i] = Tokens.TokenText(i).ToLowerInvariant();
        for (int i = 0; i < syntax.Upos.Length && !Tagged; i++) Tagged = syntax.Upos[i] != UPos.X;
    }

    public SyntaxLayer Syntax { get; }
    public EntityLayer Entities { get; }
    public TokenizedText Tokens { get; }
    public string Text { get; }
    public string[] Lower { get; }
    /// <summary>True when the syntax layer carries POS tags (not all X).</summary>
    public bool Tagged { get; }

    public int Start(int token) => Tokens[token].Start;
    public int End(int token) => Tokens[token].End;
    public UPos Pos(int token) => Syntax.Upos[token];

    public bool IsPronoun(int token) => Pronouns.Contains(Lower[token]);

    /// <summary>True when the token is a quotation mark.</summary>
    public bool IsQuoteMark(int token) =>
        (Tokens[token].Flags & TokenFlags.Quote) != 0 || Lower[token] is "\"" or "\u201c" or "\u201d" or "''" or "``";

    /// <summary>True when the token lies inside a DATE or TIME entity.</summary>
    public bool InDate(int token)
    {
        int start = Start(token), end = End(token);
        foreach (var e in Entities.Entities)
        {
            if (e.Start > start) break; // entities are sorted by start
            if (e.Type is "DATE" or "TIME" && e.End >= end) return true;
        }
        return false;
    }

    public bool IsCapitalized(int token)
    {
        var s = Tokens.TokenSpan(token);
        return s.Length > 0 && char.IsUpper(s[0]);
    }

    public bool IsSkippable(int token) =>
        Skippable.Contains(Lower[token]) || (Tagged && Syntax.Upos[token] is UPos.AUX || (Tagged && Syntax.Upos[token] == UPos.ADV && Lower[token].EndsWith("ly", StringComparison.Ordinal)));

    /// <summary>True when the token can sit inside a noun phrase.</summary>
    public bool IsNounPhraseWord(int token)
    {
        var w = Lower[token];
        if (NounPhraseWords.Contains(w) || Pronouns.Contains(w)) return true;
        var s = Tokens.TokenSpan(token);
        if (s.Length == 0) return false;
        if (Tagged)
            return Syntax.Upos[token] is UPos.NOUN or UPos.PROPN or UPos.ADJ or UPos.DET or UPos.NUM or UPos.PRON
                || (Syntax.Upos[token] == UPos.PART && (w == "'s" || w == "\u2019s"))
                // a capitalised word mis-tagged as a verb inside a name: "the United Nations"
                || (char.IsUpper(s[0]) && Syntax.Upos[token] is UPos.VERB or UPos.X && token > 0 && IsCapitalized(token + 1 < Lower.Length ? token + 1 : token));
        return char.IsUpper(s[0]) || char.IsDigit(s[0]);
    }

    private static readonly HashSet<string> InnerPrepositions = new(StringComparer.Ordinal) { "in", "at", "from", "for", "with", "on" };

    /// <summary>A hyphen or dash written without spaces joins words into one name: "al-Mansouri", "Houthi-run".</summary>
    public bool IsTightHyphen(int token) =>
        Lower[token] is "-" or "\u2010" or "\u2011" && token > 0 && token + 1 < Lower.Length
        && (Tokens[token - 1].Flags & TokenFlags.SpaceAfter) == 0 && (Tokens[token].Flags & TokenFlags.SpaceAfter) == 0;

    /// <summary>A function word inside a proper name: "Doctors Without Borders", "Center for Iranian and Arab Studies".</summary>
    private bool IsNameInternal(int token) =>
        token > 0 && token + 1 < Lower.Length && IsCapitalized(token - 1) && IsCapitalized(token + 1)
        && Lower[token] is "of" or "for" or "and" or "without" or "de" or "al" or "the" or "on" or "&";

    /// <summary>
    /// The start token of the noun phrase ending at <paramref name="end"/> (inclusive), not before <paramref name="floor"/>;
    /// -1 when none. The phrase takes in "of" phrases, tight hyphens, name-internal function words and, when
    /// <paramref name="withPrepositions"/> is set, a locative phrase after a noun ("officials in Brussels").
    /// </summary>
    public int NounPhraseStartLeft(int end, int floor, bool withPrepositions = true)
    {
        if (end < floor || !IsNounPhraseWord(end) || Lower[end] is "of" or "'s" or "the" or "a" or "an") return -1;
        int i = end;
        while (i - 1 >= floor)
        {
            int j = i - 1;
            if (IsTightHyphen(j) && j - 1 >= floor) { i = j - 1; continue; }
            if (IsNameInternal(j) && j - 1 >= floor) { i = j - 1; continue; }
            bool joiner = Lower[j] == "of" || (withPrepositions && InnerPrepositions.Contains(Lower[j]) && !IsPronoun(i));
            if (joiner)
            {
                // a joiner links two nominals only when a noun stands on its left
                if (j - 1 < floor || !IsNounPhraseWord(j - 1) || IsPronoun(j - 1) || Lower[j - 1] is "of" or "the" or "a" or "an") break;
                if (Lower[j] != "of" && Tagged && Syntax.Upos[j - 1] is not (UPos.NOUN or UPos.PROPN)) break;
                i = j - 1;
                continue;
            }
            if (!IsNounPhraseWord(j)) break;
            if (IsPronoun(j) && !IsPronoun(end)) break;
            i = j;
        }
        while (i < end && Lower[i] is "of") i++;
        return i;
    }

    /// <summary>The end token (inclusive) of the noun phrase starting at <paramref name="start"/>, not after <paramref name="ceiling"/>.</summary>
    public int NounPhraseEndRight(int start, int ceiling)
    {
        if (start > ceiling || !IsNounPhraseWord(start)) return -1;
        if (IsPronoun(start)) return start;
        int i = start;
        while (i + 1 <= ceiling)
        {
            int j = i + 1;
            if ((IsTightHyphen(j) || IsNameInternal(j)) && j + 1 <= ceiling) { i = j + 1; continue; }
            if (!IsNounPhraseWord(j) || IsPronoun(j) || Lower[j] is "that" or "which" or "who" or "whom") break;
            if (Lower[j] == "of" && (j + 1 > ceiling || !IsNounPhraseWord(j + 1))) break;
            i = j;
        }
        while (i > start && Lower[i] is "of" or "the" or "a" or "an" or "'s" or "\u2019s") i--;
        for (int k = start; k <= i; k++)
            if (!NounPhraseWords.Contains(Lower[k]) || Pronouns.Contains(Lower[k])) return i;
        return -1; // only function words: no phrase
    }

    /// <summary>True when <paramref name="token"/> lies inside [start, end) character offsets.</summary>
    public bool Within(int token, int start, int end) => Start(token) >= start && End(token) <= end;

    /// <summary>The head of a phrase: the last token before a first "of", else the last token.</summary>
    public int Head(int start, int end)
    {
        for (int i = start + 1; i < end; i++)
            if ((Lower[i] == "of" || InnerPrepositions.Contains(Lower[i])) && !IsNameInternal(i) && !IsCapitalized(i)) return i - 1;
        return end;
    }

    /// <summary>The actor mention for a phrase: one covering the head, else the longest inside the phrase before any "of".</summary>
    public ActorMention? MentionFor(int start, int end)
    {
        int head = Head(start, end);
        int cs = Start(start), ce = End(head);
        ActorMention? best = null;
        foreach (var m in Entities.MentionsWithin(cs, End(end)))
        {
            if (m.Start > ce) break;
            bool coversHead = m.Start <= Start(head) && m.End >= End(head);
            if (coversHead) return m;
            if (m.End <= ce && (best is null || m.End - m.Start > best.End - best.Start)) best = m;
        }
        best ??= Entities.MentionOverlapping(Start(head), End(head));
        return best;
    }

    public string Slice(int startToken, int endToken) => Text[Start(startToken)..End(endToken)];
}
