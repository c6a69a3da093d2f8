using System.Globalization;
using System.Text;

namespace Attest.Entities;

/// <summary>
/// Loads PETRARCH / TABARI actor and agent dictionaries into an <see cref="ActorDictionary.Builder"/>.
/// <para>Actors: <c>NAME_ [CODE]</c>, synonyms on <c>+NAME</c> lines, codes on the entry line or on following indented
/// lines, several per line, each optionally dated: <c>[CODE YYMMDD-YYMMDD]</c>, <c>[CODE &gt;YYYYMMDD]</c>,
/// <c>[CODE &lt;YYYYMMDD]</c>; <c>[---]</c> is no code; <c>#</c> starts a comment.</para>
/// <para>Agents: <c>NAME [~GOV]</c> (role suffix) or <c>[GOV~]</c>, optional plural in braces <c>NAME {PLURALS} [~GOV]</c>
/// (<c>{}</c>: no plural; no braces: the regular plural), substitution sets <c>!PERSON! = MAN, WOMAN</c>.</para>
/// Underscores join words; a trailing underscore (whole word) and stems are both read as whole words.
/// Malformed lines are skipped and listed in <see cref="Warnings"/>. <see cref="ParseActors"/> and <see cref="ParseAgents"/>
/// give the raw entries (names as written, codes with <c>~</c>, dated codes in file order) for the PETRARCH coder.
/// </summary>
public sealed class PetrarchDictionaryReader
{
    private readonly ActorDictionary.Builder builder;
    private readonly List<string> warnings = [];

    public PetrarchDictionaryReader(ActorDictionary.Builder builder) => this.builder = builder;

    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>Entries added so far.</summary>
    public int Added { get; private set; }

    public void ReadActors(TextReader reader, string sourceName = "actors")
    {
        foreach (var record in ParseActors(reader, sourceName, warnings))
        {
            var names = record.Names.Select(Words).Where(n => n.Length > 0).ToList();
            var codes = record.Codes.Select(c => (c.Code, c.From, c.To)).ToList();
            Flush(names, codes);
        }
    }

