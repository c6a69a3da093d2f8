using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace Attest.Text;

/// <summary>Options of <see cref="NewsTokenizer"/>.</summary>
public sealed record TokenizerOptions
{
    /// <summary>
    /// Split hyphenated compounds ("medium-range" → "medium" "-" "range") as current UD English EWT does, keeping
    /// words with bound prefixes ("non-", "anti-", "co-", "e-mail") and phone numbers whole. When false, every
    /// hyphenated word stays one token.
    /// </summary>
    public bool SplitHyphens { get; init; } = true;
}

/// <summary>
/// Rule-based tokenizer and sentence splitter following UD English (EWT) conventions: clitics are split
/// ("do" "n't", "Iran" "'s", "can" "not"), abbreviations, URLs, e-mail addresses and numbers with separators
/// stay whole, punctuation runs ("...", "?!", "--") are one token. One left-to-right pass over the text builds the
/// token array and the sentence ranges; no regular expressions and no per-token strings. Immutable and thread-safe.
/// </summary>
public sealed class NewsTokenizer : ITokenizer
{
    public static NewsTokenizer Default { get; } = new();

    private readonly bool splitHyphens;

    public NewsTokenizer(TokenizerOptions? options = null)
    {
        Options = options ?? new TokenizerOptions();
        splitHyphens = Options.SplitHyphens;
    }

    public TokenizerOptions Options { get; }

    public TokenizedText Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var run = new Run(text, splitHyphens);
        run.Scan();
        return run.Finish();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lexical resources (span lookups, no allocation at tokenization time)

    /// <summary>Abbreviations that take a final period (compared case-sensitively without the period).</summary>
    private static readonly FrozenSet<string> Abbreviations = FrozenSet.Create(StringComparer.Ordinal,
        "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Capt", "Cpt", "Cmdr", "Adm", "Maj", "Brig",
        "Rep", "Reps", "Sen", "Sens", "Gov", "Pres", "Rev", "Hon", "Amb", "Supt", "Insp", "Det", "Cpl", "Pvt", "Fr",
        "St", "Sr", "Jr", "Snr", "Jnr", "Mt", "Ft", "Ave", "Blvd", "Rd", "Dept", "Univ", "Assn", "Bros", "Est",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
        "Inc", "Corp", "Co", "Ltd", "Plc", "Cos", "Mfg", "Intl",
        "vs", "etc", "al", "approx", "cf", "Attn", "attn", "ca", "viz", "Vol", "vol", "pp", "Fig", "fig", "Ph", "Ass't",
        "Arrv", "arrv", "Calif", "Mass", "Penn", "Wash", "Conn", "Ariz", "Colo", "Fla", "Ill", "Mich", "Minn", "Tenn",
        "Okla", "Ore", "Wis", "Ky", "La", "Md", "Va", "Ga", "Ala", "Ark", "Kan", "Neb", "Nev");

    /// <summary>Abbreviations after which a sentence never ends (titles, initials are handled separately).</summary>
    private static readonly FrozenSet<string> TitleAbbreviations = FrozenSet.Create(StringComparer.Ordinal,
        "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Capt", "Cpt", "Cmdr", "Adm", "Maj", "Brig",
        "Rep", "Reps", "Sen", "Sens", "Gov", "Pres", "Rev", "Hon", "Amb", "Supt", "Insp", "Det", "Cpl", "Pvt", "Fr",
        "St", "Mt", "Ft", "vs", "cf", "Attn", "attn", "ca", "viz", "Vol", "vol", "pp", "Fig", "fig",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec");

    /// <summary>Capitalised words that very often begin a sentence; after "U.S." or "Inc." they signal a boundary.</summary>
    private static readonly FrozenSet<string> SentenceStarters = FrozenSet.Create(StringComparer.Ordinal,
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These", "Those", "There",
        "But", "And", "Or", "So", "Yet", "In", "On", "At", "As", "If", "When", "While", "After", "Before", "Since",
        "Its", "His", "Her", "Their", "Our", "My", "Your", "What", "Why", "How", "Who", "Where", "Which", "Some",
        "Many", "Most", "All", "Not", "Now", "Then", "Still", "However", "Meanwhile", "Also", "Even", "For",
        "To", "With", "By", "From", "Under", "Despite", "Although", "Though", "Because", "Officials", "Mr.", "Ms.",
        "Mrs.", "Dr.", "Please", "Thanks", "Thank", "Do", "Does", "Did", "Is", "Are", "Was", "Were", "Have", "Has",
        "Had", "Can", "Could", "Will", "Would", "Should", "May", "Let", "Here", "Each", "Both", "Such", "One", "Two");

    /// <summary>Bound prefixes that EWT keeps attached with their hyphen ("non-violence", "e-mail").</summary>
    private static readonly FrozenSet<string> HyphenPrefixes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "e", "non", "mid", "pre", "anti", "re", "post", "co", "over", "pro", "multi", "ex", "sub", "semi", "cross",
        "neo", "psycho", "socio", "arch", "counter", "intra", "un", "micro", "inter", "trans", "ultra", "pan", "bi",
        "tri", "quasi", "pseudo", "mega", "mini", "macro", "infra", "extra", "hyper", "meta", "de");

