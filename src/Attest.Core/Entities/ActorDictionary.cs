using System.Globalization;
using Attest.Text;

namespace Attest.Entities;

/// <summary>What a dictionary name is (see Resources/actors/README.md).</summary>
public enum ActorEntryKind : byte
{
    Country,
    Capital,
    Adjective,
    People,
    Place,
    Metonym,
    Organization,
    Group,
    Outlet,
    Leader,
    Role,
    Title,
    OrgWord,
    /// <summary>A city that is not a capital: a place of its country, never its government ("Basra" is IRQ).</summary>
    City,
}

/// <summary>For roles: one person, several people or an institution.</summary>
public enum RoleForm : byte
{
    None,
    Person,
    Group,
    Body,
}

/// <summary>One name of the actor dictionary. Immutable.</summary>
public sealed class ActorEntry
{
    internal ActorEntry(ActorEntryKind kind, string? code, string name, string surface)
    {
        Kind = kind;
        Code = code;
        Name = name;
        Surface = surface;
    }

    public ActorEntryKind Kind { get; }
    /// <summary>The CAMEO code; for roles, titles and orgwords the role part only (GOV); null for none.</summary>
    public string? Code { get; }
    /// <summary>The canonical name: the first name of its line.</summary>
    public string Name { get; }
    /// <summary>The name as written for this entry.</summary>
    public string Surface { get; }
    public string? EntityType { get; init; }
    public RoleForm Form { get; init; }
    /// <summary>Without a country next to it, the role belongs to the document's main country.</summary>
    public bool National { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Leaders: the office word (president, prime_minister …).</summary>
    public string? Title { get; init; }
    /// <summary>Leaders: this is the short name, matched alone only while in office.</summary>
    public bool IsShortName { get; init; }
    /// <summary>The name is also a common word ("Shell", "Target"): not matched as the first word of a sentence,
    /// where every word is capitalised (option <c>noninitial</c>).</summary>
    public bool NonInitial { get; init; }
    internal string[] SurfaceTokens { get; init; } = [];

    /// <summary>Whether the entry is valid on <paramref name="date"/> (always when either is unknown).</summary>
    public bool InOffice(DateOnly? date) =>
        date is not { } d || ((From is null || From.Value <= d) && (To is null || d < To.Value));

    /// <summary>The three-letter country at the front of the code, when it is one.</summary>
    public string? CountryPart => CodeCountry(Code);

    internal static string? CodeCountry(string? code) =>
        code is { Length: >= 3 } && !code.StartsWith("IGO", StringComparison.Ordinal) && !code.StartsWith("NGO", StringComparison.Ordinal)
        && !code.StartsWith("IMG", StringComparison.Ordinal) && !code.StartsWith("MNC", StringComparison.Ordinal)
        && !code.StartsWith("UIS", StringComparison.Ordinal) && !code.StartsWith("EUR", StringComparison.Ordinal)
        && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) && char.IsAsciiLetterUpper(code[2])
            ? code[..3] : null;

    public override string ToString() => $"{Kind} {Code} {Surface}";
}

/// <summary>
/// The actor dictionary: names, places, roles and office holders with their CAMEO codes, looked up by token
/// sequence through a trie over token strings (case-insensitive, no allocation per lookup). Immutable and
/// thread-safe once built; build it once with <see cref="Builder"/> or <see cref="LoadDefault"/>.
/// </summary>
public sealed class ActorDictionary
{
    private static readonly Lazy<ActorDictionary> DefaultDictionary = new(() => new Builder().AddDefaults().Build());
    internal static readonly string[] DefaultResources = ["countries.actors", "cities.actors", "places.actors", "organisations.actors", "actors.actors", "roles.actors", "leaders.actors"];
    /// <summary>The files before the world-knowledge ones (places.actors, organisations.actors) existed: the
    /// dictionary that NER models trained before them saw, so that their inputs do not change.</summary>
    internal static readonly string[] ClassicResources = ["countries.actors", "cities.actors", "actors.actors", "roles.actors", "leaders.actors"];
    private static readonly Lazy<ActorDictionary> ClassicDictionary = new(() => new Builder().AddResources(ClassicResources).Build());