    /// <summary>
    /// The raw entries of a PETRARCH actor file: names as written (underscores kept) and the codes in file order, each
    /// with its date restriction. Malformed lines are skipped and described (file:line: problem) in <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<PetrarchActorRecord> ParseActors(TextReader reader, string sourceName, List<string> problems)
    {
        var records = new List<PetrarchActorRecord>();
        var names = new List<string>();
        var codes = new List<PetrarchCode>();
        int entryLine = 0;
        string? line;
        int lineNo = 0;
        void Emit()
        {
            if (names.Count > 0 && codes.Count > 0) records.Add(new PetrarchActorRecord([.. names], [.. codes], entryLine));
            names.Clear();
            codes.Clear();
        }
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var content = StripComment(line);
            if (content.Trim().Length == 0 || content.TrimStart().StartsWith('<')) continue;
            bool indented = char.IsWhiteSpace(content[0]);
            var trimmed = content.Trim();
            if (trimmed.StartsWith('+'))
            {
                if (names.Count == 0) { problems.Add($"{sourceName}:{lineNo}: synonym without an entry"); continue; }
                var (name, rest) = SplitRawName(trimmed[1..]);
                if (name.Length > 0) names.Add(name);
                ParseCodes(rest, codes, sourceName, lineNo, problems);
                continue;
            }
            if (indented || trimmed.StartsWith('['))
            {
                if (names.Count == 0) { problems.Add($"{sourceName}:{lineNo}: code without an entry"); continue; }
                ParseCodes(trimmed, codes, sourceName, lineNo, problems);
                continue;
            }
            Emit();
            var (n, r) = SplitRawName(trimmed);
            if (n.Length == 0) { problems.Add($"{sourceName}:{lineNo}: no name"); continue; }
            names.Add(n);
            entryLine = lineNo;
            ParseCodes(r, codes, sourceName, lineNo, problems);
        }
        Emit();
        return records;
    }

    public void ReadAgents(TextReader reader, string sourceName = "agents")
    {
        foreach (var agent in ParseAgents(reader, sourceName, warnings))
        {
            var code = agent.Code.Trim('~');
            foreach (var singular in agent.Names) AddRole(Words(singular).ToLowerInvariant(), code, RoleForm.Person);
            foreach (var plural in agent.Plurals) AddRole(Words(plural).ToLowerInvariant(), code, RoleForm.Group);
        }
    }

    /// <summary>
    /// The raw entries of a PETRARCH agent file: every singular name (substitution sets <c>!SET!</c> expanded), every
    /// plural (the braces, else the regular plural, none for <c>{}</c>) and the code as written (<c>~GOV</c> appends,
    /// <c>NGO~</c> prepends). Malformed lines are skipped and described (file:line: problem) in <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyList<PetrarchAgentRecord> ParseAgents(TextReader reader, string sourceName, List<string> problems)
    {
        var records = new List<PetrarchAgentRecord>();
        var sets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var t = StripComment(line).Trim();
            if (t.Length == 0 || t.StartsWith('<')) continue;
            int eqAt = t.IndexOf('=', StringComparison.Ordinal);
            int codeAt = t.IndexOf('[', StringComparison.Ordinal);
            if (t.StartsWith('!') && (eqAt >= 0 || codeAt < 0) && (codeAt < 0 || eqAt < codeAt))
            {
                int eq = eqAt;
                if (eq < 0) { problems.Add($"{sourceName}:{lineNo}: bad substitution set"); continue; }
                sets[t[..eq].Trim()] = t[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                continue;
            }
            int open = t.IndexOf('[', StringComparison.Ordinal);
            int close = open < 0 ? -1 : t.IndexOfAny([']', '}'], open);
            if (open < 0 || close < 0) { problems.Add($"{sourceName}:{lineNo}: no [code]"); continue; }
            var code = t[(open + 1)..close].Trim();
            var bare = code.Trim('~');
            if (bare.Length == 0 || !bare.All(char.IsAsciiLetterUpper)) { problems.Add($"{sourceName}:{lineNo}: bad agent code"); continue; }
            var head = t[..open];
            string? plural = null;
            bool noPlural = false;
            int brace = head.IndexOf('{', StringComparison.Ordinal);
            if (brace >= 0)
            {
                int braceEnd = head.IndexOf('}', brace);
                var inside = braceEnd > brace ? head[(brace + 1)..braceEnd].Trim() : "";
                if (inside.Length == 0) noPlural = true; else plural = inside;
                head = head[..brace];
            }
            var name = head.Trim();
            if (name.Length == 0) { problems.Add($"{sourceName}:{lineNo}: no name"); continue; }
            var singulars = Expand(name, sets).ToList();
            var plurals = new List<string>();
            if (plural is not null)
            {
                foreach (var p in plural.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)) plurals.AddRange(Expand(p, sets));
            }
            else if (!noPlural)
            {
                foreach (var s in singulars) plurals.Add(RegularPlural(s.TrimEnd('_').ToLowerInvariant()).ToUpperInvariant());
            }
            records.Add(new PetrarchAgentRecord(singulars, plurals, code, lineNo));
        }
        return records;
    }

    private void AddRole(string name, string code, RoleForm form)
    {
        if (name.Length == 0) return;
        builder.Add(new ActorEntry(ActorEntryKind.Role, code, name, name) { Form = form });
        Added++;
    }

    private static IEnumerable<string> Expand(string name, Dictionary<string, string[]> sets)
    {
        int a = name.IndexOf('!', StringComparison.Ordinal);
        int b = a < 0 ? -1 : name.IndexOf('!', a + 1);
        if (a < 0 || b < 0 || !sets.TryGetValue(name[a..(b + 1)], out var subs))
        {
            yield return name;
            yield break;
        }
        foreach (var s in subs)
        {
            foreach (var e in Expand(string.Concat(name.AsSpan(0, a), s, name.AsSpan(b + 1)), sets)) yield return e;
        }
    }

    internal static string RegularPlural(string w)
    {
        if (w.EndsWith('y') && w.Length > 1 && !"aeiou".Contains(w[^2], StringComparison.Ordinal)) return w[..^1] + "ies";
        if (w.EndsWith('s') || w.EndsWith('x') || w.EndsWith("ch", StringComparison.Ordinal) || w.EndsWith("sh", StringComparison.Ordinal)) return w + "es";
        return w + "s";
    }

    private void Flush(List<string> names, List<(string? Code, DateOnly? From, DateOnly? To)> codes)
    {
        if (names.Count > 0 && codes.Count > 0)
        {
            var canonical = names[0];
            bool dated = codes.Exists(c => c.From is not null || c.To is not null);
            foreach (var (code, from, to) in codes)
            {
                if (code is null) continue;
                // ELI without a country (after a dated office) is the "former" marker: skip, the reader derives it
                if (code == "ELI") continue;
                var kind = dated ? ActorEntryKind.Leader
                    : code.Length == 3 ? ActorEntryKind.Country
                    : ActorEntryKind.Organization;
                if (kind == ActorEntryKind.Country) builder.MarkCountry(code, canonical);
                foreach (var n in names)
                {
                    builder.Add(new ActorEntry(kind, code, canonical, n)
                    {
                        EntityType = ActorDictionary.Builder.DefaultType(kind),
                        From = from,
                        To = to,
                    });
                    Added++;
                }
            }
        }
        names.Clear();
        codes.Clear();
    }

    /// <summary>The name as written (everything before the first code, spaces collapsed) and the rest of the line.</summary>
    private static (string Name, string Tail) SplitRawName(string s)
    {
        int k = s.IndexOf('[', StringComparison.Ordinal);
        if (k < 0) k = s.Length;
        return (string.Join(' ', s[..k].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)), s[k..]);
    }

    /// <summary>PETRARCH name to text: underscores are spaces; words in title case so that case rules stay loose.</summary>
    internal static string Words(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        bool start = true;
        foreach (char c in raw.Trim().TrimEnd('_'))
        {
            if (c == '_')
            {
                sb.Append(' ');
                start = true;
                continue;
            }
            sb.Append(start ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            start = c is ' ' or '-';
        }
        return sb.ToString().Trim();
    }

    private static void ParseCodes(string s, List<PetrarchCode> codes, string source, int lineNo, List<string> problems)
    {
        int i = 0;
        while ((i = s.IndexOf('[', i)) >= 0)
        {
            int j = s.IndexOf(']', i);
            if (j < 0) { problems.Add($"{source}:{lineNo}: unclosed ["); return; }
            var parts = s[(i + 1)..j].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            i = j + 1;
            if (parts.Length == 0) continue;
            string? code = parts[0] == "---" ? null : parts[0];
            DateOnly? from = null, to = null;
            if (parts.Length > 1)
            {
                // "<950601", "< 950601", "19950601-19990815", "19950601 - 19990815": spaces inside are allowed
                var r = string.Concat(parts.Skip(1));
                if (r.StartsWith('>')) from = ParseDate(r[1..]);
                else if (r.StartsWith('<')) to = ParseDate(r[1..]);
                else if (r.Contains('-', StringComparison.Ordinal))
                {
                    var fromTo = r.Split('-');
                    from = ParseDate(fromTo[0]);
                    to = fromTo.Length == 2 ? ParseDate(fromTo[1]) : null;
                    if (from is null || to is null) from = to = null;
                }
                if (from is null && to is null)
                {
                    problems.Add($"{source}:{lineNo}: bad date restriction '{r}'");
                    continue;
                }
            }
            codes.Add(new PetrarchCode(code, from, to) { Before = parts.Length > 1 && parts[1].StartsWith('<'), After = parts.Length > 1 && parts[1].StartsWith('>') });
        }
    }

    /// <summary>YYYYMMDD or YYMMDD (years up to 30 are 20xx).</summary>
    internal static DateOnly? ParseDate(string s)
    {
        if (s.Length == 8 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return DateOnly.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        }
        if (s.Length == 6 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            int yy = int.Parse(s.AsSpan(0, 2), CultureInfo.InvariantCulture);
            int year = yy <= 30 ? 2000 + yy : 1900 + yy;
            int m = int.Parse(s.AsSpan(2, 2), CultureInfo.InvariantCulture), d = int.Parse(s.AsSpan(4, 2), CultureInfo.InvariantCulture);
            if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(year, m)) return null;
            return new DateOnly(year, m, d);
        }
        return null;
    }

    private static string StripComment(string line)
    {
        int k = line.IndexOf('#', StringComparison.Ordinal);
        return k >= 0 ? line[..k] : line;
    }
}

