using System.Collections.Immutable;
using System.Globalization;
using Attest.Model;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Entities;

internal enum ItemType : byte
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
    NamedOrg,
    Name,
    Date,
    Misc,
    /// <summary>A city that is not a capital: a place of its country (IRQ for "Basra"), never its government.</summary>
    City,
}

/// <summary>A recognised stretch of tokens: a dictionary name, a capitalised name, an organisation or a date.</summary>
internal sealed class Item
{
    public int Start;
    public int End;
    public ItemType Type;
    public ActorEntry? Entry;
    public ActorEntry? RoleEntry;
    public string? Code;
    public string? Suffix;
    public RoleForm Form;
    public bool National;
    public string? Value;
    public string? EntityType;
    public int CharStart = -1;
    public int CharEnd = -1;
    public bool Candidate;
    public bool Removed;
    public string? Head;

    public bool IsAnchor => Type is ItemType.Country or ItemType.Capital or ItemType.City or ItemType.Adjective or ItemType.People or ItemType.Metonym
        or ItemType.Organization or ItemType.Group or ItemType.Outlet or ItemType.NamedOrg or ItemType.Leader;

    public bool IsRole => Type is ItemType.Role or ItemType.Title;

    public override string ToString() => $"{Type} [{Start},{End}) {Code}";
}

internal sealed class ActorBuilder
{
    public required string Name;
    public string? Code;
    public string Kind = ActorKind.Unknown;
    public bool Plural;
    /// <summary>Introduced by an indefinite description ("a senior official"), so a name may follow.</summary>
    public bool Indefinite;
    /// <summary>Known only by a description ("a spokesman"), so a name in apposition may name it.</summary>
    public bool Described;
    public readonly HashSet<string> Heads = new(StringComparer.OrdinalIgnoreCase);
    public int Order;
}

internal sealed class MentionDraft
{
    public int Start;
    public int End;
    public required ActorBuilder Actor;
    public MentionKind Kind;
    public string? Code;
    public int Sentence;
    /// <summary>0: not a subject; 1: the subject of some predicate; 2: the subject of its sentence's root (the main clause).</summary>
    public int Subject;
    /// <summary>The mention names several people ("officials", "Iranians"): an antecedent for "they".</summary>
    public bool Plural;
}

/// <summary>The per-document state of <see cref="DictionaryEntityAnalyzer"/>.</summary>
internal sealed partial class DocumentRun
{
    private static readonly WordSet Stopwords = new(
        "the a an in on at but and or if when while after before despite amid as for with without from to by of since until although though however "
        + "meanwhile moreover still yet so then this that these those it its he she they we i his her their our my your there here what who which where "
        + "why how according under over during last next earlier later also many some most all both each every several other another such no not only "
        + "even just now today yesterday tomorrow mr mrs ms especially concurrently nevertheless instead thus hence indeed already once further "
        + "because unlike like following asked speaking writing separately elsewhere overall currently previously recently initially finally "
        + "members member officials some one two three four five dozens hundreds thousands critics supporters analysts experts sources "
        + "hi hello dear thanks thank please maybe try use call is are was were do does did can could will would should have has had "
        + "yes no ok okay well oh wow");

    private static readonly WordSet JobWords = new(
        "Manager Director Chairman Chairwoman Chair CEO Editor Analyst Professor Coordinator Officer Executive Founder President Secretary "
        + "Spokesman Spokeswoman Head Chief Adviser Advisor Counsel Attorney Consultant Assistant Associate Fellow Researcher Reporter Correspondent");

    private static readonly WordSet PlacePrefixes = new("San Santa Los Las Fort Mount Lake Saint St. Port Cape");

    private static readonly WordSet Fillers = new(
        "the a an senior top former deputy chief acting local provincial regional state federal high-ranking high ranking unnamed anonymous "
        + "several some many other few new outgoing incoming current interim visiting veteran retired leading powerful key ruling main hardline "
        + "hard-line moderate influential two three four five six special 's ' \u2019s \u2019 - led backed run controlled allied aligned sponsored "
        + "funded dominated supported owned");

    private static readonly WordSet Determiners = new(
        "the a an senior top former deputy chief acting local provincial regional state federal high-ranking unnamed anonymous several some many "
        + "other few new outgoing incoming current interim visiting veteran retired leading powerful key ruling main hardline hard-line moderate "
        + "influential two three four five six special");

    private static readonly WordSet Possessives = new("'s ' \u2019s \u2019");

    private static readonly WordSet Connectors = new("of for and the de du da der von van on & al bin ibn y la le des del");

    private static readonly WordSet DateContext = new(
        "in since until till by during from of through before after between and to early mid late end beginning start middle around throughout "
        + "for on last next this that or");

    private static readonly WordSet Partitives = new(
        "members member some one many most all several none each majority dozens hundreds officials office spokesman spokeswoman head chief leader leaders part");

    private static readonly WordSet HyphenAnchorSuffixes = new(
        "led backed run controlled held allied aligned sponsored funded owned dominated supported brokered organised organized affiliated linked");

    private static readonly WordSet HyphenPlaceSuffixes = new("based born made bound era");

    private static readonly WordSet AppositionWords = new(
        "who sits sat serves served is was on of for at the a an heads headed leads led chairs chaired works worked member head director chief "
        + "spokesman spokeswoman spokesperson deputy senior former adviser advisor to in and");

    private static readonly WordSet PersonPronouns = new("he him his she her hers himself herself");

    private static readonly WordSet PluralPronouns = new("they them their themselves");

    private static readonly WordSet FacWords = new("Blvd. Blvd Rd. Rd Lane Drive Dr Ave. Ave Street Square Airport Palace Hotel Base Bridge Hospital Stadium Room Building Tower Mosque Church Embassy Prison Port Harbor Harbour Station Camp Avenue Road Highway");

    private static readonly WordSet LocWords = new("Province Region District City County Valley Sea River Island Islands Mountains Mountain Strait Peninsula Desert Lake Bay Ocean Gulf Coast Heights Plateau Basin Governorate Oblast Prefecture");

    private static readonly WordSet LawWords = new("Agreement Accord Accords Treaty Act Law Resolution Convention Plan Protocol Charter Constitution Deal Pact Doctrine Memorandum Bill");

    private static readonly WordSet EventWords = new("Summit Conference Games Olympics War Exercise Exercises Drills Forum Talks Election Elections Revolution Uprising Crisis Operation Festival Cup Championship");

    private static readonly WordSet NameParticles = new("al bin ibn bint de da di van von der du la le abu abd el ben dos das");

    private readonly ActorDictionary dict;
    private readonly SyntaxLayer syntax;
    private readonly TokenizedText t;
    private readonly string text;
    private readonly int n;
    private readonly int[] sentenceOf;
    private readonly List<ActorEntry> buf = [];
    private readonly List<Item> items = [];
    private int[] itemAt = [];
    private DateOnly? doc;
    private string? docDate;
    private string? mainCountry;

    private readonly Dictionary<string, ActorBuilder> byKey = new(StringComparer.Ordinal);
    private readonly List<ActorBuilder> actors = [];
    private readonly List<MentionDraft> mentions = [];
    private readonly List<EntityMention> entities = [];
    private readonly Dictionary<EntityMention, ActorBuilder> entityActors = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, string> surnames = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Tokens [datelineFirst, datelineEnd) are the dateline ("BASRA, Iraq —"), dash included; -1 when none.</summary>
    private int datelineFirst = -1;
    private int datelineEnd = -1;
    private ActorBuilder? lastPerson;
    private int lastPersonEnd = -1;

    private readonly List<(int Start, int End, string Type)>? nerSpans;

    public DocumentRun(ActorDictionary dictionary, SyntaxLayer syntax, string? documentDate, List<(int Start, int End, string Type)>? recognized = null)
    {
        nerSpans = recognized;
        dict = dictionary;
        this.syntax = syntax;
        t = syntax.Tokens;
        text = t.Text;
        n = t.TokenCount;
        docDate = documentDate;
        doc = DateNormalizer.ParseDocumentDate(documentDate);
        sentenceOf = new int[n];
        var sentences = t.Sentences;
        for (int s = 0; s < sentences.Length; s++)
        {
            for (int k = sentences[s].FirstToken; k < sentences[s].EndToken && k < n; k++) sentenceOf[k] = s;
        }
    }

    public EntityLayer Run()
    {
        if (doc is null) InferDocumentDate();
        ScanDictionaryAndDates();
        ScanCapitalisedRuns();
        items.RemoveAll(i => i.Removed);
        FindDateline();
        if (nerSpans is not null) AddRecognizedNames();
        items.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        itemAt = new int[n];
        Array.Fill(itemAt, -1);
        for (int k = 0; k < items.Count; k++)
        {
            for (int j = items[k].Start; j < items[k].End; j++)
            {
                if (itemAt[j] < 0) itemAt[j] = k;
            }
        }
        mainCountry = ComputeMainCountry();
        CollectSurnames();
        ApplyRecognizedCandidates();
        BuildPhrases();
        ResolvePersonDescriptions();
        LinkDescriptionsToNames();
        ResolvePronouns();
        return Materialize();
    }

    // ---------------------------------------------------------------- helpers

    private ReadOnlySpan<char> Tok(int i) => t.TokenSpan(i);

    private static bool Eq(ReadOnlySpan<char> a, string b) => a.Equals(b, StringComparison.OrdinalIgnoreCase);

    private static bool IsPunct(ReadOnlySpan<char> w)
    {
        foreach (char c in w)
        {
            if (char.IsLetterOrDigit(c)) return false;
        }
        return true;
    }

