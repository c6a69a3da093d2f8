using Attest.Model;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Entities;

/// <summary>
/// Step 3b of <see cref="DocumentRun"/>: private persons known by a description ("a civilian contractor working for
/// the Polish army", "a Polish engineer", "an employee of Gazprom"), their later definite descriptions ("the
/// contractor") and the name an apposition gives them ("the contractor, a 46-year-old man identified only as X").
/// </summary>
internal sealed partial class DocumentRun
{
    /// <summary>
    /// Nouns for one person that the role dictionary does not hold (roles such as "journalist" or "soldier" are
    /// descriptions of step 3 already). Such a noun is an actor only when a modifier ties it to a country or actor.
    /// </summary>
    private static readonly WordSet PersonNouns = new(
        "contractor subcontractor employee worker staffer labourer laborer man woman boy girl teenager pensioner "
        + "engineer technician scientist physicist chemist programmer developer mechanic electrician driver sailor seaman fisherman "
        + "farmer lawyer banker accountant architect consultant translator interpreter photographer blogger writer artist athlete "
        + "tourist traveller traveler hiker climber citizen national passenger volunteer courier priest nun monk hacker");

    /// <summary>Participles and verbs of employment that tie a person to the actor after their preposition ("working for X").</summary>
    private static readonly WordSet TieVerbs = new(
        "working worked works work employed hired contracted serving served serves serve");

    private static readonly WordSet TiePrepositions = new("for by at");

    /// <summary>Prepositions that tie a person noun directly: "an employee of X", "a man from X", "a contractor for X".</summary>
    private static readonly WordSet DirectTies = new("of from for at");

    /// <summary>Words between a relative pronoun and the tie verb: "who had previously worked for".</summary>
    private static readonly WordSet RelativeFillers = new("was is had has have been previously formerly once reportedly allegedly also still long");

    private static readonly WordSet Relatives = new("who that");

    private static readonly WordSet NamingVerbs = new("identified named called known");

    private static readonly WordSet NamingFillers = new("only publicly simply officially later locally");

    /// <summary>Nouns before "contractor" that make it a firm: "a defence contractor", "an aerospace contractor".</summary>
    private static readonly WordSet IndustryWords = new(
        "defence defense aerospace arms construction engineering oil gas energy shipbuilding software telecoms "
        + "telecom infrastructure building nuclear");

    private static readonly WordSet CopulaWords = new("is was are were be been being became become becomes remain remains remained 's \u2019s as");

    private static readonly WordSet FrontingPrepositions = new("in on at from near outside inside across to into after before during since for with by of");

    private static readonly WordSet DefiniteArticles = new("the this that");

    private static readonly WordSet IndefiniteArticles = new("a an another one");

    /// <summary>The mention index covering each token (-1: none), kept up to date as this step adds mentions.</summary>
    private int[] mentionCover = [];

    /// <summary>The mentions of step 3 by start; this step's own, added in text order, are mentions[addedFrom..].</summary>
    private MentionDraft[] sortedMentions = [];
    private int addedFrom;

    /// <summary>
    /// Person nouns tied to a country or actor become described persons (country only, as gold codes private
    /// persons); a definite person noun with no tie ("the contractor") refers back to the latest person with that
    /// head; a name given by apposition or "identified as"/"named" joins the description. Role descriptions that
    /// step 3 left without a code take the country of such a tie ("a journalist working for Polish radio").
    /// </summary>
    private void ResolvePersonDescriptions()
    {
        if (n == 0) return;
        CodeUncodedRoleDescriptions();
        sortedMentions = [.. mentions];
        Array.Sort(sortedMentions, (x, y) => x.Start.CompareTo(y.Start));
        addedFrom = mentions.Count;
        mentionCover = new int[n];
        Array.Fill(mentionCover, -1);
        for (int k = 0; k < mentions.Count; k++)
        {
            var (a, b) = TokenRange(mentions[k].Start, mentions[k].End);
            for (int j = a; j < b; j++) mentionCover[j] = k;
        }
        for (int h = 0; h < n; h++)
        {
            var w = Tok(h);
            if (w.Length == 0 || !char.IsLower(w[0]) || !PersonNouns.Contains(w) || mentionCover[h] >= 0) continue;
            if (itemAt[h] >= 0 || syntax.Upos[h] is UPos.ADJ or UPos.VERB or UPos.AUX or UPos.ADV) continue;
            // "a defence contractor", "an arms supplier": a firm, not a person
            if (h > 0 && IndustryWords.Contains(Tok(h - 1)) && (Eq(w, "contractor") || Eq(w, "subcontractor"))) continue;
            // "a worker protest", "the man hours": the noun modifies another noun
            int s = sentenceOf[h];
            if (h + 1 < n && sentenceOf[h + 1] == s && syntax.Upos[h + 1] == UPos.NOUN && !TieVerbs.Contains(Tok(h + 1))) continue;
            DescribedPerson(h);
        }
    }