/// <summary>One code of a PETRARCH actor entry; <see cref="Code"/> null is <c>[---]</c>. <see cref="From"/> and
/// <see cref="To"/> bound the dates it applies to (<c>&gt;D</c>: after D, <c>&lt;D</c>: before D, <c>A-B</c>: A to B).</summary>
public sealed record PetrarchCode(string? Code, DateOnly? From, DateOnly? To)
{
    public bool Before { get; init; }
    public bool After { get; init; }

    public bool IsDated => From is not null || To is not null;

    /// <summary>Whether the code applies on <paramref name="date"/> (an undated code always does).</summary>
    public bool AppliesOn(DateOnly date)
    {
        if (Before) return date < To!.Value;
        if (After) return date > From!.Value;
        return (From is null || date >= From.Value) && (To is null || date <= To.Value);
    }
}

/// <summary>One actor entry as written: its names (first is canonical, underscores kept) and codes in file order.</summary>
public sealed record PetrarchActorRecord(IReadOnlyList<string> Names, IReadOnlyList<PetrarchCode> Codes, int Line);

/// <summary>One agent entry: singular and plural names as written, and the code with its <c>~</c>.</summary>
public sealed record PetrarchAgentRecord(IReadOnlyList<string> Names, IReadOnlyList<string> Plurals, string Code, int Line);