    private bool IsCapToken(int i)
    {
        var w = Tok(i);
        if (w.Length == 0) return false;
        if (char.IsUpper(w[0]))
        {
            int h = w.IndexOf('-');
            if (h > 0 && h < w.Length - 1 && (HyphenAnchorSuffixes.Contains(w[(h + 1)..]) || HyphenPlaceSuffixes.Contains(w[(h + 1)..]))) return false;
            return true;
        }
        // al-Abadi, el-Sisi
        int hy = w.IndexOf('-');
        return hy is > 0 and <= 3 && hy + 1 < w.Length && char.IsUpper(w[hy + 1]) && NameParticles.Contains(w[..hy]);
    }

    /// <summary>
    /// Tokens to absorb at <paramref name="j"/> when a name goes on through a hyphen the tokenizer split off:
    /// "Song" "-" "chol", "al" "-" "Zubaidi" (0: none).
    /// </summary>
    private int HyphenJoin(int j, int end, Item?[] at)
    {
        if (j >= end) return 0;
        var w = Tok(j);
        if (w is "-" && j > 0 && j + 1 < end && (t[j - 1].Flags & TokenFlags.SpaceAfter) == 0 && (t[j].Flags & TokenFlags.SpaceAfter) == 0)
        {
            var x = Tok(j + 1);
            if (x.Length == 0 || !char.IsLetter(x[0]) || HyphenAnchorSuffixes.Contains(x) || HyphenPlaceSuffixes.Contains(x)) return 0;
            if (char.IsUpper(x[0]) || at[j - 1] is null) return 2;
            return 0;
        }
        if (NameParticles.Contains(w) && !char.IsUpper(w[0]) && j + 2 < end && Tok(j + 1) is "-" && (t[j].Flags & TokenFlags.SpaceAfter) == 0
            && (t[j + 1].Flags & TokenFlags.SpaceAfter) == 0 && char.IsUpper(Tok(j + 2)[0]))
            return 3;
        return 0;
    }

    private bool NameLike(int i)
    {
        var w = Tok(i);
        if (w.Length == 0) return false;
        if (w is "-" || NameParticles.Contains(w)) return true;
        if (!char.IsUpper(w[0])) return IsCapToken(i) || (i > 0 && Tok(i - 1) is "-");
        bool lower = false;
        foreach (char c in w)
        {
            if (char.IsLower(c)) { lower = true; break; }
        }
        // initials "J." are name parts too
        return lower || (w.Length == 2 && w[1] == '.');
    }

    private int CharStart(Item it) => it.CharStart >= 0 ? it.CharStart : t[it.Start].Start;

    private int CharEnd(Item it) => it.CharEnd >= 0 ? it.CharEnd : t[it.End - 1].End;

    private string LeaderCode(ActorEntry e)
    {
        if (e.InOffice(doc) || e.Code is null) return e.Code ?? "";
        return e.CountryPart is { } c ? c + "ELI" : e.Code;
    }

    private static string HeadWord(string surface)
    {
        var s = surface;
        int of = s.IndexOf(" of ", StringComparison.OrdinalIgnoreCase);
        if (of > 0) s = s[..of];
        if (s.EndsWith("'s", StringComparison.Ordinal)) s = s[..^2];
        int sp = s.LastIndexOf(' ');
        var w = sp >= 0 ? s[(sp + 1)..] : s;
        return w.ToLowerInvariant();
    }

    private static string Singular(string w) =>
        w.EndsWith("ies", StringComparison.Ordinal) ? w[..^3] + "y"
        : w.EndsWith("men", StringComparison.Ordinal) ? w[..^3] + "man"
        : w.EndsWith("ss", StringComparison.Ordinal) ? w
        : w.EndsWith('s') ? w[..^1] : w;

    // ---------------------------------------------------------------- document date

    private void InferDocumentDate()
    {
        DateOnly? best = null;
        string? bestValue = null;
        for (int i = 0; i < n; i++)
        {
            if (!DateNormalizer.CanStart(Tok(i))) continue;
            int len = DateNormalizer.Match(t, i, SentenceEnd(i), null, null, out var v, contextOk: false);
            if (len > 0)
            {
                if (v is { Length: 10 } && PartialDate.ToDateOnly(v) is { } d && (best is null || d > best))
                {
                    best = d;
                    bestValue = v;
                }
                i += len - 1;
            }
        }
        if (best is not null)
        {
            doc = best;
            docDate = bestValue;
        }
    }

    private int SentenceEnd(int i) => n == 0 ? 0 : t.Sentences.Length == 0 ? n : t.Sentences[sentenceOf[i]].EndToken;

    // ---------------------------------------------------------------- pass 1: dates and dictionary names

    private void ScanDictionaryAndDates()
    {
        var sentences = t.Sentences;
        for (int s = 0; s < sentences.Length; s++)
        {
            int end = Math.Min(sentences[s].EndToken, n);
            string? anchor = null;
            int i = sentences[s].FirstToken;
            while (i < end)
            {
                var w = Tok(i);
                if (IsPunct(w))
                {
                    i++;
                    continue;
                }
                if (DateNormalizer.CanStart(w))
                {
                    bool ctx = i > sentences[s].FirstToken && DateContext.Contains(Tok(i - 1));
                    int len = DateNormalizer.Match(t, i, end, doc, anchor, out var v, ctx);
                    if (len > 0)
                    {
                        items.Add(new Item { Start = i, End = i + len, Type = ItemType.Date, Value = v, EntityType = "DATE" });
                        if (v is not null) anchor = v;
                        i += len;
                        continue;
                    }
                }
                int m = dict.LongestMatch(t, i, end, buf);
                if (m > 0 && MakeDictItem(i, i + m) is { } item)
                {
                    // "the Chinese foreign minister", "the Americans' envoy" no: only a noun after the people-noun
                    // makes "the Chinese" an adjective ("The Chinese foreign minister" = CHN + GOV)
                    if (item.Type == ItemType.People && m >= 2 && Eq(w, "the") && NounFollows(i + m, end))
                    {
                        i++;
                        continue;
                    }
                    items.Add(item);
                    i += m;
                    continue;
                }
                if (w.Length > 3 && w.IndexOf('-') > 0) TryHyphen(i);
                i++;
            }
        }
    }

    private readonly List<ActorEntry> buf2 = [];

    /// <summary>Whether token <paramref name="j"/> goes on with a noun phrase: a role or title, or a lower-case noun or adjective.</summary>
    private bool NounFollows(int j, int end)
    {
        if (j >= end) return false;
        if (dict.LongestMatch(t, j, end, buf2) > 0 && buf2.Exists(e => e.Kind is ActorEntryKind.Role or ActorEntryKind.Title or ActorEntryKind.OrgWord)) return true;
        var w = Tok(j);
        return w.Length > 0 && char.IsLower(w[0]) && syntax.Upos[j] is UPos.NOUN or UPos.ADJ;
    }

    private Item? MakeDictItem(int start, int end)
    {
        ActorEntry? best = null, role = null, title = null;
        int bestRank = int.MaxValue;
        ActorEntry? leaderInOffice = null, leaderAny = null;
        foreach (var e in buf)
        {
            switch (e.Kind)
            {
                case ActorEntryKind.Leader:
                    if (e.InOffice(doc)) leaderInOffice ??= e;
                    else if (!e.IsShortName && (leaderAny is null || (e.From ?? DateOnly.MinValue) > (leaderAny.From ?? DateOnly.MinValue))
                             && (doc is null || e.From is null || e.From <= doc)) leaderAny = e;
                    else if (!e.IsShortName) leaderAny ??= e;
                    continue;
                case ActorEntryKind.Role:
                    role ??= e;
                    continue;
                case ActorEntryKind.Title:
                    title ??= e;
                    continue;
                case ActorEntryKind.OrgWord:
                    continue;
            }
            int rank = e.Kind switch
            {
                ActorEntryKind.Country => 1,
                ActorEntryKind.Capital => 2,
                ActorEntryKind.Metonym => 3,
                ActorEntryKind.Organization => 4,
                ActorEntryKind.Group => 5,
                ActorEntryKind.Outlet => 6,
                ActorEntryKind.People => 7,
                ActorEntryKind.City => 8,
                _ => 9,
            };
            if (rank < bestRank)
            {
                best = e;
                bestRank = rank;
            }
        }
        var leader = leaderInOffice ?? leaderAny;
        if (leader is not null)
        {
            return new Item
            {
                Start = start, End = end, Type = ItemType.Leader, Entry = leader, Code = LeaderCode(leader), EntityType = "PERSON",
                Head = leader.Title, Candidate = false,
            };
        }
        if (best is not null)
        {
            var type = best.Kind switch
            {
                ActorEntryKind.Country => ItemType.Country,
                ActorEntryKind.Capital => ItemType.Capital,
                ActorEntryKind.Adjective => ItemType.Adjective,
                ActorEntryKind.People => ItemType.People,
                ActorEntryKind.Place => ItemType.Place,
                ActorEntryKind.City => ItemType.City,
                ActorEntryKind.Metonym => ItemType.Metonym,
                ActorEntryKind.Organization => ItemType.Organization,
                ActorEntryKind.Group => ItemType.Group,
                _ => ItemType.Outlet,
            };
            return new Item { Start = start, End = end, Type = type, Entry = best, Code = best.Code, EntityType = best.EntityType };
        }
        if (title is not null)
        {
            return new Item
            {
                Start = start, End = end, Type = ItemType.Title, Entry = title, RoleEntry = role,
                Suffix = role?.Code ?? title.Code, Form = RoleForm.Person, National = role?.National ?? false, Head = HeadWord(title.Surface),
            };
        }
        if (role is not null)
        {
            return new Item
            {
                Start = start, End = end, Type = ItemType.Role, Entry = role, RoleEntry = role, Suffix = role.Code,
                Form = role.Form == RoleForm.None ? RoleForm.Person : role.Form, National = role.National, Head = Singular(HeadWord(role.Surface)),
            };
        }
        return null;
    }