    /// <summary>"A journalist working for Polish radio": a role description without a country takes the tie's.</summary>
    private void CodeUncodedRoleDescriptions()
    {
        foreach (var m in mentions)
        {
            if (m.Kind != MentionKind.Description || m.Code is not null || m.Actor is not { Kind: ActorKind.Person, Code: null } actor) continue;
            var (_, end) = TokenRange(m.Start, m.End);
            if (end <= 0 || itemAt[end - 1] < 0 || items[itemAt[end - 1]] is not { IsRole: true } role) continue;
            var (country, org) = TieAfter(end);
            if (country is not null) actor.Code = country + (role.Suffix ?? "");
            else if (org is not null) actor.Code = org;
        }
    }

    private void DescribedPerson(int h)
    {
        int s = sentenceOf[h];
        int first = t.Sentences.Length == 0 ? 0 : t.Sentences[s].FirstToken;
        var (start, definite, indefinite, preCountry, preOrg) = PersonPremodifiers(h, first);
        var (postCountry, postOrg) = TieAfter(h + 1);
        string? country = preCountry ?? postCountry;
        string? code = country ?? (preOrg ?? postOrg) switch { { } o => ActorEntry.CodeCountry(o) ?? o, null => null };
        string head = Tok(h).ToString().ToLowerInvariant();
        int cs = t[start].Start, ce = t[h].End;

        // "he became an American citizen", "she was an artist from Mosul": a predicate says what its subject is; it
        // introduces nobody
        if (start > first && CopulaWords.Contains(Tok(start - 1))) return;
        ActorBuilder? actor = null;
        // "Jan Kowal, a Polish engineer,": the apposition describes the person named before the comma; after an
        // organisation or a place ("EADS, a European contractor") it describes no person
        if (start >= 2 && Tok(start - 1) is "," && sentenceOf[start - 2] == s)
        {
            int b = start - 2;
            if (mentionCover[b] is int before and >= 0 && mentions[before].End == t[b].End && mentions[before].Actor.Kind == ActorKind.Person)
            {
                actor = mentions[before].Actor;
                if (actor.Code is null) actor.Code = code;
            }
            else if (itemAt[b] >= 0 ? items[itemAt[b]] is { Type: not ItemType.Date } it && it.End == b + 1 : IsCapToken(b))
            {
                int a0 = itemAt[b] >= 0 ? items[itemAt[b]].Start : b;
                while (itemAt[b] < 0 && a0 - 1 >= first && IsCapToken(a0 - 1)) a0--;
                // "In Gdansk, a Polish engineer …" is a fronted phrase, no apposition
                if (!(a0 > first && FrontingPrepositions.Contains(Tok(a0 - 1)))) return;
            }
        }
        // "European aerospace contractor EADS": a bare description before a name that is no person's
        if (actor is null && !definite && !indefinite && h + 1 < n && sentenceOf[h + 1] == s && IsCapToken(h + 1) && NameAt(h + 1) is null) return;
        if (actor is null && definite && NameAt(h + 1) is null)
        {
            // "the contractor": the latest person with that head (of the same country when this one has a tie)
            var antecedent = LatestPersonWithHead(head, cs);
            if (antecedent is not null && (code is null || antecedent.Code is null || ActorEntry.CodeCountry(antecedent.Code) == ActorEntry.CodeCountry(code)))
            {
                actor = antecedent;
                if (actor.Code is null && code is not null) actor.Code = code;
            }
        }
        bool beforeName = false;
        if (actor is null)
        {
            // "a man", "the contractor" with no antecedent: no actor
            if (code is null) return;
            // "Polish engineer Marek Nowak", "the South African athlete Oscar Pistorius": the name is the person
            if (NameAt(h + 1) is { } named)
            {
                actor = named;
                if (actor.Code is null) actor.Code = code;
                beforeName = true;
            }
            else
            {
                var name = text[cs..ce];
                if (definite && name.StartsWith("the ", StringComparison.OrdinalIgnoreCase)) name = name[4..];
                actor = NewActor(new ActorBuilder { Name = name, Code = code, Kind = ActorKind.Person, Described = true });
            }
        }
        actor.Heads.Add(head);
        var mention = AddMention(cs, ce, actor, MentionKind.Description, null, h);
        for (int k = TokenRange(cs, ce).Start; k <= h; k++) mentionCover[k] = mentions.Count - 1;
        if (!beforeName) NameByApposition(mention, h + 1);
    }