    /// <summary>Units written against a number ("5pm", "$5m", "3.5bn", "120mm") that EWT splits off.</summary>
    private static readonly FrozenSet<string> Units = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "am", "pm", "m", "bn", "b", "k", "mm", "cm", "km", "kg", "g", "mg", "ml", "ft", "lb", "lbs", "oz", "mph", "kph", "kmh",
        "hz", "khz", "mhz", "ghz", "kb", "mb", "gb", "tb", "kw", "mw", "gw", "kwh", "x", "hrs", "hr", "mins", "min", "sec", "secs",
        "yrs", "mi", "sq", "tn", "trn", "mln", "bln");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> UnitLookup = Units.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TitleLookup =
        TitleAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StarterLookup =
        SentenceStarters.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PrefixLookup =
        HyphenPrefixes.GetAlternateLookup<ReadOnlySpan<char>>();

    // ---------------------------------------------------------------------------------------------------------------
    // Character classes

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSpace(char c) =>
        c == ' ' || c == '\n' || c == '\r' || c == '\t' ||
        (c > 127 && (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF' || c == '\u2060'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordChar(char c)
    {
        if (c < 128) return (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;
        if (char.IsLetterOrDigit(c) || c == '\u00AD') return true;
        var cat = char.GetUnicodeCategory(c);
        return cat is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLetter(char c) => c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' : char.IsLetter(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsApostrophe(char c) => c == '\'' || c == '\u2019';

    internal static bool IsQuoteChar(char c) => c is '"' or '\'' or '`' or '\u2018' or '\u2019' or '\u201A' or '\u201B'
        or '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u00AB' or '\u00BB' or '\u2039' or '\u203A';

    private static bool IsOpeningQuote(char c) => c is '\u2018' or '\u201A' or '\u201B' or '\u201C' or '\u201E' or '\u00AB' or '\u2039' or '`';

    private static bool IsClosingQuote(char c) => c is '\u2019' or '\u201D' or '\u00BB' or '\u203A';

    private static bool IsClosingBracket(char c) => c is ')' or ']' or '}';

    private static bool IsOpeningBracket(char c) => c is '(' or '[' or '{';

    /// <summary>Characters that form one token when repeated ("...", "!!", "--", "***").</summary>
    private static bool IsRunChar(char c) => c is '.' or '!' or '?' or '-' or '*' or '_' or '=' or '~' or '<' or '>' or '#' or '+' or '/' or '$' or '^';

    private static bool IsTerminalChar(char c) => c is '.' or '!' or '?';

    private static bool IsUpper(char c) => c < 128 ? (uint)(c - 'A') <= 'Z' - 'A' : char.IsUpper(c);

    private static bool IsLower(char c) => c < 128 ? (uint)(c - 'a') <= 'z' - 'a' : char.IsLower(c);

    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>Kinds of the previous token that the sentence splitter cares about.</summary>
    private enum EndKind : byte
    {
        None,
        /// <summary>. ! ? or a run of them</summary>
        Terminal,
        /// <summary>"..." or "…": ends a sentence only before a capitalised word</summary>
        Ellipsis,
        /// <summary>abbreviation with its period ("U.S.", "Inc."): ends a sentence before a typical sentence starter</summary>
        Abbreviation,
        /// <summary>initial or title ("J.", "Mr."): never ends a sentence before a word, but its period is split off at a paragraph end</summary>
        Initial,
        /// <summary>URL, e-mail address, emoticon, "AM"/"PM" after a time: ends a sentence before a capitalised word</summary>
        Soft,
    }

    private struct Run
    {
        private readonly string text;
        private readonly bool splitHyphens;
        private Token[] tokens;
        private int count;
        private SentenceRange[] sentences;
        private int sentenceCount;
        private int sentenceFirst;
        private bool paragraphStart;
        private bool forceBreak;
        private EndKind pending;
        private bool pendingClosed;
        private int pendingToken;
        private bool singleQuoteOpen;

        public Run(string text, bool splitHyphens)
        {
            this.text = text;
            this.splitHyphens = splitHyphens;
            tokens = new Token[Math.Max(16, text.Length / 4)];
            sentences = new SentenceRange[Math.Max(4, text.Length / 80)];
            paragraphStart = true;
        }

        public void Scan()
        {
            var s = text;
            int n = s.Length;
            int i = 0;
            while (i < n)
            {
                char c = s[i];
                if (IsSpace(c))
                {
                    int newlines = 0;
                    while (i < n && IsSpace(s[i]))
                    {
                        if (s[i] == '\n') newlines++;
                        i++;
                    }
                    if (newlines >= 2)
                    {
                        paragraphStart = true;
                        forceBreak = true;
                    }
                    continue;
                }
                int e = i + 1;
                while (e < n && !IsSpace(s[e])) e++;
                Chunk(i, e);
                i = e;
            }
        }

        public TokenizedText Finish()
        {
            SplitFinalPeriod();
            CloseSentence();
            var tok = count == tokens.Length ? tokens : tokens.AsSpan(0, count).ToArray();
            var sen = sentenceCount == sentences.Length ? sentences : sentences.AsSpan(0, sentenceCount).ToArray();
            return new TokenizedText(text, tok, sen);
        }

        // -------------------------------------------------------------------------------------------------------
        // Emission and sentence boundaries

        private void CloseSentence()
        {
            if (count == sentenceFirst) return;
            if (sentenceCount == sentences.Length) Array.Resize(ref sentences, sentences.Length * 2);
            sentences[sentenceCount++] = new SentenceRange(tokens[sentenceFirst].Start, tokens[count - 1].End, sentenceFirst, count - sentenceFirst);
            sentenceFirst = count;
        }

        /// <summary>Adds a token; <paramref name="kind"/> says whether it may end a sentence.</summary>
        private void Emit(int start, int end, EndKind kind = EndKind.None, bool quote = false, bool closing = false)
        {
            if (forceBreak)
            {
                SplitFinalPeriod();
                CloseSentence();
                forceBreak = false;
                pending = EndKind.None;
                pendingClosed = false;
            }
            else if (pending != EndKind.None)
            {
                if (closing || kind == EndKind.Terminal)
                {
                    // closing quotes, brackets and further terminal punctuation stay with the sentence
                    if (closing) pendingClosed = true;
                }
                else
                {
                    if (BreaksBefore(pending, start))
                    {
                        SplitFinalPeriod();
                        CloseSentence();
                    }
                    pending = EndKind.None;
                    pendingClosed = false;
                }
            }

            var flags = TokenFlags.None;
            if (end < text.Length && IsSpace(text[end])) flags |= TokenFlags.SpaceAfter;
            if (paragraphStart)
            {
                flags |= TokenFlags.ParagraphStart;
                paragraphStart = false;
            }
            if (quote) flags |= TokenFlags.Quote;
            if (count == tokens.Length) Array.Resize(ref tokens, tokens.Length * 2);
            tokens[count++] = new Token(start, end, flags);
            if (kind != EndKind.None && (pending == EndKind.None || kind == EndKind.Terminal))
            {
                pending = kind;
                pendingToken = count - 1;
            }
        }

        /// <summary>
        /// When a sentence ends with an abbreviation ("… and so on, etc." / "… in the U.S."), EWT writes its period
        /// as a token of its own: split it off if the abbreviation is still the last token.
        /// </summary>
        private void SplitFinalPeriod()
        {
            if (pending is not (EndKind.Abbreviation or EndKind.Initial) || pendingToken != count - 1 || count == 0) return;
            var t = tokens[count - 1];
            if (t.Length < 2 || text[t.End - 1] != '.') return;
            if (count == tokens.Length) Array.Resize(ref tokens, tokens.Length * 2);
            tokens[count - 1] = new Token(t.Start, t.End - 1, t.Flags & ~TokenFlags.SpaceAfter);
            tokens[count++] = new Token(t.End - 1, t.End, t.Flags & TokenFlags.SpaceAfter);
        }

        /// <summary>Does a sentence end before the token starting at <paramref name="start"/>?</summary>
        private readonly bool BreaksBefore(EndKind kind, int start)
        {
            char c = text[start];
            switch (kind)
            {
                case EndKind.Terminal:
                    // "Why?" he asked.  vs  ...in a while. call them
                    return !pendingClosed || !IsLower(c);
                case EndKind.Soft:
                    return IsUpper(c) || ((IsOpeningQuote(c) || c == '"') && NextWordIsCapitalised(start));
                case EndKind.Ellipsis:
                    if (start > 0 && !IsSpace(text[start - 1]) && IsLetter(c)) return false; // "...Now" runs on
                    return IsUpper(c) && !(c == 'I' && (start + 1 >= text.Length || !IsLetter(text[start + 1])))
                        || ((IsOpeningQuote(c) || c == '"') && NextWordIsCapitalised(start));
                case EndKind.Abbreviation:
                    if (IsOpeningQuote(c) || c == '"') return NextWordIsCapitalised(start);
                    int e = start;
                    while (e < text.Length && IsLetter(text[e])) e++;
                    return e > start && StarterLookup.Contains(text.AsSpan(start, e - start));
                default:
                    return false;
            }
        }

        private readonly bool NextWordIsCapitalised(int start)
        {
            int k = start;
            while (k < text.Length && (IsQuoteChar(text[k]) || IsOpeningBracket(text[k]))) k++;
            return k > start && k < text.Length && IsUpper(text[k]);
        }

        // -------------------------------------------------------------------------------------------------------
        // Chunks: maximal runs of non-space characters

        private void Chunk(int s, int e)
        {
            var t = text;
            int k = s;
            while (k < e)
            {
                char c = t[k];
                if (IsWordChar(c))
                {
                    if (k == s || !IsWordChar(t[k - 1]))
                    {
                        int u = UrlEnd(k, e);
                        if (u > k)
                        {
                            Emit(k, u, EndKind.Soft);
                            k = u;
                            continue;
                        }
                    }
                    k = Word(k, e);
                    continue;
                }
                k = Punct(k, s, e);
            }
        }

        /// <summary>End of a URL or e-mail address starting at <paramref name="k"/>, or <paramref name="k"/> when none.</summary>
        private readonly int UrlEnd(int k, int e)
        {
            var t = text;
            var span = t.AsSpan(k, e - k);
            bool url = span.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || span.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || span.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase) || span.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
                || span.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
            if (!url)
            {
                // e-mail: word chars/dots/underscores/percent/plus/hyphens, "@", domain with a dot
                int at = -1;
                for (int j = k; j < e; j++)
                {
                    char c = t[j];
                    if (c == '@') { at = j; break; }
                    if (!(IsWordChar(c) || c is '.' or '_' or '-' or '+' or '%')) return k;
                }
                if (at <= k || at + 1 >= e || !IsWordChar(t[at + 1])) return k;
                bool dot = false;
                int j2 = at + 1;
                while (j2 < e && (IsWordChar(t[j2]) || t[j2] is '.' or '-' or '_'))
                {
                    if (t[j2] == '.' && j2 + 1 < e && IsWordChar(t[j2 + 1])) dot = true;
                    j2++;
                }
                if (!dot) return k;
                while (j2 > at && !IsWordChar(t[j2 - 1])) j2--;
                return j2;
            }
            // a URL runs to the end of the chunk, minus trailing punctuation (a final ")" only when unbalanced)
            int end = e;
            while (end > k)
            {
                char c = t[end - 1];
                if (c is '.' or ',' or ';' or ':' or '!' or '?' or '"' or '\'' or '\u201D' or '\u2019' or '>' or ']')
                {
                    end--;
                    continue;
                }
                if (c == ')')
                {
                    int open = 0, close = 0;
                    for (int j = k; j < end; j++)
                    {
                        if (t[j] == '(') open++;
                        else if (t[j] == ')') close++;
                    }
                    if (close > open)
                    {
                        end--;
                        continue;
                    }
                }
                break;
            }
            return end;
        }

        /// <summary>Scans a word starting at <paramref name="k"/> (a word character) and emits it with its clitics.</summary>
        private int Word(int k, int e)
        {
            var t = text;
            int j = k;
            int segStart = k; // start of the current hyphen/dot-free segment
            bool hasInnerDot = false;
            while (j < e)
            {
                char c = t[j];
                if (IsWordChar(c))
                {
                    j++;
                    continue;
                }
                bool nextWord = j + 1 < e && IsWordChar(t[j + 1]);
                if (c == '.')
                {
                    if (nextWord)
                    {
                        hasInnerDot = true;
                        j++;
                        segStart = j;
                        continue;
                    }
                    // final period: part of the word only for abbreviations ("Inc.." is "Inc." + ".")
                    bool doubled = j + 2 < e ? t[j + 1] == '.' && t[j + 2] != '.' : j + 1 < e && t[j + 1] == '.';
                    if ((j + 1 >= e || t[j + 1] != '.' || doubled) && IsAbbreviation(k, j, hasInnerDot))
                    {
                        Emit(k, j + 1, AbbreviationEnds(k, j, hasInnerDot) ? EndKind.Abbreviation : EndKind.Initial);
                        return j + 1;
                    }
                    break;
                }
                if (IsApostrophe(c) || ((c == '`' || c == '\u00B4') && nextWord && IsLetter(t[j + 1])))
                {
                    if (!nextWord) break;
                    // n't
                    if (j - 1 > k && (t[j - 1] | 0x20) == 'n' && (t[j + 1] | 0x20) == 't' && (j + 2 >= e || !IsLetter(t[j + 2])))
                    {
                        EmitWord(k, j - 1);
                        Emit(j - 1, j + 2);
                        return j + 2;
                    }
                    if (CliticLength(j, e) > 0)
                    {
                        // decades stay whole: 1990's, 80's
                        if (IsDigit(t[j - 1]) && (t[j + 1] | 0x20) == 's')
                        {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    // '72 style years are not inside words; O'Connell, Shi'ite are
                    if (IsLetter(t[j + 1]))
                    {
                        j++;
                        continue;
                    }
                    break;
                }
                if (c == '-')
                {
                    if (!nextWord) break;
                    if (!splitHyphens || KeepsHyphen(segStart, j, e))
                    {
                        j++;
                        segStart = j;
                        continue;
                    }
                    break;
                }
                if (c is ',' or ':' or '/')
                {
                    // 12,700  5:30  9/11  11/28/2000
                    if (j > k && IsDigit(t[j - 1]) && nextWord && IsDigit(t[j + 1]))
                    {
                        if (c == ',')
                        {
                            // thousands groups have exactly three digits
                            int d = j + 1;
                            while (d < e && IsDigit(t[d])) d++;
                            if (d - (j + 1) != 3) break;
                        }
                        j++;
                        continue;
                    }
                    break;
                }
                if (c is '&' or '_' or '@')
                {
                    if (nextWord && j > k)
                    {
                        j++;
                        continue;
                    }
                    break;
                }
                break;
            }
            EmitWord(k, j);
            return j;
        }

        /// <summary>Emits a word without final period, splitting "cannot", "gonna", "dont" as EWT does.</summary>
        private void EmitWord(int k, int j)
        {
            int len = j - k;
            if (len >= 2 && IsDigit(text[k]) && IsLetter(text[j - 1]))
            {
                // 5pm, $5m, 3.5bn, 120mm: EWT splits a unit from its number (but not 5th, 1990s)
                int l = j;
                while (l > k && IsLetter(text[l - 1])) l--;
                bool number = l > k && IsDigit(text[l - 1]);
                for (int q = k; q < l && number; q++) number = IsDigit(text[q]) || text[q] is '.' or ',' or ':';
                if (number && UnitLookup.Contains(text.AsSpan(l, j - l)))
                {
                    Emit(k, l);
                    Emit(l, j);
                    return;
                }
            }
            if (len is >= 4 and <= 8)
            {
                var w = text.AsSpan(k, len);
                int split = SplitPoint(w);
                if (split > 0)
                {
                    Emit(k, k + split);
                    Emit(k + split, j);
                    return;
                }
            }
            else if (len == 2 && (text[k] == 'I' || text[k] == 'i') && text[k + 1] == 'm')
            {
                Emit(k, k + 1);
                Emit(k + 1, j);
                return;
            }
            if (len == 2 && text[k + 1] == 'M' && (text[k] == 'A' || text[k] == 'P') && count > 0 && IsDigit(text[tokens[count - 1].End - 1]))
            {
                Emit(k, j, EndKind.Soft);
                return;
            }
            Emit(k, j);
        }

        private static int SplitPoint(ReadOnlySpan<char> w)
        {
            if (w.Equals("cannot", StringComparison.OrdinalIgnoreCase)) return 3;
            if (w.Length == 5 && (w.Equals("gonna", StringComparison.OrdinalIgnoreCase) || w.Equals("gotta", StringComparison.OrdinalIgnoreCase)
                || w.Equals("wanna", StringComparison.OrdinalIgnoreCase))) return 3;
            if (w.Length >= 4 && w[^1] == 't' && w[^2] == 'n')
            {
                var stem = w[..^2];
                if (stem.Equals("do", StringComparison.OrdinalIgnoreCase) || stem.Equals("did", StringComparison.OrdinalIgnoreCase)
                    || stem.Equals("does", StringComparison.OrdinalIgnoreCase) || stem.Equals("is", StringComparison.OrdinalIgnoreCase)
                    || stem.Equals("was", StringComparison.OrdinalIgnoreCase) || stem.Equals("were", StringComparison.OrdinalIgnoreCase)
                    || stem.Equals("are", StringComparison.OrdinalIgnoreCase) || stem.Equals("could", StringComparison.OrdinalIgnoreCase)
                    || stem.Equals("would", StringComparison.OrdinalIgnoreCase) || stem.Equals("should", StringComparison.OrdinalIgnoreCase)
                    || stem.Equals("have", StringComparison.OrdinalIgnoreCase) || stem.Equals("has", StringComparison.OrdinalIgnoreCase)
                    || stem.Equals("had", StringComparison.OrdinalIgnoreCase) || stem.Equals("ca", StringComparison.OrdinalIgnoreCase)
                    || stem.Equals("wo", StringComparison.OrdinalIgnoreCase))
                    return w.Length - 2;
            }
            return 0;
        }

        /// <summary>Length of a clitic ('s 'm 'd 'll 're 've) starting at the apostrophe <paramref name="j"/>, or 0.</summary>
        private readonly int CliticLength(int j, int e)
        {
            var t = text;
            if (j + 1 >= e) return 0;
            char a = (char)(t[j + 1] | 0x20);
            int len;
            if (a is 's' or 'm' or 'd') len = 2;
            else if (j + 2 < e && ((a == 'l' && (t[j + 2] | 0x20) == 'l') || (a == 'r' && (t[j + 2] | 0x20) == 'e') || (a == 'v' && (t[j + 2] | 0x20) == 'e'))) len = 3;
            else return 0;
            if (j + len < e && IsLetter(t[j + len])) return 0;
            return len;
        }

        private readonly bool KeepsHyphen(int segStart, int hyphen, int e)
        {
            var t = text;
            var left = t.AsSpan(segStart, hyphen - segStart);
            if (left.Length == 0) return false;
            if (IsLetter(left[0]) && PrefixLookup.Contains(left)) return true;
            // phone numbers and codes: 713-853-3989, 345-9945, 3-5213; dates: 01-Feb-02
            if (IsDigit(left[0]))
            {
                int d = hyphen + 1;
                while (d < e && IsDigit(t[d])) d++;
                int right = d - hyphen - 1;
                bool allDigits = true;
                foreach (char ch in left) allDigits &= IsDigit(ch);
                if (!allDigits) return false;
                if (right == 0)
                {
                    // 01-Feb-02
                    int l = hyphen + 1;
                    while (l < e && IsLetter(t[l])) l++;
                    return left.Length <= 2 && l - hyphen - 1 == 3 && l + 2 < e && t[l] == '-' && IsDigit(t[l + 1]) && IsDigit(t[l + 2]);
                }
                if (left.Length >= 3 && right >= 3 && !(left.Length == 4 && right == 4)) return true;
                if (right == 4 && left.Length < 4 && (d >= e || !IsWordChar(t[d]))) return true;
            }
            else if (segStart >= 4 && t[segStart - 1] == '-' && IsDigit(t[segStart - 2]))
            {
                // the second hyphen of 01-Feb-02
                int l = segStart;
                while (l < hyphen && IsLetter(t[l])) l++;
                return l == hyphen && hyphen - segStart == 3 && hyphen + 2 < e && IsDigit(t[hyphen + 1]);
            }
            return false;
        }

        private readonly bool IsAbbreviation(int k, int dot, bool hasInnerDot)
        {
            var t = text;
            var w = t.AsSpan(k, dot - k);
            if (hasInnerDot)
            {
                // U.S, e.g, a.m, D.C, Ph.D: letter segments of at most two letters, or three-letter final ones
                int seg = 0;
                foreach (char c in w)
                {
                    if (c == '.')
                    {
                        if (seg == 0) return false;
                        seg = 0;
                    }
                    else if (!IsLetter(c) || ++seg > 2) return false;
                }
                return seg > 0;
            }
            if (w.Length == 1) return IsLetter(w[0]) && (IsUpper(w[0]) || IsNextLowerOrDigit(dot + 1));
            if (w.Equals("No", StringComparison.Ordinal) || w.Equals("no", StringComparison.Ordinal) || w.Equals("Nos", StringComparison.Ordinal))
                return NextIsDigit(dot + 1);
            return AbbreviationLookup.Contains(w);
        }

        /// <summary>May a sentence end after this abbreviation (e.g. "U.S.", "Inc.", "etc." but not "Mr.", "J.")?</summary>
        private readonly bool AbbreviationEnds(int k, int dot, bool hasInnerDot)
        {
            var w = text.AsSpan(k, dot - k);
            if (hasInnerDot) return true;
            if (w.Length == 1) return false;
            return !TitleLookup.Contains(w) && !w.Equals("No", StringComparison.Ordinal);
        }

        private readonly bool NextIsDigit(int from)
        {
            int k = from;
            while (k < text.Length && IsSpace(text[k])) k++;
            return k < text.Length && IsDigit(text[k]);
        }

        private readonly bool IsNextLowerOrDigit(int from)
        {
            int k = from;
            while (k < text.Length && IsSpace(text[k])) k++;
            return k < text.Length && (IsDigit(text[k]) || IsLower(text[k]));
        }

        /// <summary>Emits the punctuation token (or clitic) starting at <paramref name="k"/>.</summary>
        private int Punct(int k, int s, int e)
        {
            var t = text;
            char c = t[k];
            bool afterWord = k > s && IsWordChar(t[k - 1]);

            if ((c == '`' || c == '\u00B4') && afterWord && CliticLength(k, e) is > 0 and var tick)
            {
                // don`t, I´m: a backtick or acute accent typed for the apostrophe
                Emit(k, k + tick);
                return k + tick;
            }

            if (IsApostrophe(c))
            {
                if (afterWord)
                {
                    int cl = CliticLength(k, e);
                    if (cl > 0)
                    {
                        Emit(k, k + cl);
                        return k + cl;
                    }
                }
                else if (k + 2 < e && IsDigit(t[k + 1]) && IsDigit(t[k + 2]) && (k + 3 >= e || !IsWordChar(t[k + 3])))
                {
                    // '72
                    Emit(k, k + 3);
                    return k + 3;
                }
                if (c == '\'' && k + 1 < e && t[k + 1] == '\'')
                {
                    bool closingRun = afterWord || k + 2 >= e;
                    Emit(k, k + 2, EndKind.None, quote: true, closing: closingRun && k > s && !IsSpace(t[k - 1]));
                    return k + 2;
                }
                // a lone apostrophe: possessive after s ("players'"), else a single quote
                bool closing = k > s && !IsSpace(t[k - 1]) && (k + 1 >= e || !IsWordChar(t[k + 1]));
                bool possessive = closing && !singleQuoteOpen && (t[k - 1] | 0x20) is 's' or 'z';
                if (!possessive)
                {
                    if (closing) singleQuoteOpen = false;
                    else singleQuoteOpen = true;
                }
                Emit(k, k + 1, EndKind.None, quote: !possessive, closing: closing);
                return k + 1;
            }

            if (IsQuoteChar(c))
            {
                int j = k + 1;
                if (c == '`') while (j < e && t[j] == '`') j++;
                bool closing;
                // an opening quote glued to the end of a sentence ("decision.“ However") was meant to close it
                if (IsOpeningQuote(c)) closing = c != '`' && j >= e && k > s && (IsTerminalChar(t[k - 1]) || t[k - 1] == ',');
                else if (IsClosingQuote(c)) closing = true;
                else closing = k > s && !IsOpeningBracket(t[k - 1]) && (j >= e || !IsWordChar(t[j]) || IsTerminalChar(t[k - 1]) || t[k - 1] == ',');
                if (c == '\u2018') singleQuoteOpen = true;
                Emit(k, j, EndKind.None, quote: true, closing: closing);
                return j;
            }

            if (c == '\u2026')
            {
                Emit(k, k + 1, EndKind.Ellipsis);
                return k + 1;
            }

            if ((c == '[' || c == '(') && k + 4 < e && t[k + 1] == '.' && t[k + 2] == '.' && t[k + 3] == '.' && t[k + 4] == (c == '[' ? ']' : ')'))
            {
                // [...] marks an omission inside a quotation
                Emit(k, k + 5, EndKind.Ellipsis);
                return k + 5;
            }
            if ((c == '[' || c == '(') && k + 2 < e && t[k + 1] == '\u2026' && t[k + 2] == (c == '[' ? ']' : ')'))
            {
                Emit(k, k + 3, EndKind.Ellipsis);
                return k + 3;
            }

            if (IsClosingBracket(c))
            {
                Emit(k, k + 1, EndKind.None, closing: true);
                return k + 1;
            }

            // emoticons :) :-) ;-) :( :D :P
            if ((c == ':' || c == ';') && k + 1 < e)
            {
                int j = k + 1;
                if (t[j] == '-' && j + 1 < e) j++;
                char m = t[j];
                if ((m is ')' or '(' or 'D' or 'P' or 'p') && (j + 1 >= e || !IsWordChar(t[j + 1])) && !(m is 'D' or 'P' or 'p' && j == k + 1 && afterWord))
                {
                    Emit(k, j + 1, EndKind.Soft);
                    return j + 1;
                }
            }

            if (IsTerminalChar(c))
            {
                int j = k + 1;
                while (j < e && IsTerminalChar(t[j])) j++;
                int dots = 0;
                for (int q = k; q < j; q++) if (t[q] == '.') dots++;
                var kind = dots == j - k && dots >= 2 ? EndKind.Ellipsis : EndKind.Terminal;
                Emit(k, j, kind);
                return j;
            }

            if (IsRunChar(c))
            {
                int j = k + 1;
                while (j < e && t[j] == c) j++;
                Emit(k, j);
                return j;
            }

            // a surrogate pair (emoji) is one token; everything else is one character
            int len = char.IsHighSurrogate(c) && k + 1 < e && char.IsLowSurrogate(t[k + 1]) ? 2 : 1;
            Emit(k, k + len);
            return k + len;
        }
    }
}