    private readonly Node root;

    private readonly Dictionary<string, string> countryNames;

    private ActorDictionary(Node root, int count, HashSet<string> countries, Dictionary<string, string> countryNames, ActorEntry[] leaders)
    {
        this.root = root;
        Count = count;
        Countries = countries;
        this.countryNames = countryNames;
        Leaders = leaders;
    }

    /// <summary>Every leader entry (full names only), in file order.</summary>
    public IReadOnlyList<ActorEntry> Leaders { get; }

    /// <summary>The canonical name of a country code (USA: United States), or null.</summary>
    public string? CountryName(string? code) => code is not null && countryNames.TryGetValue(code, out var n) ? n : null;

    /// <summary>
    /// The office holder whose title is <paramref name="title"/> ("president") for <paramref name="country"/> on
    /// <paramref name="date"/>, or null.
    /// </summary>
    public ActorEntry? LeaderInOffice(string country, string title, DateOnly date)
    {
        ActorEntry? found = null;
        foreach (var l in Leaders)
        {
            if (l.Title is not null && string.Equals(l.Title, title, StringComparison.OrdinalIgnoreCase)
                && string.Equals(l.CountryPart, country, StringComparison.Ordinal) && l.InOffice(date))
            {
                found = l;
            }
        }
        return found;
    }

