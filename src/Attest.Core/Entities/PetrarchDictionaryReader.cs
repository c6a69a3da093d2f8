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
/// Malformed lines are skipped and listed in <see cref="Warnings"/>.
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
        var names = new List<string>();
        var codes = new List<(string? Code, DateOnly? From, DateOnly? To)>();
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var content = StripComment(line);
            if (content.Trim().Length == 0) continue;
            bool indented = char.IsWhiteSpace(content[0]);
            var trimmed = content.Trim();
            if (trimmed.StartsWith('+'))
            {
                if (names.Count == 0) { warnings.Add($"{sourceName}:{lineNo}: synonym without an entry"); continue; }
                var (name, rest) = SplitName(trimmed[1..]);
                if (name.Length > 0) names.Add(name);
                ParseCodes(rest, codes, sourceName, lineNo);
                continue;
            }
            if (indented || trimmed.StartsWith('['))
            {
                if (names.Count == 0) { warnings.Add($"{sourceName}:{lineNo}: code without an entry"); continue; }
                ParseCodes(trimmed, codes, sourceName, lineNo);
                continue;
            }
            Flush(names, codes);
            var (n, r) = SplitName(trimmed);
            if (n.Length == 0) { warnings.Add($"{sourceName}:{lineNo}: no name"); continue; }
            names.Add(n);
            ParseCodes(r, codes, sourceName, lineNo);
        }
        Flush(names, codes);
    }

    public void ReadAgents(TextReader reader, string sourceName = "agents")
    {
        var sets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? line;
        int lineNo = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var t = StripComment(line).Trim();
            if (t.Length == 0) continue;
            if (t.StartsWith('!'))
            {
                int eq = t.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0) { warnings.Add($"{sourceName}:{lineNo}: bad substitution set"); continue; }
                sets[t[..eq].Trim()] = t[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                continue;
            }
            int open = t.IndexOf('[', StringComparison.Ordinal);
            int close = open < 0 ? -1 : t.IndexOfAny([']', '}'], open);
            if (open < 0 || close < 0) { warnings.Add($"{sourceName}:{lineNo}: no [code]"); continue; }
            var code = t[(open + 1)..close].Trim().Trim('~');
            if (code.Length == 0 || !code.All(char.IsAsciiLetterUpper)) { warnings.Add($"{sourceName}:{lineNo}: bad agent code"); continue; }
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
            if (name.Length == 0) { warnings.Add($"{sourceName}:{lineNo}: no name"); continue; }
            foreach (var singular in Expand(name, sets))
            {
                AddRole(Words(singular).ToLowerInvariant(), code, RoleForm.Person);
                if (plural is null && !noPlural) AddRole(RegularPlural(Words(singular).ToLowerInvariant()), code, RoleForm.Group);
            }
            if (plural is not null)
            {
                foreach (var p in Expand(plural, sets)) AddRole(Words(p).ToLowerInvariant(), code, RoleForm.Group);
            }
        }
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

    /// <summary>The name (underscores to spaces, title case) and the rest of the line.</summary>
    private static (string Name, string Tail) SplitName(string s)
    {
        int k = 0;
        while (k < s.Length && !char.IsWhiteSpace(s[k]) && s[k] != '[') k++;
        return (Words(s[..k]), s[k..]);
    }

    /// <summary>PETRARCH name to text: underscores are spaces; words in title case so that case rules stay loose.</summary>
    private static string Words(string raw)
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

    private void ParseCodes(string s, List<(string? Code, DateOnly? From, DateOnly? To)> codes, string source, int lineNo)
    {
        int i = 0;
        while ((i = s.IndexOf('[', i)) >= 0)
        {
            int j = s.IndexOf(']', i);
            if (j < 0) { warnings.Add($"{source}:{lineNo}: unclosed ["); return; }
            var parts = s[(i + 1)..j].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            i = j + 1;
            if (parts.Length == 0) continue;
            string? code = parts[0] == "---" ? null : parts[0];
            DateOnly? from = null, to = null;
            if (parts.Length > 1)
            {
                var r = parts[1];
                if (r.StartsWith('>')) from = ParseDate(r[1..]);
                else if (r.StartsWith('<')) to = ParseDate(r[1..]);
                else if (r.Contains('-', StringComparison.Ordinal))
                {
                    var fromTo = r.Split('-');
                    from = ParseDate(fromTo[0]);
                    to = ParseDate(fromTo[1]);
                }
                if (from is null && to is null) warnings.Add($"{source}:{lineNo}: bad date restriction '{r}'");
            }
            codes.Add((code, from, to));
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
