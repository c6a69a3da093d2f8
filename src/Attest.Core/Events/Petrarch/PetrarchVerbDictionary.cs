using System.Collections.Frozen;

namespace Attest.Events.Petrarch;

/// <summary>How a pattern element is joined to the one before it (or to the verb).</summary>
public enum PatternJoin : byte
{
    /// <summary>Space in the pattern: other words may come between.</summary>
    Gap,
    /// <summary>Underscore in the pattern: the words must be adjacent.</summary>
    Adjacent,
}

/// <summary>What one pattern element matches.</summary>
public enum PatternElementKind : byte
{
    Word,
    /// <summary><c>&amp;NAME</c>: any phrase of the synset.</summary>
    Synset,
    /// <summary><c>$</c>: the source actor.</summary>
    Source,
    /// <summary><c>+</c>: the target actor.</summary>
    Target,
    /// <summary><c>%</c>: a compound actor whose members code one another (before the verb) or the target (after it).</summary>
    Compound,
    /// <summary><c>^</c>: skip one noun phrase.</summary>
    Skip,
}

/// <summary>One element of a verb pattern; <see cref="Join"/> ties it to its neighbour nearer the verb.</summary>
public readonly record struct PatternElement(PatternElementKind Kind, string Text, PatternJoin Join);

/// <summary>
/// One pattern line (<c>- LOWER * UPPER [CODE]</c>): the elements before the verb (in text order, the last one
/// nearest the verb), those after it (the first one nearest the verb), and the code as written.
/// </summary>
public sealed record VerbPattern(IReadOnlyList<PatternElement> Lower, IReadOnlyList<PatternElement> Upper, string Code, int Line)
{
    /// <summary>Words, synsets and markers in the pattern: longer patterns are tried first.</summary>
    public int Length => Lower.Count + Upper.Count;
}

/// <summary>
/// One verb form: its words (one, or several for a compound such as <c>CORDON_+OFF</c>), the position of the verb
/// word among them, the default code of the form and the verb block whose patterns apply.
/// </summary>
public sealed record VerbForm(IReadOnlyList<string> Words, int VerbIndex, string? Code, VerbBlock Block);

/// <summary>One <c>--- VERB [CODE] ---</c> block: its default code and patterns, longest first.</summary>
public sealed class VerbBlock
{
    internal VerbBlock(string name, string? code, int line)
    {
        Name = name;
        Code = code;
        Line = line;
    }

    public string Name { get; }
    /// <summary>The block's default code; null for <c>[---]</c> (only patterns code).</summary>
    public string? Code { get; }
    public int Line { get; }
    public IReadOnlyList<VerbPattern> Patterns { get; private set; } = [];

    internal List<VerbPattern> PendingPatterns { get; } = [];

    internal void Seal() => Patterns = [.. PendingPatterns.Select((p, i) => (p, i)).OrderByDescending(x => x.p.Length).ThenBy(x => x.i).Select(x => x.p)];
}

/// <summary>
/// A PETRARCH (TABARI-style) verb dictionary: synsets (<c>&amp;NAME</c> with <c>+PHRASE</c> members, which may name other
/// synsets), verb blocks headed <c>--- VERB [CODE] ---</c> holding the verb and its synonyms (each with optional irregular
/// forms in braces and an optional own code; compound verbs mark the verb word with <c>+</c>: <c>WIRE_+TAP</c>,
/// <c>+CORDON_OFF</c>) and pattern lines <c>- LOWER * UPPER [CODE]</c> using words, <c>&amp;SYNSET</c>, <c>$</c>, <c>+</c>,
/// <c>%</c>, <c>^</c>; <c>_</c> joins adjacent words, <c>#</c> starts a comment, <c>&lt;!-- --&gt;</c> lines are skipped.
/// Regular inflections (-S, -ED, -ING) are generated for every verb word. Immutable once loaded.
/// </summary>
public sealed class PetrarchVerbDictionary
{
    private readonly FrozenDictionary<string, VerbForm[]> byWord;