    /// <summary>
    /// The determiners and modifiers before person noun <paramref name="h"/> ("a 46-year-old Polish", "the civilian"),
    /// and the country or organisation that a nationality word or named actor among them gives.
    /// </summary>
    private (int Start, bool Definite, bool Indefinite, string? Country, string? Org) PersonPremodifiers(int h, int first)
    {
        int p = h;
        string? country = null, org = null;
        for (int steps = 0; p - 1 >= first && steps < 7; steps++)
        {
            int k = p - 1;
            var w = Tok(k);
            if (DefiniteArticles.Contains(w)) return (k, true, false, country, org);
            if (IndefiniteArticles.Contains(w)) return (k, false, true, country, org);
            // "French-born", "46-year-old" split by the tokenizer: a compound whose first part ties nothing
            if (k - 2 >= first && Tok(k - 1) is "-" && (t[k - 2].Flags & TokenFlags.SpaceAfter) == 0 && (t[k - 1].Flags & TokenFlags.SpaceAfter) == 0
                && char.IsLetterOrDigit(w[0]))
            {
                p = k - 2;
                continue;
            }
            if (itemAt[k] >= 0)
            {
                var it = items[itemAt[k]];
                if (it.Type is ItemType.Adjective or ItemType.Country or ItemType.Capital or ItemType.City)
                {
                    var (c, _) = AnchorBase(it);
                    country ??= c;
                    p = it.Start;
                    continue;
                }
                if (it.Type is ItemType.Organization or ItemType.Outlet or ItemType.Group)
                {
                    var (c, o) = AnchorBase(it);
                    country ??= c;
                    org ??= o;
                    p = it.Start;
                    continue;
                }
                // a lower-case role word as a modifier ("a civilian contractor", "an army engineer")
                if (it.Type == ItemType.Role && char.IsLower(w[0]))
                {
                    p = it.Start;
                    continue;
                }
                break;
            }
            // "46-year-old", "French-born"
            if (w is "-" || char.IsDigit(w[0]) || (w.Length > 2 && w[1..^1].Contains('-')))
            {
                p = k;
                continue;
            }
            if (char.IsLower(w[0]) && !Stopwords.Contains(w) && !IsPunct(w) && syntax.Upos[k] is UPos.X or UPos.ADJ or UPos.NOUN or UPos.NUM)
            {
                p = k;
                continue;
            }
            break;
        }
        return (p, false, false, country, org);
    }

    /// <summary>
    /// The country or organisation the words from <paramref name="j"/> tie a person to: "working for the Polish
    /// army", "employed by a Russian firm", "who worked for NATO", "of Gazprom", "from Poland".
    /// </summary>
    private (string? Country, string? Org) TieAfter(int j)
    {
        if (j >= n) return (null, null);
        int s = sentenceOf[j - 1];
        int k = j;
        bool InSentence(int x) => x < n && sentenceOf[x] == s;
        if (InSentence(k) && Tok(k) is "," && InSentence(k + 1) && Relatives.Contains(Tok(k + 1))) k++;
        if (InSentence(k) && Relatives.Contains(Tok(k)))
        {
            k++;
            for (int f = 0; f < 3 && InSentence(k) && RelativeFillers.Contains(Tok(k)); f++) k++;
            if (!InSentence(k) || !TieVerbs.Contains(Tok(k))) return (null, null);
        }
        if (InSentence(k) && TieVerbs.Contains(Tok(k)))
        {
            k++;
            // "serving in the Polish army"; "working in Iraq" says where, not for whom
            bool serving = Tok(k - 1).StartsWith("serv", StringComparison.OrdinalIgnoreCase);
            if (!InSentence(k) || !(TiePrepositions.Contains(Tok(k)) || (serving && Eq(Tok(k), "in")))) return (null, null);
        }
        else if (!(k == j && InSentence(k) && DirectTies.Contains(Tok(k)))) return (null, null);
        k++;
        // "the", "a", "a state-owned": up to two words before the actor
        for (int f = 0; f < 3 && InSentence(k) && itemAt[k] < 0 && (DefiniteArticles.Contains(Tok(k)) || IndefiniteArticles.Contains(Tok(k))
            || (f > 0 && char.IsLower(Tok(k)[0]) && !Stopwords.Contains(Tok(k)) && !IsPunct(Tok(k)))); f++) k++;
        if (!InSentence(k) || itemAt[k] < 0) return (null, null);
        var it = items[itemAt[k]];
        if (it.Start != k || !it.IsAnchor || it.Type == ItemType.Leader) return (null, null);
        var (country, org) = AnchorBase(it);
        return (country ?? ActorEntry.CodeCountry(org), org);
    }