    /// <summary>Every entry of the trie (depth-first); for building derived lookups such as NER gazetteer features.</summary>
    internal IEnumerable<ActorEntry> AllEntries()
    {
        var stack = new Stack<Node>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var e in node.Entries) yield return e;
            if (node.Children is not null)
                foreach (var c in node.Children.Values) stack.Push(c);
        }
    }

    /// <summary>Number of names.</summary>
    public int Count { get; }

    internal HashSet<string> Countries { get; }

    /// <summary>The embedded Attest dictionary (cached).</summary>
    public static ActorDictionary LoadDefault() => DefaultDictionary.Value;

    /// <summary>The embedded dictionary without places.actors and organisations.actors (cached), for NER models
    /// trained before those files existed.</summary>
    internal static ActorDictionary LoadClassic() => ClassicDictionary.Value;

    /// <summary>
    /// The longest name starting at token <paramref name="start"/> (not beyond <paramref name="end"/>) whose case
    /// rules hold; its entries go to <paramref name="entries"/> (cleared first). Returns the match length in
    /// tokens, 0 when nothing matches.
    /// </summary>
    public int LongestMatch(TokenizedText text, int start, int end, List<ActorEntry> entries)
    {
        entries.Clear();
        var node = root;
        int best = 0;
        Span<char> buffer = stackalloc char[64];
        for (int i = start; i < end; i++)
        {
            var tok = Normalize(text.TokenSpan(i), buffer);
            if (node.Children is null || !node.Lookup.TryGetValue(tok, out var next)) break;
            node = next;
            if (node.Entries.Length > 0)
            {
                bool any = false;
                foreach (var e in node.Entries)
                {
                    if (!CaseFits(e, text, start) || (e.NonInitial && SentenceInitial(text, start))) continue;
                    if (!any)
                    {
                        entries.Clear();
                        any = true;
                    }
                    entries.Add(e);
                }
                if (any) best = i - start + 1;
            }
        }
        return best;
    }

    /// <summary>Entries for one token string (used for the parts of hyphenated words such as "Saudi-led").</summary>
    public bool TryLookupToken(ReadOnlySpan<char> token, List<ActorEntry> entries)
    {
        entries.Clear();
        if (root.Children is null) return false;
        Span<char> buffer = stackalloc char[64];
        var tok = Normalize(token, buffer);
        if (!root.Lookup.TryGetValue(tok, out var node)) return false;
        foreach (var e in node.Entries)
        {
            if (e.SurfaceTokens.Length == 1 && !e.NonInitial && TokenCaseFits(e.SurfaceTokens[0], token)) entries.Add(e);
        }
        return entries.Count > 0;
    }

    /// <summary>All entries for a name written as text ("the Kremlin"); for tests and tools.</summary>
    public IReadOnlyList<ActorEntry> Lookup(string name)
    {
        var node = root;
        foreach (var (s, e) in NameTokenizer.Split(name))
        {
            if (node.Children is null || !node.Lookup.TryGetValue(name.AsSpan(s, e - s), out var next)) return [];
            node = next;
        }
        return node.Entries;
    }

    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> token, Span<char> buffer)
    {
        if (token.Length > buffer.Length || token.IndexOfAny('\u2019', '\u2018') < 0) return token;
        token.CopyTo(buffer);
        var b = buffer[..token.Length];
        b.Replace('\u2019', '\'');
        b.Replace('\u2018', '\'');
        return b;
    }

    /// <summary>Whether token <paramref name="start"/> is the first word of its sentence (only punctuation and
    /// quotes before it).</summary>
    internal static bool SentenceInitial(TokenizedText text, int start)
    {
        int s = text.SentenceAt(text[start].Start);
        int first = s < 0 ? 0 : text.Sentences[s].FirstToken;
        for (int k = first; k < start; k++)
        {
            foreach (char c in text.TokenSpan(k))
            {
                if (char.IsLetterOrDigit(c)) return false;
            }
        }
        return true;
    }

    private static bool CaseFits(ActorEntry e, TokenizedText text, int start)
    {
        var st = e.SurfaceTokens;
        for (int k = 0; k < st.Length; k++)
        {
            if (!TokenCaseFits(st[k], text.TokenSpan(start + k))) return false;
        }
        return true;
    }

    private static bool TokenCaseFits(string surface, ReadOnlySpan<char> token)
    {
        if (surface.Length == 0 || token.Length == 0) return true;
        char s0 = surface[0];
        if (!char.IsUpper(s0)) return true;
        if (!char.IsUpper(token[0])) return false;
        // acronyms (US, WHO, IAEA, U.N.) must be written in capitals
        bool acronym = surface.Length <= 6;
        int letters = 0;
        foreach (char c in surface)
        {
            if (char.IsLower(c)) { acronym = false; break; }
            if (char.IsLetter(c)) letters++;
        }
        if (acronym && letters >= 2)
        {
            foreach (char c in token)
            {
                if (char.IsLower(c)) return false;
            }
        }
        return true;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> Lookup;
        public ActorEntry[] Entries = [];
        public List<ActorEntry>? Pending;

        public void Freeze()
        {
            if (Pending is not null)
            {
                Entries = [.. Pending];
                Pending = null;
            }
            if (Children is not null)
            {
                Lookup = Children.GetAlternateLookup<ReadOnlySpan<char>>();
                foreach (var c in Children.Values) c.Freeze();
            }
        }
    }

    /// <summary>Collects entries from Attest or PETRARCH files; not thread-safe; <see cref="Build"/> once.</summary>
    public sealed class Builder
    {
        private readonly Node root = new();
        private readonly HashSet<string> countries = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> countryNames = new(StringComparer.Ordinal);
        private readonly List<ActorEntry> leaders = [];
        private int count;
        private bool built;

        public int Count => count;

        /// <summary>The embedded Attest dictionary files.</summary>
        public Builder AddDefaults() => AddResources(DefaultResources);

        internal Builder AddResources(string[] files)
        {
            foreach (var file in files)
            {
                using var reader = new StringReader(Lexicon.EmbeddedResources.ReadText("actors/" + file));
                AddAttest(reader, file);
            }
            return this;
        }

        public Builder AddAttestFile(string path)
        {
            using var reader = new StreamReader(path);
            return AddAttest(reader, path);
        }

        /// <summary>Reads Attest-format lines (Resources/actors/README.md). Throws <see cref="FormatException"/> on a bad line.</summary>
        public Builder AddAttest(TextReader reader, string sourceName = "actors")
        {
            string? line;
            int lineNo = 0;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNo++;
                var content = StripComment(line).Trim();
                if (content.Length == 0) continue;
                var fields = content.Split('|');
                if (fields.Length < 3)
                    throw new FormatException($"{sourceName}:{lineNo}: expected KIND | CODE | names [| options]");
                var kind = ParseKind(fields[0].Trim()) ?? throw new FormatException($"{sourceName}:{lineNo}: unknown kind '{fields[0].Trim()}'");
                var code = fields[1].Trim();
                string? codeOrNull = code is "-" or "" ? null : code;
                var names = fields[2].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (names.Length == 0) throw new FormatException($"{sourceName}:{lineNo}: no names");
                var opts = fields.Length > 3 ? fields[3].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
                string? type = null, title = null, shortName = null;
                RoleForm form = RoleForm.None;
                bool national = false, nonInitial = false;
                DateOnly? from = null, to = null;
                foreach (var o in opts)
                {
                    int eq = o.IndexOf('=', StringComparison.Ordinal);
                    var key = eq < 0 ? o : o[..eq];
                    var val = eq < 0 ? "" : o[(eq + 1)..];
                    switch (key)
                    {
                        case "type": type = val; break;
                        case "title": title = val.Replace('_', ' '); break;
                        case "short": shortName = val.Replace('_', ' '); break;
                        case "national": national = true; break;
                        case "noninitial": nonInitial = true; break;
                        case "form":
                            form = val switch
                            {
                                "person" => RoleForm.Person,
                                "group" => RoleForm.Group,
                                "body" => RoleForm.Body,
                                _ => throw new FormatException($"{sourceName}:{lineNo}: unknown form '{val}'"),
                            };
                            break;
                        case "from": from = ParseDate(val, sourceName, lineNo); break;
                        case "to": to = ParseDate(val, sourceName, lineNo); break;
                        default: throw new FormatException($"{sourceName}:{lineNo}: unknown option '{key}'");
                    }
                }
                if (kind == ActorEntryKind.Country && codeOrNull is not null) MarkCountry(codeOrNull, names[0]);
                var canonical = names[0];
                foreach (var n in names)
                {
                    Add(new ActorEntry(kind, codeOrNull, canonical, n)
                    {
                        EntityType = type ?? DefaultType(kind),
                        Form = form,
                        National = national,
                        NonInitial = nonInitial,
                        From = from,
                        To = to,
                        Title = title,
                    });
                }
                if (shortName is not null)
                {
                    Add(new ActorEntry(kind, codeOrNull, canonical, shortName)
                    {
                        EntityType = type ?? DefaultType(kind),
                        From = from,
                        To = to,
                        Title = title,
                        IsShortName = true,
                    });
                }
            }
            return this;
        }

        private static DateOnly ParseDate(string s, string source, int line) =>
            DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new FormatException($"{source}:{line}: bad date '{s}' (want YYYY-MM-DD)");

        private static string StripComment(string line)
        {
            if (line.StartsWith('#')) return "";
            int k = line.IndexOf(" #", StringComparison.Ordinal);
            int t = line.IndexOf("\t#", StringComparison.Ordinal);
            if (t >= 0 && (k < 0 || t < k)) k = t;
            return k >= 0 ? line[..k] : line;
        }

        private static ActorEntryKind? ParseKind(string s) => s switch
        {
            "country" => ActorEntryKind.Country,
            "capital" => ActorEntryKind.Capital,
            "adjective" => ActorEntryKind.Adjective,
            "people" => ActorEntryKind.People,
            "place" => ActorEntryKind.Place,
            "metonym" => ActorEntryKind.Metonym,
            "organization" or "organisation" => ActorEntryKind.Organization,
            "group" => ActorEntryKind.Group,
            "outlet" => ActorEntryKind.Outlet,
            "leader" => ActorEntryKind.Leader,
            "role" => ActorEntryKind.Role,
            "title" => ActorEntryKind.Title,
            "orgword" => ActorEntryKind.OrgWord,
            "city" => ActorEntryKind.City,
            _ => null,
        };

        internal static string? DefaultType(ActorEntryKind kind) => kind switch
        {
            ActorEntryKind.Country or ActorEntryKind.Capital or ActorEntryKind.City => "GPE",
            ActorEntryKind.Adjective or ActorEntryKind.People => "NORP",
            ActorEntryKind.Place => "LOC",
            ActorEntryKind.Metonym or ActorEntryKind.Organization or ActorEntryKind.Group or ActorEntryKind.Outlet or ActorEntryKind.OrgWord => "ORG",
            ActorEntryKind.Leader => "PERSON",
            _ => null,
        };

        internal void MarkCountry(string code, string name)
        {
            countries.Add(code);
            // later files (hand additions, user files) choose the canonical name: "Russia", not "Russian Federation"
            countryNames[code] = name;
        }

        /// <summary>Adds one entry under its surface name (and, for hyphenated names, the hyphen-split form).</summary>
        public Builder Add(ActorEntry entry)
        {
            if (built) throw new InvalidOperationException("the dictionary is already built");
            var surface = entry.Surface;
            var spans = NameTokenizer.Split(surface);
            if (spans.Count == 0) return this;
            var tokens = new string[spans.Count];
            for (int k = 0; k < spans.Count; k++) tokens[k] = surface[spans[k].Start..spans[k].End].Replace('\u2019', '\'');
            var withTokens = new ActorEntry(entry.Kind, entry.Code, entry.Name, entry.Surface)
            {
                EntityType = entry.EntityType,
                Form = entry.Form,
                National = entry.National,
                From = entry.From,
                To = entry.To,
                Title = entry.Title,
                IsShortName = entry.IsShortName,
                NonInitial = entry.NonInitial,
                SurfaceTokens = tokens,
            };
            Insert(tokens, withTokens);
            if (entry.Kind == ActorEntryKind.Leader && !entry.IsShortName && string.Equals(entry.Name, entry.Surface, StringComparison.Ordinal))
                leaders.Add(withTokens);
            if (surface.Contains('-', StringComparison.Ordinal))
            {
                var split = new List<string>();
                foreach (var t in tokens)
                {
                    if (t.Length > 1 && t.Contains('-', StringComparison.Ordinal))
                    {
                        var parts = t.Split('-');
                        for (int p = 0; p < parts.Length; p++)
                        {
                            if (p > 0) split.Add("-");
                            if (parts[p].Length > 0) split.Add(parts[p]);
                        }
                    }
                    else split.Add(t);
                }
                if (split.Count != tokens.Length)
                {
                    var arr = split.ToArray();
                    Insert(arr, new ActorEntry(entry.Kind, entry.Code, entry.Name, entry.Surface)
                    {
                        EntityType = entry.EntityType,
                        Form = entry.Form,
                        National = entry.National,
                        From = entry.From,
                        To = entry.To,
                        Title = entry.Title,
                        IsShortName = entry.IsShortName,
                        NonInitial = entry.NonInitial,
                        SurfaceTokens = arr,
                    });
                }
            }
            count++;
            return this;
        }

        private void Insert(string[] tokens, ActorEntry entry)
        {
            var node = root;
            foreach (var t in tokens)
            {
                node.Children ??= new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
                if (!node.Children.TryGetValue(t, out var next))
                {
                    next = new Node();
                    node.Children[t] = next;
                }
                node = next;
            }
            node.Pending ??= [];
            // a later line with the same kind and surface replaces the earlier one (user files override defaults),
            // except for leaders, whose terms add up
            if (entry.Kind != ActorEntryKind.Leader)
                node.Pending.RemoveAll(e => e.Kind == entry.Kind && string.Equals(e.Surface, entry.Surface, StringComparison.Ordinal));
            node.Pending.Add(entry);
        }

        public ActorDictionary Build()
        {
            if (built) throw new InvalidOperationException("the dictionary is already built");
            built = true;
            root.Freeze();
            return new ActorDictionary(root, count, countries, countryNames, [.. leaders]);
        }
    }
}