    private PetrarchVerbDictionary(Dictionary<string, List<VerbForm>> forms, Dictionary<string, string[][]> synsets, int blocks, List<string> warnings)
    {
        Warnings = warnings;
        byWord = forms.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(f => f.Words.Count).ToArray(), StringComparer.Ordinal);
        Synsets = synsets.ToFrozenDictionary(StringComparer.Ordinal);
        BlockCount = blocks;
    }

    /// <summary>Synset members by name (without <c>&amp;</c>): each member a phrase of words or <c>&amp;NAME</c> references.</summary>
    public FrozenDictionary<string, string[][]> Synsets { get; }

    public int BlockCount { get; }

    /// <summary>References to synsets the file never defines (file:line: problem); such elements never match.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Forms whose verb word is <paramref name="upperWord"/> (an inflected form or the base), compounds first.</summary>
    public ReadOnlySpan<VerbForm> FormsOf(string upperWord) =>
        byWord.TryGetValue(upperWord, out var f) ? f : ReadOnlySpan<VerbForm>.Empty;

    public static PetrarchVerbDictionary Load(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads a verb dictionary.</summary>
    /// <exception cref="FormatException">a malformed line; the message names <paramref name="sourceName"/> and the line.</exception>
    public static PetrarchVerbDictionary Read(TextReader reader, string sourceName)
    {
        var forms = new Dictionary<string, List<VerbForm>>(StringComparer.Ordinal);
        var synsets = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        var synsetRefs = new List<(string Name, int Line)>();
        var blocks = new Dictionary<string, VerbBlock>(StringComparer.Ordinal);
        List<string[]>? synset = null;
        VerbBlock? block = null;
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var trimmedRaw = line.Trim();
            if (trimmedRaw.StartsWith('<')) continue;
            if (trimmedRaw.StartsWith("---", StringComparison.Ordinal))
            {
                // block header: --- NAME [CODE] ---   (the header may carry a comment before the closing dashes)
                var inner = StripComment(trimmedRaw.Trim('-')).Trim();
                int open = inner.IndexOf('[', StringComparison.Ordinal);
                if (open < 0) throw Error(sourceName, lineNo, "verb block header without [code]");
                var name = inner[..open].Trim();
                if (name.Length == 0) throw Error(sourceName, lineNo, "verb block header without a verb");
                var code = ReadCode(inner[open..], sourceName, lineNo);
                block = new VerbBlock(name, code, lineNo);
                synset = null;
                continue;
            }
            var t = StripComment(line).Trim();
            if (t.Length == 0)
            {
                // a blank line ends a synset; a comment line inside one does not
                if (trimmedRaw.Length == 0) synset = null;
                continue;
            }
            if (t.StartsWith('&'))
            {
                var name = SynsetName(t);
                if (name.Length == 0) throw Error(sourceName, lineNo, "synset without a name");
                synset = [];
                synsets[name] = synset;
                block = null;
                continue;
            }
            if (synset is not null)
            {
                if (!t.StartsWith('+')) throw Error(sourceName, lineNo, "synset member without '+'");
                var words = SplitWords(t[1..]);
                if (words.Length == 0) throw Error(sourceName, lineNo, "empty synset member");
                foreach (var w in words)
                {
                    if (w.StartsWith('&')) synsetRefs.Add((SynsetName(w), lineNo));
                }
                synset.Add(words);
                continue;
            }
            if (block is null) throw Error(sourceName, lineNo, "entry outside a verb block or synset");
            if (t.StartsWith('-'))
            {
                var pattern = ReadPattern(t[1..], sourceName, lineNo, synsetRefs);
                block.PendingPatterns.Add(pattern);
                continue;
            }
            blocks.TryAdd(block.Name + "#" + block.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), block);
            ReadVerbLine(t, block, forms, sourceName, lineNo);
        }
        var warnings = new List<string>();
        foreach (var (name, refLine) in synsetRefs)
        {
            if (!synsets.ContainsKey(name)) warnings.Add($"{sourceName}:{refLine}: unknown synset &{name}");
        }
        foreach (var b in blocks.Values) b.Seal();
        return new PetrarchVerbDictionary(forms, synsets.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal), blocks.Count, warnings);
    }

    private static void ReadVerbLine(string t, VerbBlock block, Dictionary<string, List<VerbForm>> forms, string source, int lineNo)
    {
        string? code = block.Code;
        int open = t.IndexOf('[', StringComparison.Ordinal);
        if (open >= 0)
        {
            code = ReadCode(t[open..], source, lineNo);
            t = t[..open];
        }
        var irregular = new List<string>();
        int brace = t.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0)
        {
            int end = t.IndexOf('}', brace);
            if (end < 0) throw Error(source, lineNo, "unclosed {");
            irregular.AddRange(t[(brace + 1)..end].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            t = t[..brace];
        }
        var baseForm = string.Join('_', t.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        if (baseForm.Length == 0) throw Error(source, lineNo, "verb line without a verb");
        var (words, verbIndex) = CompoundWords(baseForm, source, lineNo);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void AddForm(string[] ws, int vi)
        {
            var key = string.Join(' ', ws);
            if (!seen.Add(key)) return;
            var form = new VerbForm(ws, vi, code, block);
            if (!forms.TryGetValue(ws[vi], out var list)) forms[ws[vi]] = list = [];
            // a form listed in two blocks: the first block with a code wins, patterns of both stay reachable in order
            list.Add(form);
        }
        foreach (var inflected in Inflections(words[verbIndex]))
        {
            var ws = (string[])words.Clone();
            ws[verbIndex] = inflected;
            AddForm(ws, verbIndex);
        }
        foreach (var irr in irregular)
        {
            var (iw, ii) = CompoundWords(irr, source, lineNo);
            if (iw.Length == 1 && words.Length > 1)
            {
                // a single irregular word of a compound verb replaces the verb word
                var ws = (string[])words.Clone();
                ws[verbIndex] = iw[0];
                AddForm(ws, verbIndex);
            }
            else
            {
                AddForm(iw, ii);
            }
        }
    }

    /// <summary>Words of a (compound) verb and the index of the verb word: the one marked '+', else the first.</summary>
    private static (string[] Words, int VerbIndex) CompoundWords(string raw, string source, int lineNo)
    {
        var parts = raw.Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw Error(source, lineNo, "empty verb");
        int verbIndex = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith('+'))
            {
                verbIndex = i;
                parts[i] = parts[i][1..];
            }
            parts[i] = parts[i].ToUpperInvariant();
        }
        if (parts.Any(p => p.Length == 0)) throw Error(source, lineNo, "empty word in verb");
        return (parts, verbIndex);
    }

    /// <summary>The base and its regular -S, -ED and -ING forms (with a doubled final consonant as an alternative).</summary>
    internal static IEnumerable<string> Inflections(string w)
    {
        yield return w;
        if (w.Length < 2) yield break;
        char last = w[^1];
        bool consonantY = last == 'Y' && !IsVowel(w[^2]);
        // -S
        if (consonantY) yield return w[..^1] + "IES";
        else if (last is 'S' or 'X' or 'Z' || w.EndsWith("CH", StringComparison.Ordinal) || w.EndsWith("SH", StringComparison.Ordinal)) yield return w + "ES";
        else yield return w + "S";
        // -ED
        if (last == 'E') yield return w + "D";
        else if (consonantY) yield return w[..^1] + "IED";
        else yield return w + "ED";
        // -ING
        if (last == 'E' && w.Length > 2 && w[^2] != 'E') yield return w[..^1] + "ING";
        else yield return w + "ING";
        // doubled consonant (BAN -> BANNED, BANNING)
        if (w.Length >= 3 && !IsVowel(last) && last is not ('W' or 'X' or 'Y') && IsVowel(w[^2]) && !IsVowel(w[^3]))
        {
            yield return w + last + "ED";
            yield return w + last + "ING";
        }
    }

    private static bool IsVowel(char c) => c is 'A' or 'E' or 'I' or 'O' or 'U';

    private static VerbPattern ReadPattern(string body, string source, int lineNo, List<(string, int)> synsetRefs)
    {
        int open = body.IndexOf('[', StringComparison.Ordinal);
        if (open < 0) throw Error(source, lineNo, "pattern without [code]");
        var code = ReadCode(body[open..], source, lineNo) ?? "---";
        // "*SCEPTICAL" (no space) is "* SCEPTICAL"
        var text = body[..open].Trim();
        text = System.Text.RegularExpressions.Regex.Replace(text, @"(?<=[^\s_])\*", " *");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\*(?=[^\s_])", "* ");
        // PETRARCH 2 groups constituents with ( ) and { }: the words count, the grouping is not used here
        text = text.Replace('(', ' ').Replace(')', ' ').Replace('{', ' ').Replace('}', ' ');
        var lower = new List<PatternElement>();
        var upper = new List<PatternElement>();
        bool seenVerb = false;
        var join = PatternJoin.Gap;
        // tokens: split on whitespace; inside a token '_' joins adjacent elements
        foreach (var chunk in text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = chunk.Split('_');
            for (int i = 0; i < parts.Length; i++)
            {
                var p = parts[i];
                var thisJoin = i == 0 ? join : PatternJoin.Adjacent;
                if (p.Length == 0)
                {
                    // trailing '_' (whole-word marker) or a leading one: no element
                    continue;
                }
                if (p == "*")
                {
                    if (seenVerb) throw Error(source, lineNo, "two '*' in a pattern");
                    seenVerb = true;
                    // the join between the last lower element and the verb
                    if (lower.Count > 0 && thisJoin == PatternJoin.Adjacent)
                        lower[^1] = lower[^1] with { Join = PatternJoin.Adjacent };
                    join = i < parts.Length - 1 && parts[i + 1].Length > 0 ? PatternJoin.Adjacent : PatternJoin.Gap;
                    continue;
                }
                var element = Element(p, source, lineNo, synsetRefs);
                if (seenVerb)
                {
                    upper.Add(element with { Join = upper.Count == 0 ? join : thisJoin });
                }
                else
                {
                    // lower elements store the join towards the NEXT element (nearer the verb), set when it arrives
                    if (lower.Count > 0) lower[^1] = lower[^1] with { Join = thisJoin };
                    lower.Add(element with { Join = PatternJoin.Gap });
                }
                join = PatternJoin.Gap;
            }
            // a chunk ending in '_' before '*' ("RECENTLY_*" is one chunk; "IN_ *" keeps a gap)
        }
        if (!seenVerb) throw Error(source, lineNo, "pattern without '*'");
        return new VerbPattern(lower, upper, code, lineNo);
    }

    private static PatternElement Element(string p, string source, int lineNo, List<(string, int)> synsetRefs)
    {
        switch (p)
        {
            case "$": return new PatternElement(PatternElementKind.Source, p, PatternJoin.Gap);
            case "+": return new PatternElement(PatternElementKind.Target, p, PatternJoin.Gap);
            case "%": return new PatternElement(PatternElementKind.Compound, p, PatternJoin.Gap);
            case "^": return new PatternElement(PatternElementKind.Skip, p, PatternJoin.Gap);
        }
        if (p.StartsWith('&'))
        {
            var name = SynsetName(p);
            if (name.Length == 0) throw Error(source, lineNo, "'&' without a synset name");
            synsetRefs.Add((name, lineNo));
            return new PatternElement(PatternElementKind.Synset, name, PatternJoin.Gap);
        }
        return new PatternElement(PatternElementKind.Word, p.ToUpperInvariant(), PatternJoin.Gap);
    }

    /// <summary>Words of a synset member or phrase: spaces and underscores both separate words.</summary>
    private static string[] SplitWords(string s) =>
        [.. s.Split([' ', '\t', '_'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.StartsWith('&') ? "&" + SynsetName(w) : w.ToUpperInvariant())];

    private static string SynsetName(string s)
    {
        var t = s.Trim().TrimStart('&');
        int k = 0;
        while (k < t.Length && !char.IsWhiteSpace(t[k])) k++;
        return t[..k].TrimEnd('_').ToUpperInvariant();
    }

    /// <summary>The first <c>[CODE]</c> of <paramref name="s"/>; null for <c>[---]</c>.</summary>
    private static string? ReadCode(string s, string source, int lineNo)
    {
        int open = s.IndexOf('[', StringComparison.Ordinal);
        int close = open < 0 ? -1 : s.IndexOf(']', open);
        if (open < 0 || close < 0) throw Error(source, lineNo, "unclosed [code]");
        var code = s[(open + 1)..close].Trim();
        if (code.Length == 0) throw Error(source, lineNo, "empty [code]");
        return code == "---" ? null : code;
    }

    /// <summary>The line up to a '#' outside brackets (codes such as <c>[###]</c> keep theirs).</summary>
    private static string StripComment(string line)
    {
        int depth = 0;
        for (int k = 0; k < line.Length; k++)
        {
            char c = line[k];
            if (c == '[') depth++;
            else if (c == ']' && depth > 0) depth--;
            else if (c == '#' && depth == 0) return line[..k];
        }
        return line;
    }

    private static FormatException Error(string source, int line, string message) => new($"{source}:{line}: {message}");
}