    /// <summary>
    /// "the contractor, a 46-year-old man identified only as Marek W.", "the engineer, Jan Kowal,", "a worker named
    /// Jan Kowal": the name after the description is the described person; the two actors become one.
    /// </summary>
    private void NameByApposition(MentionDraft description, int j)
    {
        int s = sentenceOf[j - 1];
        int k = j;
        var nouns = new List<string>(2);
        ActorBuilder? named = null;
        if (k < n && sentenceOf[k] == s && Tok(k) is "," && NameAt(k + 1) is { } direct) named = direct;
        for (; named is null && k < n && k < j + 16 && sentenceOf[k] == s; k++)
        {
            var w = Tok(k);
            if (NamingVerbs.Contains(w))
            {
                int q = k + 1;
                while (q < n && NamingFillers.Contains(Tok(q))) q++;
                if (q < n && Eq(Tok(q), "as")) q++;
                else if (!Eq(w, "named") && !Eq(w, "called")) return;
                if (q < n && sentenceOf[q] == s) named = NameAt(q);
                break;
            }
            if (w is "," or "-" || IndefiniteArticles.Contains(w) || char.IsDigit(w[0])) continue;
            if (char.IsLower(w[0]) && !Stopwords.Contains(w) && syntax.Upos[k] is UPos.X or UPos.ADJ or UPos.NOUN or UPos.NUM)
            {
                if (PersonNouns.Contains(w)) nouns.Add(w.ToString().ToLowerInvariant());
                continue;
            }
            return;
        }
        if (named is null || named == description.Actor) return;
        var from = description.Actor;
        if (from.Code is not null && named.Code is not null && ActorEntry.CodeCountry(from.Code) != ActorEntry.CodeCountry(named.Code)) return;
        if (named.Code is null) named.Code = from.Code;
        MergeActor(from, named);
        foreach (var noun in nouns) named.Heads.Add(noun);
    }

    /// <summary>The person whose name starts at token <paramref name="k"/>, or null.</summary>
    private ActorBuilder? NameAt(int k) =>
        k < n && itemAt[k] >= 0 && items[itemAt[k]] is { Type: ItemType.Name or ItemType.Leader } it && it.Start == k
        && mentionCover[k] >= 0 && mentions[mentionCover[k]].Actor is { Kind: ActorKind.Person } a ? a : null;

    /// <summary>How many mentions before a definite description are searched for its antecedent (keeps the step linear).</summary>
    private const int AntecedentWindow = 300;

    /// <summary>
    /// The person of the latest mention before <paramref name="pos"/> with head noun <paramref name="head"/>, among
    /// the <see cref="AntecedentWindow"/> mentions before it (those of step 3 and those this step added).
    /// </summary>
    private ActorBuilder? LatestPersonWithHead(string head, int pos)
    {
        MentionDraft? best = null;
        int lo = 0, hi = sortedMentions.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sortedMentions[mid].Start < pos) lo = mid + 1;
            else hi = mid;
        }
        for (int i = lo - 1, c = 0; i >= 0 && c < AntecedentWindow; i--, c++)
        {
            var m = sortedMentions[i];
            if (m.Actor.Kind == ActorKind.Person && m.Actor.Heads.Contains(head))
            {
                best = m;
                break;
            }
        }
        for (int i = mentions.Count - 1, c = 0; i >= addedFrom && c < AntecedentWindow; i--, c++)
        {
            var m = mentions[i];
            if (m.Start >= pos || (best is not null && m.Start <= best.Start)) continue;
            if (m.Actor.Kind == ActorKind.Person && m.Actor.Heads.Contains(head))
            {
                best = m;
                break;
            }
        }
        return best?.Actor;
    }

    /// <summary>The tokens [Start, End) that the characters [cs, ce) cover.</summary>
    private (int Start, int End) TokenRange(int cs, int ce)
    {
        int a = t.TokenAtOrAfter(cs), b = a;
        while (b < n && t[b].Start < ce) b++;
        return (a, b);
    }
}