    private void TryHyphen(int i)
    {
        var w = Tok(i);
        int h = w.IndexOf('-');
        var prefix = w[..h];
        var suffix = w[(h + 1)..];
        if (!dict.TryLookupToken(prefix, buf)) return;
        ActorEntry? e = null;
        foreach (var x in buf)
        {
            if (x.Kind is ActorEntryKind.Country or ActorEntryKind.Adjective or ActorEntryKind.Capital or ActorEntryKind.People
                or ActorEntryKind.Group or ActorEntryKind.Organization or ActorEntryKind.Metonym)
            {
                e = x;
                break;
            }
        }
        if (e is null) return;
        int cs = t[i].Start;
        if (HyphenAnchorSuffixes.Contains(suffix))
        {
            var type = e.Kind switch
            {
                ActorEntryKind.Group => ItemType.Group,
                ActorEntryKind.Organization => ItemType.Organization,
                ActorEntryKind.Metonym => ItemType.Metonym,
                _ => ItemType.Adjective,
            };
            items.Add(new Item
            {
                Start = i, End = i + 1, Type = type, Entry = e, Code = e.Code, EntityType = type == ItemType.Adjective ? "NORP" : e.EntityType,
                CharStart = cs, CharEnd = cs + h,
            });
        }
        else
        {
            entities.Add(new EntityMention(text.Substring(cs, h), cs, cs + h, e.EntityType ?? "GPE"));
        }
    }

    // ---------------------------------------------------------------- pass 2: capitalised sequences

    private void ScanCapitalisedRuns()
    {
        // index of dictionary/date items by token (pass 1 items only)
        var at = new Item?[n];
        foreach (var it in items)
        {
            for (int k = it.Start; k < it.End; k++) at[k] ??= it;
        }
        var sentences = t.Sentences;
        for (int s = 0; s < sentences.Length; s++)
        {
            int first = sentences[s].FirstToken, end = Math.Min(sentences[s].EndToken, n);
            int i = first;
            while (i < end)
            {
                int startJoin = HyphenJoin(i, end, at) == 3 ? 3 : 0;
                if ((!IsCapToken(i) && startJoin == 0) || at[i]?.Type == ItemType.Date)
                {
                    i++;
                    continue;
                }
                int a = i, j = i + (startJoin > 0 ? startJoin : 1);
                while (j < end)
                {
                    if (at[j]?.Type == ItemType.Date) break;
                    if (IsCapToken(j))
                    {
                        j++;
                        continue;
                    }
                    if (HyphenJoin(j, end, at) is int hj and > 0)
                    {
                        j += hj;
                        continue;
                    }
                    var w = Tok(j);
                    if (j + 1 < end && IsCapToken(j + 1) && at[j + 1]?.Type != ItemType.Date)
                    {
                        if (Connectors.Contains(w) && !char.IsUpper(w[0]))
                        {
                            j++;
                            continue;
                        }
                        // possessive inside a name ("Prosecutor's Office"), not after an anchor ("Tehran's")
                        if (Possessives.Contains(w) && at[j - 1] is not { IsAnchor: true })
                        {
                            j++;
                            continue;
                        }
                    }
                    break;
                }
                // strip leading function words ("The", "Despite") that are no dictionary name
                while (a < j && at[a] is null && Stopwords.Contains(Tok(a))) a++;
                while (a < j && (Connectors.Contains(Tok(a)) || Possessives.Contains(Tok(a))) && at[a] is null && HyphenJoin(a, j, at) != 3) a++;
                if (a < j) ProcessRun(a, j, at, a == first || IsSentenceStartLike(a, first));
                i = j;
            }
        }
    }

    private bool IsSentenceStartLike(int a, int first)
    {
        // after an opening quote or a dash at the start of a sentence
        for (int k = a - 1; k >= first; k--)
        {
            var w = Tok(k);
            if (!IsPunct(w)) return false;
        }
        return true;
    }

    private void ProcessRun(int a, int b, Item?[] at, bool sentenceInitial)
    {
        // 1. the run is one dictionary name: nothing to add
        if (at[a] is { } only && only.Start == a && only.End == b && !only.IsRole) return;

        // 2. organisation head word: the last one in the run
        int orgK = -1, orgE = -1;
        string? suffix = null;
        bool national = false;
        for (int k = a; k < b; k++)
        {
            if (at[k] is { Type: ItemType.Role, Form: RoleForm.Body } r && r.Start == k && char.IsUpper(Tok(k)[0]) && r.End <= b)
            {
                orgK = k;
                orgE = r.End;
                suffix = r.Suffix;
                national = r.National;
                k = r.End - 1;
                continue;
            }
            int m = dict.LongestMatch(t, k, b, buf);
            if (m > 1)
            {
                bool found = false;
                foreach (var e in buf)
                {
                    if (e.Kind == ActorEntryKind.OrgWord)
                    {
                        orgK = k;
                        orgE = k + m;
                        suffix = e.Code;
                        national = e.National;
                        found = true;
                        break;
                    }
                }
                // a multi-word head ("Prosecutor's Office", "Chiefs of Staff") is taken whole
                if (found)
                {
                    k = orgE - 1;
                    continue;
                }
            }
            if (orgK != k && dict.TryLookupToken(Tok(k), buf))
            {
                foreach (var e in buf)
                {
                    if (e.Kind == ActorEntryKind.OrgWord)
                    {
                        orgK = k;
                        orgE = k + 1;
                        suffix = e.Code;
                        national = e.National;
                        break;
                    }
                }
            }
        }
        if (orgK >= 0)
        {
            int orgEnd = orgE;
            if (orgE < b && Connectors.Contains(Tok(orgE)) && !Eq(Tok(orgE), "and")) orgEnd = b;
            // a dictionary organisation covering the whole stretch stays as it is
            if (at[a] is { } whole && whole.Start == a && whole.End >= orgEnd && !whole.IsRole) return;
            // leading anchors inside the name ("Russian Foreign Ministry", "U.N. Assistance Mission")
            Item? anchor = null;
            int p = a;
            while (p < orgK && at[p] is { IsAnchor: true } an && an.Start == p && an.End <= orgK)
            {
                anchor = an;
                p = an.End;
            }
            if (orgK == a || anchor is not null || p <= orgK)
            {
                string? code = null;
                if (anchor is not null)
                {
                    var ac = AnchorBase(anchor);
                    code = ac.Country is not null ? ac.Country + (suffix is "NGO" or "PTY" or null ? suffix ?? "" : suffix) : ac.OrgCode;
                }
                for (int k = a; k < orgEnd; k++)
                {
                    if (at[k] is { } inner && inner.Type != ItemType.Date && inner.Start >= a && inner.End <= orgEnd) inner.Removed = true;
                }
                items.Add(new Item
                {
                    Start = a, End = orgEnd, Type = ItemType.NamedOrg, Code = code, Suffix = suffix, National = national && anchor is null,
                    EntityType = "ORG", Head = Tok(orgE - 1).ToString().ToLowerInvariant(), Form = RoleForm.Body,
                });
                if (orgEnd < b) Segments(orgEnd, b, at, false);
                return;
            }
        }
        Segments(a, b, at, sentenceInitial);
    }

    private void Segments(int a, int b, Item?[] at, bool sentenceInitial)
    {
        int p = a;
        while (p < b)
        {
            if (at[p] is { } it && it.Type != ItemType.Date && !it.Removed)
            {
                p = Math.Max(p + 1, it.End);
                continue;
            }
            var w = Tok(p);
            bool particleStart = HyphenJoin(p, b, at) == 3;
            if ((!IsCapToken(p) && !particleStart) || (Connectors.Contains(w) && !char.IsUpper(w[0]) && !particleStart) || Possessives.Contains(w))
            {
                p++;
                continue;
            }
            int q = p;
            while (q < b && at[q] is null)
            {
                if (IsCapToken(q)) q++;
                else if (HyphenJoin(q, b, at) is int hj and > 0) q += hj;
                else break;
            }
            if (q == p)
            {
                p++;
                continue;
            }
            int len = 0;
            for (int k = p; k < q; k++)
            {
                if (Tok(k) is not "-" && !(NameParticles.Contains(Tok(k)) && k + 1 < q && Tok(k + 1) is "-")) len++;
            }
            bool initial = sentenceInitial && p == a;
            if (initial && Stopwords.Contains(Tok(p)))
            {
                p++;
                continue;
            }
            // "Chris Abel Manager": a job word after a name is no part of it
            while (q - p >= 3 && JobWords.Contains(Tok(q - 1)))
            {
                q--;
                len--;
            }
            var last = Tok(q - 1);
            bool afterTitle = p > 0 && at[p - 1] is { } prev && (prev.Type == ItemType.Title || (prev.Type == ItemType.Role && prev.Form == RoleForm.Person));
            if (len >= 2 && len <= 5)
            {
                string? type = FacWords.Contains(last) ? "FAC" : LocWords.Contains(last) || PlacePrefixes.Contains(Tok(p)) ? "LOC" : LawWords.Contains(last) ? "LAW"
                    : EventWords.Contains(last) ? "EVENT" : null;
                if (type is not null)
                {
                    items.Add(new Item { Start = p, End = q, Type = ItemType.Misc, EntityType = type });
                }
                else
                {
                    bool names = true;
                    for (int k = p; k < q; k++) names &= NameLike(k);
                    if (names && len <= 4) items.Add(new Item { Start = p, End = q, Type = ItemType.Name, EntityType = "PERSON" });
                }
            }
            else if (len == 1)
            {
                // a lone capitalised word is a name only when it is the surname of a full name in the document (or after a title)
                if (afterTitle && NameLike(p)) items.Add(new Item { Start = p, End = q, Type = ItemType.Name, EntityType = "PERSON", Candidate = true });
                else if (NameLike(p) && (!initial || syntax.Upos[p] is UPos.PROPN or UPos.X)) items.Add(new Item { Start = p, End = q, Type = ItemType.Misc, Candidate = true });
            }
            p = q;
        }
    }

    // ---------------------------------------------------------------- pass 2b: the trained recognizer

    /// <summary>
    /// Names of the trained recognizer that the dictionary and the capitalisation rules missed or left undecided: a
    /// span over no item becomes a person name, a named organisation (no code: the dictionary decides codes) or a
    /// location; a lone capitalised word the rules left undecided takes the recognizer's type, and a capitalised run
    /// the rules read as a person becomes an organisation or a place when the recognizer says so.
    /// </summary>
    private void AddRecognizedNames()
    {
        var at = new Item?[n];
        foreach (var it in items)
        {
            for (int k = it.Start; k < it.End; k++) at[k] ??= it;
        }
        foreach (var (a, b, recognized) in nerSpans!)
        {
            var type = recognized;
            if (a < 0 || b > n || a >= b || sentenceOf[a] != sentenceOf[b - 1]) continue;
            Item? only = at[a];
            bool free = true, same = only is not null && only.Start == a && only.End == b;
            for (int k = a; k < b; k++)
            {
                if (at[k] is not null) free = false;
                if (at[k] != only) same = false;
            }
            if (!RecognizedShape(a, b, type)) continue;
            // a dateline ("BASRA, Iraq —", "OSLO (Reuters) -") names a place whatever the recognizer thinks of capitals
            if (InDatelinePlace(a, b)) type = "LOC";
            if (free)
            {
                items.Add(RecognizedItem(a, b, type));
                continue;
            }
            if (!same || only is null) continue;
            if (only.Type == ItemType.Misc && only.Candidate)
            {
                // a lone capitalised word the rules could not place: decided once surnames are known
                recognizedCandidates.Add((only, type));
            }
            else if (only.Type == ItemType.Name && !only.Candidate && type == "LOC" && PlaceContext(a, b) && !FollowsTitle(a))
            {
                var it = RecognizedItem(a, b, type);
                only.Type = it.Type;
                only.EntityType = it.EntityType;
                only.Head = it.Head;
                only.Form = it.Form;
            }
        }
    }

    private static readonly WordSet PlaceNouns = new("province district region city town village county state governorate area border");
    private static readonly WordSet PlacePrepositions = new("in near from to outside at across");

    /// <summary>A place noun after the name ("South Hamgyong province") or a place preposition before it ("near Kafr Batna").</summary>
    private bool PlaceContext(int a, int b) =>
        (b < n && sentenceOf[b] == sentenceOf[a] && PlaceNouns.Contains(Tok(b)) && char.IsLower(Tok(b)[0]))
        || (a > 0 && sentenceOf[a - 1] == sentenceOf[a] && PlacePrepositions.Contains(Tok(a - 1)) && char.IsLower(Tok(a - 1)[0]));

    private readonly List<(Item Item, string Type)> recognizedCandidates = [];

    /// <summary>Lone capitalised words that are no surname of the document take the recognizer's type.</summary>
    private void ApplyRecognizedCandidates()
    {
        foreach (var (only, type) in recognizedCandidates)
        {
            if (only.Type != ItemType.Misc || !only.Candidate) continue;
            var it = RecognizedItem(only.Start, only.End, type);
            only.Type = it.Type;
            only.EntityType = it.EntityType;
            only.Head = it.Head;
            only.Form = it.Form;
            only.Candidate = it.Candidate;
        }
    }

    private bool FollowsTitle(int a) =>
        a > 0 && items.Exists(it => it.End == a && (it.Type == ItemType.Title || (it.Type == ItemType.Role && it.Form == RoleForm.Person)));

    /// <summary>A recognized span the stage takes: persons and places written as names; organisations may be lower-case web names.</summary>
    private bool RecognizedShape(int a, int b, string type)
    {
        if (b - a > 6) return false;
        for (int k = a; k < b; k++)
        {
            var w = Tok(k);
            if (w.Length == 0) return false;
            bool inner = k > a && k < b - 1;
            if (IsCapToken(k) || char.IsDigit(w[0]) && type == "ORG") continue;
            if (inner && (Connectors.Contains(w) || Possessives.Contains(w) || w is "-" or "&" or ".")) continue;
            if ((k > a && Tok(k - 1) is "-" && (t[k - 1].Flags & TokenFlags.SpaceAfter) == 0) || (k + 1 < b && Tok(k + 1) is "-" && NameParticles.Contains(w))) continue;
            if (type == "ORG" && b - a == 1 && w.Length >= 3 && (w.Contains('.') || w.IndexOfAnyInRange('A', 'Z') > 0)) continue; // "eBay", "amazon.com"
            return false;
        }
        // a lone adjective ("regional Sunni states") is no name; a lone sentence-initial word only when the tagger agrees
        if (b - a == 1 && syntax.Upos[a] == UPos.ADJ) return false;
        if (b - a == 1 && (a == 0 || sentenceOf[a - 1] != sentenceOf[a]) && syntax.Upos[a] is not (UPos.PROPN or UPos.X)) return false;
        return !Stopwords.Contains(Tok(a)) || b - a > 1;
    }

    private Item RecognizedItem(int a, int b, string type) => type switch
    {
        "PER" => new Item { Start = a, End = b, Type = ItemType.Name, EntityType = "PERSON", Candidate = b - a == 1 },
        "ORG" => new Item { Start = a, End = b, Type = ItemType.NamedOrg, EntityType = "ORG", Head = Tok(b - 1).ToString().ToLowerInvariant(), Form = RoleForm.Body },
        _ => new Item { Start = a, End = b, Type = ItemType.Misc, EntityType = LocWords.Contains(Tok(b - 1)) ? "LOC" : "GPE" },
    };

    // ---------------------------------------------------------------- dateline

    private static readonly WordSet DatelineDashes = new("- -- \u2014 \u2013");

    /// <summary>
    /// The dateline: at the start of one of the first three sentences that opens a paragraph, a place written in
    /// capitals or known to the dictionary ("BASRA", "Kharkiv"), then only names, dates, commas, slashes and a
    /// parenthesised agency, closed by a dash: "BASRA, Iraq —", "SEOUL/TOKYO —", "WARSAW (Reuters) -",
    /// "NAIROBI, March 3, 2024 —". The event stage reads it from <see cref="EntityLayer.Dateline"/>.
    /// </summary>
    private void FindDateline()
    {
        var sentences = t.Sentences;
        for (int s = 0; s < Math.Min(3, sentences.Length); s++)
        {
            int a = sentences[s].FirstToken, e = Math.Min(sentences[s].EndToken, n);
            if (a >= e || (a > 0 && !text.AsSpan(t[a - 1].End, t[a].Start - t[a - 1].End).Contains('\n'))) continue;
            if (!IsCapToken(a) || !(AllCaps(Tok(a)) || items.Exists(it => it.Start == a && it.Type is ItemType.Country or ItemType.Capital or ItemType.City or ItemType.Place)))
                continue;
            bool inParens = false;
            for (int k = a; k < e && k < a + 16; k++)
            {
                var w = Tok(k);
                if (DatelineDashes.Contains(w) && !inParens)
                {
                    if (k > a)
                    {
                        datelineFirst = a;
                        datelineEnd = k + 1;
                    }
                    return;
                }
                if (w is "(") inParens = true;
                else if (w is ")") inParens = false;
                else if (!(IsCapToken(k) || char.IsDigit(w[0]) || w is "," or "/" or "." || (k > a && Connectors.Contains(w) && IsCapToken(k + 1 < e ? k + 1 : k))))
                    break;
            }
        }
    }

    private static bool AllCaps(ReadOnlySpan<char> w)
    {
        int letters = 0;
        foreach (char c in w)
        {
            if (char.IsLower(c)) return false;
            if (char.IsLetter(c)) letters++;
        }
        return letters >= 2;
    }

    /// <summary>Tokens [a, b) lie in the dateline outside its parentheses: a place of the dateline, not "(Reuters)".</summary>
    private bool InDatelinePlace(int a, int b)
    {
        if (datelineFirst < 0 || a < datelineFirst || b >= datelineEnd) return false;
        int open = 0;
        for (int k = datelineFirst; k < a; k++)
        {
            if (Tok(k) is "(") open++;
            else if (Tok(k) is ")") open--;
        }
        return open == 0;
    }

    // ---------------------------------------------------------------- main country, surnames

    private string? ComputeMainCountry()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string? first = null, dateline = null;
        foreach (var it in items)
        {
            string? c = it.Type switch
            {
                ItemType.Country or ItemType.Capital or ItemType.City or ItemType.Adjective or ItemType.People => it.Entry?.Code,
                _ => null,
            };
            if (c is null || c.Length != 3 || !char.IsAsciiLetterUpper(c[0])) continue;
            first ??= c;
            // the dateline's places ("WARSAW (Reuters) -", "BASRA, Iraq —") decide; of several ("SANAA/RIYADH") the last,
            // as before the dateline was found here (arbitrary but stable)
            if (InDatelinePlace(it.Start, it.End)) dateline = c;
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }
        if (dateline is not null) return dateline;
        string? best = null;
        int bestCount = 0;
        foreach (var (c, k) in counts)
        {
            if (k > bestCount || (k == bestCount && c == first))
            {
                best = c;
                bestCount = k;
            }
        }
        return best;
    }

    private void CollectSurnames()
    {
        foreach (var it in items)
        {
            if (it.Type == ItemType.Name && !it.Candidate && it.End - it.Start >= 2)
            {
                surnames.TryAdd(Tok(it.End - 1).ToString(), text[CharStart(it)..CharEnd(it)]);
            }
            else if (it.Type == ItemType.Leader && it.Entry is { } e)
            {
                var name = e.Name;
                int sp = name.LastIndexOf(' ');
                surnames.TryAdd(sp >= 0 ? name[(sp + 1)..] : name, name);
            }
        }
        foreach (var it in items)
        {
            if (it.Candidate && it.Type == ItemType.Misc)
            {
                var w = Tok(it.End - 1).ToString();
                if (surnames.ContainsKey(w))
                {
                    it.Type = ItemType.Name;
                    it.EntityType = "PERSON";
                }
            }
        }
    }

    // ---------------------------------------------------------------- pass 3: phrases, actors, mentions

    private (string? Country, string? OrgCode) AnchorBase(Item it)
    {
        switch (it.Type)
        {
            case ItemType.Country:
            case ItemType.Capital:
            case ItemType.City:
            case ItemType.Adjective:
            case ItemType.People:
                return (it.Entry?.Code is { Length: 3 } c ? c : ActorEntry.CodeCountry(it.Entry?.Code), null);
            case ItemType.Leader:
                return ActorEntry.CodeCountry(it.Code) is { } lc ? (lc, null) : (null, it.Code);
            case ItemType.NamedOrg:
                return (null, it.Code ?? EarlierOrganisation(it)?.Code ?? (it.National && mainCountry is not null ? mainCountry + it.Suffix : null));
            default:
                return (null, it.Code);
        }
    }

    private bool GapOk(int from, int to, Item prev)
    {
        if (to - from > 3) return false;
        for (int k = from; k < to; k++)
        {
            var w = Tok(k);
            if (Possessives.Contains(w))
            {
                if (!prev.IsAnchor && prev.Type != ItemType.Name) return false;
                continue;
            }
            if (!Fillers.Contains(w)) return false;
        }
        return true;
    }

    private static bool CanFollow(List<Item> chain, Item next)
    {
        var prev = chain[^1];
        if (next.Type is ItemType.Date or ItemType.Place or ItemType.Misc) return false;
        if (prev.Type is ItemType.Name or ItemType.Date or ItemType.Place or ItemType.Misc or ItemType.People) return false;
        bool hasRole = chain.Exists(c => c.IsRole);
        switch (next.Type)
        {
            case ItemType.Role:
            case ItemType.Title:
                return true;
            case ItemType.Name:
                return prev.Type == ItemType.Title || (prev.Type == ItemType.Role && prev.Form == RoleForm.Person) || prev.IsAnchor;
            case ItemType.Leader:
                return prev.Type == ItemType.Title || (prev.Type == ItemType.Role && prev.Form == RoleForm.Person) || (!hasRole && prev.IsAnchor && prev.Type != ItemType.Leader);
            case ItemType.People:
                return false;
            default:
                return !hasRole && prev.IsAnchor && prev.Type != ItemType.Leader && next.IsAnchor;
        }
    }

    private void BuildPhrases()
    {
        int k = 0;
        var chain = new List<Item>();
        while (k < items.Count)
        {
            chain.Clear();
            chain.Add(items[k]);
            int j = k + 1;
            while (j < items.Count)
            {
                var prev = chain[^1];
                var next = items[j];
                if (next.Start < prev.End || sentenceOf[next.Start] != sentenceOf[prev.Start]) break;
                if (!GapOk(prev.End, next.Start, prev) || !CanFollow(chain, next)) break;
                chain.Add(next);
                j++;
                if (next.Type == ItemType.Name) break;
                if (next.Type == ItemType.Leader && !(j < items.Count && items[j].IsRole && GapOk(next.End, items[j].Start, next))) break;
            }
            // a leader followed by its role ("Trump administration") is an anchor; a chain ending in an anchor splits up
            Interpret(chain);
            k = j;
        }
    }

    private (int Start, bool Definite, bool Indefinite) PhraseStart(int first, bool extendPartitive)
    {
        int p = first;
        int lim = Math.Max(0, first - 4);
        int s = sentenceOf[first];
        while (p - 1 >= lim && sentenceOf[p - 1] == s && Determiners.Contains(Tok(p - 1))) p--;
        bool definite = false, indefinite = false;
        for (int k = p; k < first; k++)
        {
            if (Eq(Tok(k), "the")) definite = true;
            if (Eq(Tok(k), "a") || Eq(Tok(k), "an")) indefinite = true;
        }
        if (extendPartitive && p >= 2 && Eq(Tok(p - 1), "of") && Partitives.Contains(Tok(p - 2)) && sentenceOf[p - 2] == s)
        {
            p -= 2;
            if (p >= 1 && sentenceOf[p - 1] == s && (Eq(Tok(p - 1), "the") || Eq(Tok(p - 1), "a") || Eq(Tok(p - 1), "an"))) p--;
        }
        return (p, definite, indefinite);
    }

    private void Interpret(List<Item> chain)
    {
        var head = chain[^1];
        // anchors before the head are mentions of their own
        for (int c = 0; c < chain.Count - 1; c++)
        {
            if (chain[c].IsAnchor) EmitSimple(chain[c], withDeterminer: false);
        }
        switch (head.Type)
        {
            case ItemType.Date:
            case ItemType.Misc:
            case ItemType.Place:
                if (head.EntityType is not null && !(head.Candidate && head.Type == ItemType.Misc))
                    entities.Add(new EntityMention(text[CharStart(head)..CharEnd(head)], CharStart(head), CharEnd(head), head.EntityType) { Value = head.Value });
                return;
            case ItemType.Name:
            case ItemType.Leader:
                Person(chain);
                return;
            case ItemType.Role:
            case ItemType.Title:
                Description(chain);
                return;
            case ItemType.NamedOrg:
                NamedOrg(chain);
                return;
            default:
                EmitSimple(head, withDeterminer: chain.Count == 1);
                return;
        }
    }

    private ActorBuilder GetActor(string key, Func<ActorBuilder> create)
    {
        if (!byKey.TryGetValue(key, out var a))
        {
            a = create();
            a.Order = actors.Count;
            actors.Add(a);
            byKey[key] = a;
        }
        return a;
    }

    private ActorBuilder NewActor(ActorBuilder a)
    {
        a.Order = actors.Count;
        actors.Add(a);
        return a;
    }

    private MentionDraft AddMention(int startChar, int endChar, ActorBuilder actor, MentionKind kind, string? code, int headToken)
    {
        var m = new MentionDraft
        {
            Start = startChar, End = endChar, Actor = actor, Kind = kind, Code = code, Sentence = sentenceOf[headToken],
            Subject = SubjectRank(headToken), Plural = kind == MentionKind.Demonym || (actor.Plural && actor.Kind != ActorKind.Country),
        };
        mentions.Add(m);
        return m;
    }

    /// <summary>Whether the phrase ending in <paramref name="token"/> is a subject (1) or the main clause's subject (2).
    /// The name's own head is climbed first: "Deputy Foreign Minister Anna Kowal" may hang the name from the title by
    /// <c>flat</c>, <c>appos</c> without punctuation, or a proper-noun <c>compound</c>, and the title holds the relation.</summary>
    private int SubjectRank(int token)
    {
        if (!syntax.HasParse) return 0;
        var heads = syntax.Heads;
        var rel = syntax.Relations;
        int k = token;
        for (int step = 0; step < 8 && heads[k] >= 0; step++)
        {
            int h = heads[k];
            bool name = rel[k] is "flat" or "flat:name"
                || (rel[k] == "appos" && h < k && !syntax.PunctuationBetween(h, k))
                || (rel[k] == "compound" && syntax.Upos[k] == Syntax.UPos.PROPN && syntax.Upos[h] == Syntax.UPos.PROPN);
            if (!name) break;
            k = h;
        }
        if (!rel[k].StartsWith("nsubj", StringComparison.Ordinal)) return 0;
        return heads[k] >= 0 && rel[heads[k]] == "root" ? 2 : 1;
    }

    private void AddEntity(Item it, ActorBuilder? actor)
    {
        if (it.EntityType is null) return;
        var e = new EntityMention(text[CharStart(it)..CharEnd(it)], CharStart(it), CharEnd(it), it.EntityType) { Value = it.Value };
        entities.Add(e);
        if (actor is not null) entityActors[e] = actor;
    }

    private ActorBuilder CountryActor(string iso) =>
        GetActor("C:" + iso, () => new ActorBuilder { Name = dict.CountryName(iso) ?? iso, Code = iso, Kind = ActorKind.Country });

    private void EmitSimple(Item it, bool withDeterminer)
    {
        int cs = CharStart(it), ce = CharEnd(it);
        if (withDeterminer && it.CharStart < 0 && it.Start > 0 && Eq(Tok(it.Start - 1), "the") && sentenceOf[it.Start - 1] == sentenceOf[it.Start]
            && it.Type is not (ItemType.Adjective or ItemType.Leader or ItemType.Country or ItemType.Capital or ItemType.City or ItemType.People))
            cs = t[it.Start - 1].Start;
        var e = it.Entry;
        switch (it.Type)
        {
            case ItemType.Country:
            case ItemType.Capital:
            case ItemType.People:
            {
                var iso = e?.Code;
                // "London-based", "Washington-born" (split by the tokenizer): a place, no actor
                bool placeOnly = it.End + 1 < n && Tok(it.End) is "-" && HyphenPlaceSuffixes.Contains(Tok(it.End + 1));
                if (iso is null || placeOnly) { AddEntity(it, null); return; }
                var a = CountryActor(iso);
                if (it.Type == ItemType.People) a.Plural = true;
                var m = AddMention(cs, ce, a, it.Type switch { ItemType.Capital => MentionKind.Metonym, ItemType.People => MentionKind.Demonym, _ => MentionKind.Name }, iso, it.End - 1);
                if (it.Type == ItemType.People) m.Code = iso;
                AddEntity(it, a);
                return;
            }
            case ItemType.Adjective:
            case ItemType.Place:
                AddEntity(it, null);
                return;
            case ItemType.City:
            {
                // a place of its country, its own actor: code and country are the country's ("Basra" = IRQ, not IRQGOV)
                bool placeOnly = it.End + 1 < n && Tok(it.End) is "-" && HyphenPlaceSuffixes.Contains(Tok(it.End + 1));
                if (e?.Code is not { } iso || placeOnly) { AddEntity(it, null); return; }
                var a = GetActor("T:" + iso + ":" + e.Name, () => new ActorBuilder { Name = e.Name, Code = iso, Kind = ActorKind.Unknown });
                AddMention(cs, ce, a, MentionKind.Place, iso, it.End - 1);
                AddEntity(it, a);
                return;
            }
            case ItemType.Metonym:
            case ItemType.Organization:
            case ItemType.Group:
            case ItemType.Outlet:
            {
                if (e is null) return;
                var a = GetActor("E:" + e.Code + ":" + e.Name, () => new ActorBuilder
                {
                    Name = e.Name, Code = e.Code, Kind = it.Type == ItemType.Group ? ActorKind.Group : ActorKind.Organization,
                    Plural = it.Type == ItemType.Group,
                });
                a.Heads.Add(HeadWord(e.Name));
                AddMention(cs, ce, a, it.Type == ItemType.Metonym ? MentionKind.Metonym : MentionKind.Name, e.Code, it.End - 1);
                AddEntity(it, a);
                return;
            }
            case ItemType.Leader:
            case ItemType.Name:
                Person([it]);
                return;
            case ItemType.NamedOrg:
                NamedOrg([it]);
                return;
            default:
                return;
        }
    }

    private ActorBuilder LeaderActor(ActorEntry e, string code)
    {
        int sp = e.Name.LastIndexOf(' ');
        var surname = sp >= 0 ? e.Name[(sp + 1)..] : e.Name;
        if (byKey.TryGetValue("S:" + surname, out var existing)) return existing;
        var a = GetActor("P:" + e.Name, () => new ActorBuilder { Name = e.Name, Code = code, Kind = ActorKind.Person });
        byKey["S:" + surname] = a;
        if (e.Title is { } title)
        {
            a.Heads.Add(title);
            a.Heads.Add(HeadWord(title));
        }
        return a;
    }

    private void Person(List<Item> chain)
    {
        var head = chain[^1];
        int start = chain[0].Start;
        int cs = t[start].Start, ce = CharEnd(head);
        string? code = null;
        ActorBuilder actor;
        MentionKind kind = MentionKind.Name;
        if (head.Type == ItemType.Leader && head.Entry is { } le)
        {
            code = head.Code;
            actor = LeaderActor(le, code ?? "");
            if (le.IsShortName) kind = MentionKind.ShortName;
        }
        else
        {
            var name = text[CharStart(head)..CharEnd(head)];
            var surname = Tok(head.End - 1).ToString();
            bool single = head.Candidate;
            if (single) kind = MentionKind.ShortName;
            var full = surnames.TryGetValue(surname, out var f) ? f : name;
            actor = GetActor("S:" + surname, () => new ActorBuilder { Name = full, Kind = ActorKind.Person });
            if (!single && actor.Name.Length < name.Length && !actor.Name.Contains(' ', StringComparison.Ordinal)) actor.Name = name;
            code = ComposeFromChain(chain, out bool anchored);
            // "Deputy Foreign Minister X" with no country written: the document's main country
            if (!anchored && chain.Count > 1)
            {
                string? sfx = null;
                bool national = false;
                foreach (var c in chain)
                {
                    if (!c.IsRole) continue;
                    if (c.Suffix is not null) sfx = c.Suffix;
                    national |= c.National || c.Type == ItemType.Title;
                }
                // "coalition spokesman Colonel X" after "the Saudi-led coalition": the organisation named before
                foreach (var c in chain)
                {
                    if (c.Type == ItemType.Role && c.Form != RoleForm.Person && c.Head is { } rh
                        && Recent(rh, c.Entry?.Surface, RoleForm.Body) is { Kind: not ActorKind.Person, Code: { } oc })
                    {
                        code = oc;
                        break;
                    }
                }
                // a bare title ("Prime Minister X") belongs to its own sentence's country or the document's, never
                // to a country that only the previous sentence happened to name
                bool title = chain.Any(c => c.Type == ItemType.Title);
                if (code is null && national && sfx is not null && LocalCountry(chain[0].Start, allowPreviousSentence: !title) is { } lc) code = lc + sfx;
                // "Spokesman X" with neither country nor organisation: the body of that kind just written about
                // ("the Chinese foreign minister said … Spokesman X said")
                if (code is null && sfx is not null) code = RecentCodedBody(chain[0].Start, sfx);
            }
        }
        foreach (var c in chain)
        {
            if (c.IsRole && c.Head is { } h)
            {
                actor.Heads.Add(h);
                if (c.Entry is { } ce2) actor.Heads.Add(ce2.Surface.ToLowerInvariant());
            }
        }
        // "Its spokesman, Colonel X," / "an official of the Academy, Ri Y,": the description named
        if (start >= 2 && Tok(start - 1) is "," && mentions.Count > 0 && mentions[^1] is { Actor: { Described: true } desc } last
            && last.End == t[start - 2].End && desc != actor)
        {
            if (desc.Code is not null) code = desc.Code;
            foreach (var m in mentions)
            {
                if (m.Actor == desc) m.Actor = actor;
            }
            actor.Heads.UnionWith(desc.Heads);
            if (actor.Code is null || desc.Code is not null) actor.Code = code;
        }
        if (actor.Code is null && code is not null) actor.Code = code;
        AddMention(cs, ce, actor, kind, null, head.End - 1);
        AddEntity(head, actor);
        lastPerson = actor;
        lastPersonEnd = head.End;
        // apposition that follows: remember the comma
        pendingAppositive = head.End < n && Tok(head.End) is "," ? (actor, head.End) : null;
    }

    private (ActorBuilder Actor, int Comma)? pendingAppositive;

    /// <summary>
    /// The code of the nearest organisation or person before <paramref name="token"/>, in its sentence or the two
    /// before, whose code is a country plus <paramref name="suffix"/> (null when none).
    /// </summary>
    private string? RecentCodedBody(int token, string suffix)
    {
        int s = sentenceOf[token], pos = t[token].Start;
        for (int k = mentions.Count - 1; k >= 0; k--)
        {
            var m = mentions[k];
            if (m.Sentence < s - 2) break;
            if (m.Start >= pos) continue;
            if (m.Actor.Kind is ActorKind.Organization or ActorKind.Person && m.Actor.Code is { } c && c.Length > suffix.Length
                && c.EndsWith(suffix, StringComparison.Ordinal) && ActorEntry.CodeCountry(c) is { } country && country.Length + suffix.Length == c.Length)
                return c;
        }
        return null;
    }

    /// <summary>
    /// An organisation named earlier whose name holds every word of this one's ("the Joint Chiefs" after "South
    /// Korea's Joint Chiefs of Staff", "Commerce Ministry" after "China's Ministry of Commerce"), the latest first.
    /// </summary>
    private ActorBuilder? EarlierOrganisation(Item it)
    {
        Span<Range> words = stackalloc Range[16];
        int count = 0;
        for (int k = it.Start; k < it.End && count < words.Length; k++)
        {
            var w = Tok(k);
            if (Connectors.Contains(w) || Possessives.Contains(w) || IsPunct(w) || Stopwords.Contains(w)) continue;
            words[count++] = new Range(t[k].Start, t[k].End);
        }
        if (count == 0) return null;
        for (int a = actors.Count - 1; a >= 0; a--)
        {
            var actor = actors[a];
            if (actor.Kind != ActorKind.Organization || actor.Code is null) continue;
            bool all = true;
            for (int w = 0; w < count && all; w++) all = ContainsWord(actor.Name, text.AsSpan()[words[w]]);
            if (all) return actor;
        }
        return null;
    }

    private static bool ContainsWord(string name, ReadOnlySpan<char> word)
    {
        int from = 0;
        while (from < name.Length)
        {
            int i = name.AsSpan(from).IndexOf(word, StringComparison.OrdinalIgnoreCase);
            if (i < 0) return false;
            i += from;
            int e = i + word.Length;
            if ((i == 0 || !char.IsLetterOrDigit(name[i - 1])) && (e == name.Length || !char.IsLetterOrDigit(name[e]))) return true;
            from = i + 1;
        }
        return false;
    }

    /// <summary>
    /// The country a title without one belongs to: the first country named earlier in this sentence, else (unless
    /// <paramref name="allowPreviousSentence"/> is false) the first one of the previous sentence, else the document's
    /// main country.
    /// </summary>
    private string? LocalCountry(int token, bool allowPreviousSentence = true)
    {
        int s = sentenceOf[token];
        int pos = t[token].Start;
        for (int back = 0; back <= (allowPreviousSentence ? 1 : 0); back++)
        {
            string? first = null;
            for (int k = mentions.Count - 1; k >= 0; k--)
            {
                var m = mentions[k];
                if (m.Sentence < s - back) break;
                if (m.Sentence != s - back || m.Start >= pos) continue;
                if (m.Actor.Kind == ActorKind.Country && m.Actor.Code is { } c) first = c;
            }
            if (first is not null) return first;
        }
        return mainCountry;
    }

    /// <summary>The person an apposition at <paramref name="phraseStart"/> describes ("X, a spokesman for …", "X, who sits on …").</summary>
    private ActorBuilder? Appositive(int phraseStart)
    {
        if (pendingAppositive is not { } pa) return null;
        if (phraseStart <= pa.Comma || phraseStart - pa.Comma > 8 || sentenceOf[pa.Comma] != sentenceOf[Math.Min(phraseStart, n - 1)]) return null;
        for (int k = pa.Comma + 1; k < phraseStart; k++)
        {
            var w = Tok(k);
            if (!AppositionWords.Contains(w) && !(char.IsUpper(w[0]) && !IsPunct(w))) return null;
        }
        return pa.Actor;
    }

    /// <summary>Code from the anchors and roles of a chain (the head excluded when it is a name).</summary>
    private string? ComposeFromChain(List<Item> chain, out bool hasAnchor)
    {
        string? country = null, orgCode = null, suffix = null;
        hasAnchor = false;
        foreach (var c in chain)
        {
            if (c.Type is ItemType.Name) continue;
            if (c.IsRole)
            {
                if (c.Suffix is not null) suffix = c.Suffix;
                continue;
            }
            if (c.IsAnchor)
            {
                var (co, oc) = AnchorBase(c);
                if (co is not null || oc is not null)
                {
                    country = co;
                    orgCode = oc;
                    hasAnchor = true;
                }
            }
        }
        if (country is not null) return country + (suffix ?? "");
        return orgCode;
    }

    private void Description(List<Item> chain)
    {
        var head = chain[^1];
        var (start, definite, indefinite) = PhraseStart(chain[0].Start, extendPartitive: true);
        int cs = t[start].Start, ce = CharEnd(head);
        var form = head.Type == ItemType.Title ? RoleForm.Person : head.Form;
        var headWord = head.Head ?? "";
        var code = ComposeFromChain(chain, out bool hasAnchor);
        // "military inroads": a role word tagged as an adjective is no actor, unless an article makes it the head
        // of its phrase and no noun follows ("The official said", "an official in Nairobi")
        if (syntax.Upos[head.End - 1] == UPos.ADJ && chain.Count == 1
            && !((definite || indefinite) && (head.End >= n || syntax.Upos[head.End] is UPos.VERB or UPos.AUX or UPos.PUNCT or UPos.ADP or UPos.SCONJ or UPos.CCONJ)))
            return;
        if (headWord == "official" && head.End < n && IsCapToken(head.End)) return;

        // "Germany's Die Welt daily", "the Foreign Ministry" after its own name: the phrase is the organisation
        if (chain.Count >= 2 && head.Suffix == "MED")
        {
            var org = chain[^2];
            if (org.Type is ItemType.Outlet or ItemType.NamedOrg && mentions.Count > 0
                && mentions[^1].Start == CharStart(org))
            {
                var orgActor = mentions[^1].Actor;
                AddMention(cs, ce, orgActor, MentionKind.Description, null, head.End - 1);
                return;
            }
        }

        // "Its spokesman" after "The coalition dismissed …": the organisation named last
        if (!hasAnchor && start > 0 && (Eq(Tok(start - 1), "its") || Eq(Tok(start - 1), "their")) && PossessorCode(start - 1, head.Suffix) is { } posCode)
        {
            code = posCode;
            hasAnchor = true;
        }
        // "the country's new foreign minister": the country the document is about, as for a bare role
        if (!hasAnchor && mainCountry is not null && IsTheCountrys(start))
        {
            code = mainCountry + (head.Suffix ?? "");
            hasAnchor = true;
        }
        // "a spokesman for the Iraqi Interior Ministry", "the head of Iran's judiciary"
        if (!hasAnchor && form == RoleForm.Person && OfAnchorCode(head.End, head.Suffix) is { } ofCode)
        {
            code = ofCode;
            hasAnchor = true;
        }
        var appos = form == RoleForm.Person ? Appositive(start) : null;
        if (appos is not null)
        {
            if (appos.Code is null && code is not null) appos.Code = code;
            appos.Heads.Add(headWord);
            AddMention(cs, ce, appos, MentionKind.Description, null, head.End - 1);
            pendingAppositive = null;
            return;
        }

        if (!hasAnchor)
        {
            // "the minister", "the ministry", "the president": the latest actor with that role
            if (definite || char.IsUpper(Tok(head.Start)[0]))
            {
                var found = Recent(headWord, head.Entry?.Surface, form);
                if (found is not null)
                {
                    AddMention(cs, ce, found, MentionKind.Description, null, head.End - 1);
                    return;
                }
                bool qualified = head.End < n && (Eq(Tok(head.End), "of") || Eq(Tok(head.End), "at") || Eq(Tok(head.End), "for"));
                if (mainCountry is not null && doc is { } d && form == RoleForm.Person && !qualified)
                {
                    var leader = dict.LeaderInOffice(mainCountry, head.Entry?.Surface ?? headWord, d) ?? dict.LeaderInOffice(mainCountry, headWord, d);
                    if (leader is not null)
                    {
                        var la = LeaderActor(leader, LeaderCode(leader));
                        AddMention(cs, ce, la, MentionKind.Description, null, head.End - 1);
                        return;
                    }
                }
            }
            // a bare plural ("forces fired") takes the main country only when written with the article or capitalised,
            // except people of the place ("fired on protesters", "residents fled"): they are the country's own
            bool marked = definite || char.IsUpper(Tok(head.Start)[0]) || form != RoleForm.Group || head.Suffix == "CVL";
            if (head.National && mainCountry is not null && marked) code = mainCountry + head.Suffix;
            else code = null;
        }

        var name = text[cs..ce];
        if (name.StartsWith("the ", StringComparison.OrdinalIgnoreCase)) name = name[4..];
        ActorBuilder actor;
        if (form == RoleForm.Person)
        {
            actor = NewActor(new ActorBuilder { Name = name, Code = code, Kind = ActorKind.Person, Indefinite = indefinite, Described = true });
        }
        else
        {
            var kind = form == RoleForm.Body ? ActorKind.Organization : ActorKind.Group;
            actor = code is null
                ? NewActor(new ActorBuilder { Name = name, Code = null, Kind = kind, Plural = form == RoleForm.Group })
                : GetActor("D:" + code + ":" + headWord, () => new ActorBuilder { Name = name, Code = code, Kind = kind, Plural = form == RoleForm.Group });
        }
        actor.Heads.Add(headWord);
        if (head.Entry is { } he) actor.Heads.Add(he.Surface.ToLowerInvariant());
        AddMention(cs, ce, actor, MentionKind.Description, code, head.End - 1);
        if (form == RoleForm.Person)
        {
            lastPerson = actor;
            lastPersonEnd = head.End;
        }
    }

    /// <summary>The code "its"/"their" at <paramref name="token"/> stands for: the latest organisation, group or country.</summary>
    private string? PossessorCode(int token, string? suffix)
    {
        int s = sentenceOf[token];
        for (int k = mentions.Count - 1; k >= 0; k--)
        {
            var m = mentions[k];
            if (m.Sentence < s - 1) break;
            if (m.Start >= t[token].Start || m.Actor.Kind == ActorKind.Person || m.Actor.Code is not { } c) continue;
            return m.Actor.Kind == ActorKind.Country ? c + (suffix ?? "") : c;
        }
        return null;
    }

    /// <summary>Whether "the country's" / "the nation's" stands at <paramref name="start"/> or just before it.</summary>
    private bool IsTheCountrys(int start)
    {
        for (int k = Math.Max(0, start - 3); k <= start && k + 2 < n; k++)
        {
            if (Eq(Tok(k), "the") && (Eq(Tok(k + 1), "country") || Eq(Tok(k + 1), "nation")) && (Eq(Tok(k + 2), "'s") || Eq(Tok(k + 2), "\u2019s")))
                return true;
        }
        return false;
    }

    /// <summary>The code of an organisation or country after "for/of/at/with [the]" following a role.</summary>
    private string? OfAnchorCode(int after, string? suffix)
    {
        if (after >= n || !(Eq(Tok(after), "for") || Eq(Tok(after), "of") || Eq(Tok(after), "at") || Eq(Tok(after), "with"))) return null;
        int k = after + 1;
        if (k < n && Eq(Tok(k), "the")) k++;
        if (k >= n || itemAt[k] < 0) return null;
        var it = items[itemAt[k]];
        if (it.Start != k || !it.IsAnchor) return null;
        // the organisation may begin with its country ("the Iraqi Interior Ministry" is one named organisation)
        int j = itemAt[k];
        var last = it;
        while (j + 1 < items.Count && items[j + 1].Start <= last.End + 1 && items[j + 1].IsAnchor && GapOk(last.End, items[j + 1].Start, last))
        {
            j++;
            last = items[j];
        }
        var (country, org) = AnchorBase(last);
        if (last != it && country is null && org is null) (country, org) = AnchorBase(it);
        if (org is not null) return org;
        return country is not null ? country + (suffix ?? "") : null;
    }

    private ActorBuilder? Recent(string headWord, string? surface, RoleForm form)
    {
        for (int k = mentions.Count - 1; k >= 0 && k >= mentions.Count - 300; k--)
        {
            var a = mentions[k].Actor;
            bool personOk = form != RoleForm.Person || a.Kind == ActorKind.Person;
            if (!personOk) continue;
            if (a.Heads.Contains(headWord) || (surface is not null && a.Heads.Contains(surface))) return a;
        }
        return null;
    }

    private void NamedOrg(List<Item> chain)
    {
        var head = chain[^1];
        var (start, _, _) = PhraseStart(chain[0].Start, extendPartitive: true);
        int cs = t[start].Start, ce = CharEnd(head);
        string? code = head.Code;
        if (code is null && chain.Count > 1)
        {
            string? country = null, orgCode = null;
            for (int c = 0; c < chain.Count - 1; c++)
            {
                if (!chain[c].IsAnchor) continue;
                var (co, oc) = AnchorBase(chain[c]);
                if (co is not null || oc is not null)
                {
                    country = co;
                    orgCode = oc;
                }
            }
            code = country is not null ? country + (head.Suffix ?? "") : orgCode;
        }
        // a shorter or reordered name of an organisation named before is that organisation
        var earlier = code is null && chain.Count == 1 ? EarlierOrganisation(head) : null;
        if (earlier is not null) code = earlier.Code;
        if (code is null && head.National && mainCountry is not null) code = mainCountry + head.Suffix;

        var name = text[CharStart(chain[0])..ce];
        var key = "O:" + text[CharStart(head)..ce].ToLowerInvariant() + ":" + code;
        var actor = earlier ?? GetActor(key, () => new ActorBuilder { Name = name, Code = code, Kind = ActorKind.Organization });
        if (head.Head is { } h) actor.Heads.Add(h);
        var appos = Appositive(start);
        if (appos is not null && appos.Code is null && code is not null)
        {
            appos.Code = code;
            pendingAppositive = null;
        }
        AddMention(cs, ce, actor, MentionKind.Name, code, head.End - 1);
        AddEntity(new Item { Start = head.Start, End = head.End, EntityType = "ORG" }, actor);
    }

    // ---------------------------------------------------------------- description, then name

    /// <summary>
    /// "A top Iranian security official claims …" followed, within three sentences, by the first named person with
    /// the same code ("Ali Shamkhani, who sits on Tehran's National Security Council"): one actor. Conservative:
    /// the description must be indefinite and coded, and no other coded person may come between.
    /// </summary>
    private void LinkDescriptionsToNames()
    {
        for (int k = 0; k < mentions.Count; k++)
        {
            var d = mentions[k];
            if (!d.Actor.Indefinite || d.Actor.Kind != ActorKind.Person) continue;
            // an uncoded description ("a senior confidant of Ayatollah Khamenei") may only reach the next sentence
            bool uncoded = d.Actor.Code is null;
            ActorBuilder? target = null;
            for (int j = k + 1; j < mentions.Count; j++)
            {
                var m = mentions[j];
                if (m.Sentence > d.Sentence + (uncoded ? 1 : 3)) break;
                if (m.Actor == d.Actor || m.Actor.Kind != ActorKind.Person || m.Actor.Code is null) continue;
                if (IsComplementOf(d, m)) continue; // the person the description is defined by, not the one it describes
                if (m.Kind is MentionKind.Name && !m.Actor.Indefinite && (uncoded || m.Actor.Code == d.Actor.Code) && FirstMentionIndex(m.Actor) == j) target = m.Actor;
                break;
            }
            if (target is null) continue;
            MergeActor(d.Actor, target);
        }
    }

    /// <summary>Makes every mention of <paramref name="from"/> one of <paramref name="into"/>, which takes its head nouns.</summary>
    private void MergeActor(ActorBuilder from, ActorBuilder into)
    {
        foreach (var m in mentions)
        {
            if (m.Actor == from) m.Actor = into;
        }
        into.Heads.UnionWith(from.Heads);
    }

    /// <summary>True when <paramref name="m"/> sits in an "of" complement right after description <paramref name="d"/>.</summary>
    private bool IsComplementOf(MentionDraft d, MentionDraft m)
    {
        if (m.Start < d.End || m.Start - d.End > 40) return false;
        var between = text.AsSpan(d.End, m.Start - d.End).Trim();
        return between.StartsWith("of", StringComparison.Ordinal) && between.IndexOfAny(',', ';', '.') < 0;
    }

    private int FirstMentionIndex(ActorBuilder a)
    {
        for (int k = 0; k < mentions.Count; k++)
        {
            if (mentions[k].Actor == a) return k;
        }
        return -1;
    }

    // ---------------------------------------------------------------- pronouns

    private void ResolvePronouns()
    {
        if (mentions.Count == 0) return;
        var ordered = mentions.OrderBy(m => m.Start).ToList();
        var added = new List<MentionDraft>();
        int mi = 0;
        for (int i = 0; i < n; i++)
        {
            var w = Tok(i);
            bool person = PersonPronouns.Contains(w);
            bool plural = !person && PluralPronouns.Contains(w);
            if (!person && !plural) continue;
            int pos = t[i].Start;
            while (mi < ordered.Count && ordered[mi].Start < pos) mi++;
            int s = sentenceOf[i];
            MentionDraft? best = null;
            // same sentence: the closest preceding mention
            for (int k = mi - 1; k >= 0; k--)
            {
                var m = ordered[k];
                if (m.Sentence < s - 2) break;
                if (m.End > pos) continue;
                bool ok = person ? m.Actor.Kind == ActorKind.Person : m.Plural;
                if (!ok) continue;
                if (m.Sentence == s)
                {
                    best = m;
                    break;
                }
                // an earlier sentence: prefer the subject of its main clause, else its last other subject, else its
                // first such mention
                int ss = m.Sentence;
                MentionDraft? pick = null;
                for (int q = k; q >= 0 && ordered[q].Sentence == ss; q--)
                {
                    var mq = ordered[q];
                    bool okq = person ? mq.Actor.Kind == ActorKind.Person : mq.Plural;
                    if (!okq) continue;
                    if (pick is null || mq.Subject > pick.Subject || (mq.Subject == 0 && pick.Subject == 0)) pick = mq;
                    if (mq.Subject == 2) break;
                }
                best = pick;
                break;
            }
            if (best is null) continue;
            added.Add(new MentionDraft
            {
                Start = pos, End = t[i].End, Actor = best.Actor, Kind = MentionKind.Pronoun, Sentence = s, Subject = SubjectRank(i),
            });
        }
        mentions.AddRange(added);
    }

    // ---------------------------------------------------------------- output

    private EntityLayer Materialize()
    {
        var ids = new Dictionary<ActorBuilder, string>(ReferenceEqualityComparer.Instance);
        var firstMention = new Dictionary<ActorBuilder, int>(ReferenceEqualityComparer.Instance);
        foreach (var m in mentions)
        {
            if (!firstMention.TryGetValue(m.Actor, out var f) || m.Start < f) firstMention[m.Actor] = m.Start;
        }
        var used = actors.Where(firstMention.ContainsKey).OrderBy(a => firstMention[a]).ThenBy(a => a.Order).ToList();
        for (int k = 0; k < used.Count; k++) ids[used[k]] = "a" + (k + 1).ToString(CultureInfo.InvariantCulture);

        var seen = new HashSet<(int, int, string)>();
        var outMentions = ImmutableArray.CreateBuilder<ActorMention>();
        var spansByActor = new Dictionary<ActorBuilder, List<Span>>(ReferenceEqualityComparer.Instance);
        foreach (var m in mentions.OrderBy(m => m.Start).ThenByDescending(m => m.End))
        {
            var id = ids[m.Actor];
            if (!seen.Add((m.Start, m.End, id))) continue;
            var mtext = text[m.Start..m.End];
            outMentions.Add(new ActorMention(m.Start, m.End, mtext, id, m.Kind) { Code = m.Code ?? m.Actor.Code });
            if (!spansByActor.TryGetValue(m.Actor, out var list)) spansByActor[m.Actor] = list = [];
            list.Add(new Span(mtext, m.Start, m.End));
        }
        var outActors = ImmutableArray.CreateBuilder<Actor>(used.Count);
        foreach (var a in used)
        {
            outActors.Add(new Actor
            {
                Id = ids[a],
                Name = a.Name,
                Code = string.IsNullOrEmpty(a.Code) ? null : a.Code,
                Country = ActorEntry.CodeCountry(a.Code),
                Kind = a.Kind,
                Mentions = [.. spansByActor[a]],
            });
        }
        var ents = ImmutableArray.CreateBuilder<EntityMention>(entities.Count);
        var entSeen = new HashSet<(int, int)>();
        foreach (var e in entities.OrderBy(e => e.Start).ThenByDescending(e => e.End))
        {
            if (!entSeen.Add((e.Start, e.End))) continue;
            ents.Add(entityActors.TryGetValue(e, out var a) && ids.TryGetValue(a, out var id) ? e with { Actor = id } : e);
        }
        return new EntityLayer(ents.ToImmutable(), outActors.ToImmutable(), outMentions.ToImmutable(), docDate)
        {
            Dateline = datelineFirst >= 0 ? new Span(text[t[datelineFirst].Start..t[datelineEnd - 1].End], t[datelineFirst].Start, t[datelineEnd - 1].End) : null,
            MainCountry = mainCountry,
        };
    }
}
