using System.Collections.Immutable;
using System.Globalization;
using Attest.Attribution;
using Attest.Entities;
using Attest.Lexicon;
using Attest.Model;
using Attest.Syntax;

namespace Attest.Events;

/// <summary>
/// Codes events from the verb-pattern dictionary: a trigger (verb, event noun or adjective) with its object words, a
/// source (the clause subject, a possessor of a nominal trigger, or the agent of a passive) and a target (the first
/// actor after the trigger in its clause). Each event gets CAMEO and PLOVER codes, Goldstein and QuadClass, a date from
/// the sentence's date expressions (else the document date), status (reported, claimed inside a statement, denied,
/// hypothetical), location and quantity. Immutable and thread-safe.
/// </summary>
public sealed class PatternEventCoder : IEventCoder
{
    private const int ObjectWindow = 8;

    private static readonly HashSet<string> Modals = new(StringComparer.Ordinal) { "would", "could", "might", "may", "will", "shall", "'ll", "should" };
    private static readonly HashSet<string> IntentVerbs = new(StringComparer.Ordinal)
    {
        "threaten", "threatened", "threatens", "threatening", "plan", "plans", "planned", "planning", "intend", "intends", "intended",
        "want", "wants", "wanted", "seek", "seeks", "sought", "aim", "aims", "aimed", "hope", "hopes", "hoped", "propose", "proposed",
        "proposes", "offer", "offered", "offers", "vow", "vowed", "vows", "pledge", "pledged", "promise", "promised", "consider",
        "considering", "considered", "prepare", "prepared", "preparing", "expect", "expected", "ready", "willing", "likely",
    };
    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal) { "not", "n't", "never", "no" };
    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["dozen"] = 12, ["dozens"] = 24, ["fifteen"] = 15,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["hundred"] = 100, ["hundreds"] = 200,
    };

    private readonly VerbDictionary dictionary;
    private readonly CameoCatalog catalog;

    public PatternEventCoder(VerbDictionary? dictionary = null, CameoCatalog? catalog = null)
    {
        this.catalog = catalog ?? CameoCatalog.Default;
        this.dictionary = dictionary ?? VerbDictionary.Default;
    }

    public ImmutableArray<Event> Code(SyntaxLayer syntax, EntityLayer entities, ImmutableArray<Statement> statements)
    {
        var v = new TokenView(syntax, entities);
        var finder = new EventArgumentFinder(v);
        var codedTriggers = new HashSet<int>();
        var events = ImmutableArray.CreateBuilder<Event>();
        var sentences = v.Tokens.Sentences;
        for (int s = 0; s < sentences.Length; s++)
        {
            var sent = sentences[s];
            int lastTrigger = -10;
            for (int t = sent.FirstToken; t < sent.EndToken; t++)
            {
                var match = Match(v, finder, t, sent.FirstToken, sent.EndToken);
                if (match is null) continue;
                // "asked to hold talks": the complement of a coded trigger is part of that event, not a second one
                if (t - 2 == lastTrigger && v.Lower[t - 1] == "to") continue;
                lastTrigger = t;
                var (pattern, lastToken) = match.Value;
                if (pattern.Kind == TriggerKind.Verb) codedTriggers.Add(t);
                var built = Build(new TriggerSite(v, finder, pattern, t, lastToken, s, sent.FirstToken, sent.EndToken), codedTriggers, statements, events);
                // "lodged a formal protest": the verb pattern and the noun pattern code one event, not two
                if (built is var (ev, sources) && !(events.Count > 0 && events[^1].Sentence == s && events[^1].Cameo == ev.Cameo
                    && ev.Trigger.Start - events[^1].Trigger.End < 30) && !Repeats(events, ev))
                {
                    // "Ukraine and Russia agreed …": one event per coordinated source, first conjunct first; with two
                    // sources, no target and a reciprocal action ("X and Y met / signed / clashed"), each is the other's target
                    bool reciprocal = ev.Target is null && sources.Count == 2 && IsReciprocal(ev.Cameo)
                        && sources[0].Code is { } c0 && sources[1].Code is { } c1 && c0 != c1;
                    for (int k = 0; k < sources.Count; k++)
                        events.Add(ev with
                        {
                            Id = "e" + (events.Count + 1).ToString(CultureInfo.InvariantCulture),
                            Source = sources[k],
                            Target = reciprocal ? sources[1 - k] : ev.Target,
                        });
                }
                t = lastToken;
            }
        }
        return events.ToImmutable();
    }

    /// <summary>"Forces opened fire on protesters …, killing eight": the same actor doing the same coded act again in
    /// the sentence with no other coded target is one event told twice, not a second event.</summary>
    private static bool Repeats(ImmutableArray<Event>.Builder events, Event ev)
    {
        for (int k = events.Count - 1; k >= 0 && events[k].Sentence == ev.Sentence; k--)
        {
            var e = events[k];
            if (e.Cameo == ev.Cameo && e.Source.Actor is not null && e.Source.Actor == ev.Source.Actor
                && (ev.Target?.Code is null || ev.Target.Code == e.Target?.Code)) return true;
        }
        return false;
    }

    /// <summary>Codes whose action two coordinated actors do to each other: consult (040) and negotiate (046), sign an
    /// agreement (057), cooperate (06x), a ceasefire (0871) and fighting (190) — not visits or hosting (042, 043),
    /// mediation (045), praise, appeals or threats that two actors make together.</summary>
    private static bool IsReciprocal(string cameo) =>
        cameo is "040" or "046" or "057" or "0871" or "190" || cameo.StartsWith("06", StringComparison.Ordinal);

    /// <summary>The best pattern for a trigger at <paramref name="t"/>: the most specific one whose objects are present,
    /// and among equally specific ones the one whose object stands nearest ("rejected the accusation and said the
    /// offer …" is a rejected accusation, not a rejected offer).</summary>
    private (EventPattern Pattern, int LastToken)? Match(TokenView v, EventArgumentFinder finder, int t, int first, int end)
    {
        (int Lo, int Hi)? front = null;
        bool frontRead = false;
        var candidates = dictionary.Candidates(v.Lower[t]);
        if (candidates.IsEmpty) return null;
        (EventPattern Pattern, int Last, int Distance)? best = null;
        foreach (var p in candidates) // most specific first
        {
            if (best is { } b && p.Specificity < b.Pattern.Specificity) break;
            // a compound noun is judged by its head, the last word ("general strike", "ethnic cleansing")
            bool compoundNoun = p.Kind == TriggerKind.Noun && p.Following.Length > 0;
            if (v.Tagged && !compoundNoun && !KindFits(p.Kind, v.Pos(t)) && !(p.Kind == TriggerKind.Verb && (PastVerbMistagged(v, t, first) || finder.MisreadConjunctVerb(t) >= 0))) continue;
            int last = t;
            if (p.Following.Length > 0)
            {
                last = MatchFollowing(v, p, t, end);
                if (last < 0) continue;
            }
            if (v.Tagged && compoundNoun && !KindFits(p.Kind, v.Pos(last))) continue;
            int from = p.Kind == TriggerKind.Verb ? last + 1 : Math.Max(first, t - 4);
            int to = ClauseWindowEnd(v, last, end);
            int distance = 0;
            if (p.Objects.Count > 0)
            {
                int at = FirstIn(v, p.Objects, from, to, t, last);
                if (at < 0 && p.Kind == TriggerKind.Verb)
                {
                    // "sanctions on Iran were imposed", "the sanctions Washington imposed": the object stands before the verb
                    if (!frontRead) { front = finder.FrontObject(t); frontRead = true; }
                    if (front is { } f && f.Hi < t) at = FirstIn(v, p.Objects, f.Lo, f.Hi + 1, t, last);
                }
                if (at < 0) continue;
                distance = Math.Abs(at - t);
            }
            if (p.Excluded.Count > 0 && FirstIn(v, p.Excluded, from, to, t, last) >= 0) continue;
            if (best is null || distance < best.Value.Distance) best = (p, last, distance);
        }
        return best is { } found ? (found.Pattern, found.Last) : null;
    }

    /// <summary>The end of the object window: a few words after the trigger, not past a coordinated clause ("and said")
    /// or a semicolon.</summary>
    private static int ClauseWindowEnd(TokenView v, int last, int end)
    {
        int limit = Math.Min(end, last + 1 + ObjectWindow);
        for (int j = last + 1; j < limit; j++)
        {
            if (v.Lower[j] == ";") return j;
            if (v.Lower[j] is "and" or "but" && j + 1 < end && v.Tagged && v.Pos(j + 1) is UPos.VERB or UPos.AUX) return j;
        }
        return limit;
    }

    /// <summary>"The United States imposed new sanctions": a past form after a noun phrase, tagged as an adjective, is the verb.</summary>
    private static bool PastVerbMistagged(TokenView v, int t, int first) =>
        v.Pos(t) == UPos.ADJ && v.Lower[t].EndsWith("ed", StringComparison.Ordinal) && t > first
        && v.Pos(t - 1) is UPos.PROPN or UPos.NOUN or UPos.PRON;

    private static bool KindFits(TriggerKind kind, UPos pos) => kind switch
    {
        TriggerKind.Verb => pos is UPos.VERB,
        TriggerKind.Noun => pos is UPos.NOUN or UPos.PROPN,
        _ => pos is UPos.ADJ or UPos.VERB,
    };

    private static int MatchFollowing(TokenView v, EventPattern p, int t, int end)
    {
        int k = t;
        foreach (var word in p.Following)
        {
            int limit = p.Kind == TriggerKind.Verb ? k + 3 : k + 2;
            int found = -1;
            for (int j = k + 1; j < Math.Min(end, limit); j++)
            {
                if (v.Lower[j] == word || Inflection.NounForms(word).Contains(v.Lower[j], StringComparer.Ordinal)) { found = j; break; }
                if (p.Kind != TriggerKind.Verb) break;
            }
            if (found < 0) return -1;
            k = found;
        }
        return k;
    }

    /// <summary>The first token in [from, to), trigger excluded, whose form or lemma is one of <paramref name="words"/>; -1 if none.</summary>
    private static int FirstIn(TokenView v, System.Collections.Frozen.FrozenSet<string> words, int from, int to, int triggerStart, int triggerEnd)
    {
        for (int j = from; j < to; j++)
        {
            if (j >= triggerStart && j <= triggerEnd) continue;
            // "at least seven missiles": a quantifier, not the preposition "at"
            if (v.Lower[j] == "at" && j + 1 < v.Lower.Length && v.Lower[j + 1] is "least" or "most") continue;
            if (words.Contains(v.Lower[j]) || words.Contains(v.Syntax.Lemmas[j].ToLowerInvariant())) return j;
        }
        return -1;
    }

    /// <summary>Where a matched trigger stands: the document view, its argument finder, the pattern, the trigger's first
    /// and last token, and its sentence (index, first token, end).</summary>
    private readonly record struct TriggerSite(TokenView V, EventArgumentFinder Finder, EventPattern Pattern, int T, int Last, int Sentence, int First, int End);

    /// <summary>Where the event happened: the parse's place, else a plausible place after the trigger, else (with
    /// <paramref name="deepKind"/>) a place deeper in the trigger's clause.</summary>
    private static Location? PlaceOf(in TriggerSite site, EventArguments args, TriggerKind? deepKind) =>
        args.Location ?? (LocationAfter(site.V, site.Last + 1, site.End) is { } after && site.Finder.PlausiblePlace(after) ? after : null)
        ?? (deepKind is { } kind ? site.Finder.DeepPlace(site.T, site.Last, kind) : null);

    private (Event Event, List<ActorRef> Sources)? Build(TriggerSite site, HashSet<int> codedTriggers, ImmutableArray<Statement> statements,
        ImmutableArray<Event>.Builder earlier)
    {
        var (v, finder, pattern, t, last, _, first, end) = site;
        // the parse first (EventArgumentFinder), the token patterns where it finds nothing
        var args = finder.Find(t, last, pattern.Kind);
        // "condemned the attack", "postponed the exercise": the noun is what the coded verb is about
        if (args.GoverningVerb >= first && args.GoverningVerb < t && codedTriggers.Contains(args.GoverningVerb)) return null;
        // "the right to peaceful protest": what a right allows is not an act that happened
        if (args.Entitlement) return null;
        // "the decision to withdraw troops": what a plan or demand intends is not an act that happened
        if (args.Intended) return null;
        bool passive = args.Passive || (pattern.Kind == TriggerKind.Verb && IsPassive(v, t, first));
        ActorRef? source = IsPlace(v, args.Source) ? null : args.Source, target = args.Target;
        List<ActorRef> sources;
        if (source is not null)
        {
            sources = [.. args.Sources];
        }
        else
        {
            if (passive)
            {
                source = AgentAfter(v, last + 1, end);
                target ??= Subject(v, t - 1, first);
            }
            else if (pattern.Kind == TriggerKind.Verb)
            {
                source = Subject(v, t - 1, first);
            }
            else
            {
                source = Possessor(v, t, first) ?? AgentAfter(v, last + 1, end);
                bool protest = catalog.Lookup(pattern.Code)?.Root == "14";
                // "the protests … have spread to five provinces", "demonstrations erupted in …": a protest under way
                // with no one named is one by the people of the place (the sentence's, else the document's country)
                if (source?.Code is null && protest && finder.OngoingVerbOf(last) is var ongoing and >= 0
                    && ProtestCountry(site, args) is { } country)
                {
                    // "fear that the protests will spread": what the verb of spreading tells, not the noun
                    args = args with
                    {
                        Negated = args.Negated || finder.VerbNegated(ongoing),
                        Hypothetical = args.Hypothetical || finder.VerbHypothetical(ongoing),
                    };
                    int ps = v.NounPhraseStartLeft(last, first, withPrepositions: false);
                    int from = ps >= 0 && ps <= t ? ps : t;
                    source = new ActorRef(v.Slice(from, last), v.Start(from), v.End(last)) { Code = country + "CVL" };
                    return BuildWith(site, statements, earlier, args, source, [source], args.Target);
                }
                source ??= GoverningSubject(v, t, first);
                // "NAIROBI — The demonstrations were peaceful": the dateline's city (its government) is not who protests
                if (source is not null && v.Entities.InDateline(source.Start, source.End) && protest) source = null;
            }
            // a city ("BASRA, Iraq — Security forces …") is where things happen, not who does them
            if (source is null || source.Code is null || IsPlace(v, source)) return null;
            sources = CoordinatedSources(v, source, first);
            // the last conjunct speaks for itself: "Ethiopia and Kenya" → Kenya
            sources.Add(sources.Count > 0 && v.Entities.MentionsWithin(source.Start, source.End).LastOrDefault(m => m.ActorId == source.Actor) is { } head
                ? v.Entities.ToRef(head) : source);
        }
        return BuildWith(site, statements, earlier, args, source, sources, target);
    }

    private (Event Event, List<ActorRef> Sources)? BuildWith(in TriggerSite site, ImmutableArray<Statement> statements, ImmutableArray<Event>.Builder earlier,
        EventArguments args, ActorRef source, List<ActorRef> sources, ActorRef? target)
    {
        var (v, finder, pattern, t, last, sentence, first, end) = site;
        if (target is not null && (target.Actor == source.Actor && target.Actor is not null)) target = null;
        target ??= TargetAfter(v, last + 1, end, source, pattern.Kind != TriggerKind.Verb);
        // the source's own forces ("withdrew its troops"), a place ("signed … in Washington"): no target
        if (target is not null && !finder.PlausibleTarget(target, source)) target = null;
        var code = catalog.Lookup(pattern.Code)!;
        // a city is where the event happened, not a party to it, except that an attack on it is an attack on its
        // country (the city's code is its country's: "shelled Kharkiv" targets UKR)
        if (IsPlace(v, target) && !(code.Root is "18" or "19" or "20")) target = null;

        int cs = v.Start(t), ce = v.End(last);
        // "the United States remained ready to resume talks": an intent to talk or cooperate with no one named concerns
        // the country the text is about, when that is another country than the source's
        if (target is null && code.Root is "03") target = CentralForeign(v, source, t);
        // "Russia would respond", "Beijing vowed to retaliate": a threat with no one named answers whoever last acted
        // against the source's country in the text before (the expelling or sanctioning country)
        if (target is null && code.Root is "13") target = LastActorAgainst(earlier, source);
        // "Moscow rejected the accusations", "Beijing might retaliate": otherwise a rejection or threat with no one
        // named answers the foreign party mentioned last before it, in its sentence or the one before
        if (target is null && code.Root is "12" or "13")
            target = LastForeignBefore(v, source, sentence > 0 ? v.Tokens.Sentences[sentence - 1].FirstToken : first, t);
        var statement = statements.Where(st => st.Content.Spans.Any(sp => sp[0] <= cs && sp[1] >= ce)).MinBy(st => st.Content.Text.Length);
        // "'… the Americans asked to hold talks,' the Iranian official said": a request or offer with no one named,
        // told by a party of another country, was made to that party
        if (target is null && code.Root is "02" or "03" && statement?.Speaker is { Code: not null } speaker && source.Code is not null
            && !SameCountry(speaker, source))
            target = speaker;
        bool negated = args.Negated || Negated(v, t, first);
        string status = negated ? EventStatus.Denied
            : args.Hypothetical || Hypothetical(v, t, first) ? EventStatus.Hypothetical
            : statement is null ? EventStatus.Reported
            : statement.Stance == Stance.Deny ? EventStatus.Denied
            // "China said it firmly opposes …": a speaker's own verbal act, told in its own statement, is the act itself
            : code.QuadClass is 1 or 3 && SameParty(statement.Speaker, source) ? EventStatus.Reported
            : EventStatus.Claimed;
        var location = PlaceOf(site, args, code.Root is "14" or "15" or "17" or "18" or "19" or "20" ? pattern.Kind : null);
        // an attack on a place with no actor named is an attack on the place's country: "shelled a market in Yemen"
        if (target is null && code.Root is "18" or "19" or "20" && location?.Country is { } country)
            target = new ActorRef(location.Text, location.Start, location.End)
            {
                Actor = v.Entities.Entities.FirstOrDefault(e => e.Start == location.Start && e.End == location.End)?.Actor,
                Code = country,
            };

        var ev = new Event
        {
            Id = "e" + (earlier.Count + 1).ToString(CultureInfo.InvariantCulture),
            Source = source,
            Target = target,
            Cameo = code.Code,
            Root = code.Root,
            Plover = code.PloverType,
            Goldstein = code.Goldstein,
            QuadClass = code.QuadClass,
            Trigger = new Span(v.Text[cs..ce], cs, ce),
            Date = DateFor(v, finder, first, end, t, last, pattern.Kind) ?? v.Entities.DocumentDate,
            Location = location,
            Negated = negated,
            Status = status,
            Statement = statement?.Id,
            Quantity = finder.HasParse ? args.Quantity : QuantityNear(v, t, last, first, end),
            Sentence = sentence,
        };
        return (ev, sources);
    }

    /// <summary>The country of the people protesting where no one is named: the country of the place the sentence puts
    /// the protest in (its location, else any place or country named in the sentence), else the document's country
    /// (<see cref="EntityLayer.MainCountry"/>); null when there is none.</summary>
    private static string? ProtestCountry(in TriggerSite site, EventArguments args)
    {
        var (v, first, end) = (site.V, site.First, site.End);
        if (PlaceOf(site, args, TriggerKind.Noun)?.Country is { Length: 3 } c) return c;
        foreach (var m in v.Entities.MentionsWithin(v.Start(first), v.End(end - 1)))
        {
            if (v.Entities.InDateline(m.Start, m.End) || v.Entities.ActorById(m.ActorId) is not { } a) continue;
            if (m.Kind == MentionKind.Place || a.Kind == ActorKind.Country) return EventArgumentFinder.CountryOf(a);
        }
        return v.Entities.MainCountry;
    }

    /// <summary>Actors coordinated before a source phrase: "Ukraine and Russia", "France, Germany and Italy".</summary>
    private static List<ActorRef> CoordinatedSources(TokenView v, ActorRef source, int first)
    {
        var result = new List<ActorRef>();
        // inside the phrase: "Ukraine and Russia" read as one name
        foreach (var m in v.Entities.MentionsWithin(source.Start, source.End))
        {
            if (m.ActorId == source.Actor) continue;
            // "the US commander in Iraq, General …": a place or party introduced by a preposition is no conjunct
            int before = v.Tokens.TokenAtOrAfter(m.Start) - 1;
            if (before >= v.Tokens.TokenAtOrAfter(source.Start) && v.Tagged && v.Pos(before) == UPos.ADP) continue;
            int after = v.Tokens.TokenAtOrAfter(m.End);
            if (after < v.Tokens.TokenCount && v.Lower[after] is "and" or ",") result.Add(v.Entities.ToRef(m));
        }
        // before the phrase: "France, Germany and Italy" — the separator next to the source must be "and"
        int k = v.Tokens.TokenAtOrAfter(source.Start) - 1;
        if (k < first || v.Lower[k] != "and") return result;
        while (k - 1 >= first && v.Lower[k] is "and" or "," && (result.Count == 0 || v.Lower[k] == ","))
        {
            int end = k - 1;
            int start = v.NounPhraseStartLeft(end, first, withPrepositions: false);
            if (start < 0) break;
            var r = Ref(v, start, end);
            if (r?.Code is null) break;
            result.Insert(0, r);
            k = start - 1;
            if (k < first || v.Lower[k] is not ("," or "and")) break;
        }
        return result;
    }

    private static bool IsPassive(TokenView v, int t, int first)
    {
        if (!(v.Lower[t].EndsWith("ed", StringComparison.Ordinal) || v.Syntax.Xpos[t] == "VBN")) return false;
        for (int k = t - 1; k >= Math.Max(first, t - 3); k--)
        {
            if (v.Lower[k] is "was" or "were" or "been" or "being" or "is" or "are" or "be" or "got") return true;
            if (!v.IsSkippable(k)) return false;
        }
        return false;
    }

    /// <summary>The subject left of a verb, past auxiliaries, adverbs, dates, "to"-infinitive chains and an appositive.</summary>
    private static ActorRef? Subject(TokenView v, int k, int first)
    {
        for (int guard = 0; guard < 4 && k >= first; guard++)
        {
            while (k >= first && (v.IsSkippable(k) || v.Lower[k] is "\u2026" or "..." or "more" or "than" or "further" || v.InDate(k)
                || (v.Lower[k] is "in" or "on" or "at" or "since" or "during" or "last" or "earlier" && k + 1 < v.Tokens.TokenCount && v.InDate(k + 1))))
                k--;
            if (k < first) return null;
            if (v.Lower[k] == "to" && k - 1 >= first)
            {
                // "tried to establish", "would like to meet": the subject of the governing verb
                k -= 2;
                continue;
            }
            if (v.Lower[k] == ",")
            {
                int open = -1;
                for (int j = k - 1; j >= first; j--)
                    if (v.Lower[j] == ",") { open = j; break; }
                if (open < 0) return null;
                k = open - 1;
                continue;
            }
            if (v.Lower[k] is "who" or "which" or "that" && k - 1 >= first)
            {
                // relative clause: "the Houthis, who staged …" → the noun it modifies
                k--;
                while (k >= first && (v.Lower[k] == "," || v.IsQuoteMark(k))) k--;
            }
            break;
        }
        if (k < first) return null;
        int start = v.NounPhraseStartLeft(k, first);
        if (start < 0) return null;
        return Ref(v, start, k);
    }

    private static ActorRef? Possessor(TokenView v, int t, int first)
    {
        for (int k = t - 1; k >= Math.Max(first, t - 5); k--)
        {
            if (v.Lower[k] is "'s" or "\u2019s" or "'" or "\u2019")
            {
                int start = v.NounPhraseStartLeft(k - 1, first);
                return start < 0 ? null : Ref(v, start, k - 1);
            }
            if (!v.IsNounPhraseWord(k) && v.Lower[k] is not ("-" or "\u2013")) return null;
        }
        return null;
    }

    private static ActorRef? AgentAfter(TokenView v, int from, int end)
    {
        for (int k = from; k < Math.Min(end, from + 6); k++)
        {
            if (v.Lower[k] != "by") continue;
            int e = v.NounPhraseEndRight(k + 1, end - 1);
            return e < 0 ? null : Ref(v, k + 1, e);
        }
        return null;
    }

    /// <summary>For an event noun: the subject of the nearest verb on its left when the noun is that verb's object
    /// ("Pompeo embarked on a tour"), else the nearest actor on its left with no verb in between.</summary>
    private static ActorRef? GoverningSubject(TokenView v, int t, int first)
    {
        for (int k = t - 1; k >= first; k--)
        {
            bool verb = v.Tagged ? v.Pos(k) == UPos.VERB : v.Lower[k].EndsWith("ed", StringComparison.Ordinal);
            if (!verb) continue;
            // only determiners, adjectives, numbers and one preposition may stand between verb and noun
            for (int j = k + 1; j < t; j++)
                if (v.Tagged && v.Pos(j) is not (UPos.DET or UPos.ADJ or UPos.NUM or UPos.ADP or UPos.NOUN or UPos.PROPN or UPos.PUNCT)) return null;
            // "accused Iran of an attack", "blamed Hamas for the attack": with an actor between them (the verb's object,
            // followed by the preposition that introduces the noun), the noun is not the verb's subject's own act
            foreach (var m in v.Entities.MentionsWithin(v.End(k), v.Start(t)))
                if (m.Kind is not (MentionKind.Place or MentionKind.Demonym) && v.Tokens.TokenAtOrAfter(m.End) is var after
                    && after < t && v.Tagged && v.Pos(after) == UPos.ADP) return null;
            if (k - 1 >= first && v.Lower[k - 1] == "to") return null; // "used to plan the attack": not the subject's own act
            if (IsPassive(v, k, first)) return null;
            var s = Subject(v, k - 1, first);
            return s?.Code is not null ? s : null;
        }
        // no verb before the noun: the nearest actor on its left that is not inside a prepositional phrase
        for (int k = t - 1; k >= Math.Max(first, t - 8); k--)
        {
            var m = v.Entities.MentionOverlapping(v.Start(k), v.End(k));
            if (m is null) continue;
            int before = v.Tokens.TokenAtOrAfter(m.Start) - 1;
            // "NAIROBI (Reuters) - The demonstrations …": the news agency of the dateline reports, it did not act
            if (v.Entities.InDateline(m.Start, m.End) && v.Entities.ActorById(m.ActorId)?.Kind == ActorKind.Organization) continue;
            if (before >= first && v.Syntax.Upos[before] == UPos.ADP) continue;
            return v.Entities.ToRef(m);
        }
        return null;
    }

    private static readonly HashSet<string> TargetPrepositions = new(StringComparer.Ordinal)
    {
        "on", "against", "with", "to", "at", "toward", "towards", "into", "from", "over", "upon",
    };

    /// <summary>The target: the verb's object (an actor in the first noun phrase after it) or an actor introduced by a
    /// preposition of the trigger's clause ("penalties on the Islamic Republic", "talks with Iran").</summary>
    private static ActorRef? TargetAfter(TokenView v, int from, int end, ActorRef source, bool nominal)
    {
        bool afterPreposition = false;
        for (int k = from; k < Math.Min(end, from + 10); k++)
        {
            var w = v.Lower[k];
            if (w is ";" or "by" or "," or "that" or "who" or "which" or "because" or "while" or "after" or "before") break;
            if (TargetPrepositions.Contains(w)) { afterPreposition = true; continue; }
            if (v.Tagged && v.Pos(k) == UPos.ADP) { afterPreposition = false; continue; }
            if (v.Tagged && v.Pos(k) == UPos.VERB && k > from && v.Lower[k - 1] != "to") break; // "threatened to impose sanctions on X" goes on
            var m = v.Entities.MentionOverlapping(v.Start(k), v.End(k));
            // the source itself ("his" for the minister who met) is no target
            if (m is not null && source.Actor is not null && m.ActorId == source.Actor) continue;
            if (m is null && (afterPreposition || (!nominal && k <= from + 3)) && NationalAt(v, k) is { } national) return national;
            if (m is null || m.Start < v.Start(from) || (m.Start == source.Start && m.End == source.End)) continue;
            if (nominal && !afterPreposition) continue;
            if (!nominal && !afterPreposition && k > from + 5) continue;
            var candidate = v.Entities.ToRef(m);
            // "Peru recalled its ambassador to Mexico": an actor of the source's own country yields to a foreign one nearby
            if (SameCountry(candidate, source) && ForeignAfter(v, m.End, Math.Min(end, from + 10), source) is { } foreign) return foreign;
            return candidate;
        }
        return null;
    }

    /// <summary>The coded actor mentioned last before token <paramref name="t"/> (from token <paramref name="from"/>)
    /// that is of another country than the source and not a place; null if none.</summary>
    private static ActorRef? LastForeignBefore(TokenView v, ActorRef source, int from, int t)
    {
        int lo = v.Start(from), hi = v.Start(t);
        ActorMention? best = null;
        foreach (var m in v.Entities.MentionsWithin(lo, hi))
        {
            var r = v.Entities.ToRef(m);
            if (r.Code is null || (source.Actor is not null && m.ActorId == source.Actor) || SameCountry(r, source)) continue;
            if (r.Start < source.End && r.End > source.Start) continue;
            // a place ("flew over the island of Lesbos") neither accuses nor threatens: the party is someone else
            if (m.Kind == MentionKind.Place) continue;
            best = m;
        }
        return best is null ? null : v.Entities.ToRef(best);
    }

    /// <summary>The latest mention before <paramref name="t"/> of the country mentioned most in the text, when that is
    /// not <paramref name="source"/>'s country and is mentioned at least three times and more often than any other
    /// country but the source's; else null.</summary>
    private static ActorRef? CentralForeign(TokenView v, ActorRef source, int t)
    {
        if (source.Code is not { Length: >= 3 } sc) return null;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in v.Entities.Mentions)
        {
            // a mention counts for its actor's country when its own code (if any) is of that country
            if (m.Kind == MentionKind.Pronoun || v.Entities.ActorById(m.ActorId)?.Country is not { } country) continue;
            if ((m.Code ?? country) is not { Length: >= 3 } c || country != c[..3]) continue;
            counts[country] = counts.GetValueOrDefault(country) + 1;
        }
        counts.Remove(sc[..3]);
        string? best = null;
        int top = 0, second = 0;
        foreach (var (c, k) in counts)
        {
            if (k > top) { second = top; top = k; best = c; }
            else if (k > second) second = k;
        }
        if (best is null || top < 3 || top == second) return null;
        // the country itself ("North Korea", "Pyongyang") before any of its institutions
        ActorMention? last = null, lastCountry = null;
        int at = v.Start(t);
        foreach (var m in v.Entities.Mentions)
        {
            if (m.Start >= at) break;
            if (m.Kind == MentionKind.Pronoun || v.Entities.ActorById(m.ActorId) is not { } a || a.Country != best) continue;
            last = m;
            if (a.Kind == ActorKind.Country) lastCountry = m;
        }
        return (lastCountry ?? last) is { } found ? v.Entities.ToRef(found) : null;
    }

    /// <summary>The source of the latest earlier event that a foreign actor did to <paramref name="source"/>'s country
    /// (not a threat itself, and not one it merely reports as denied or hypothetical), or null.</summary>
    private static ActorRef? LastActorAgainst(ImmutableArray<Event>.Builder earlier, ActorRef source)
    {
        for (int k = earlier.Count - 1; k >= 0; k--)
        {
            var e = earlier[k];
            if (e.Target is not { } target || !SameCountry(target, source) || SameCountry(e.Source, source)) continue;
            if (e.Root is "13" || e.Status is EventStatus.Denied or EventStatus.Hypothetical) continue;
            return e.Source;
        }
        return null;
    }

    private static bool SameParty(ActorRef speaker, ActorRef source) =>
        (speaker.Actor is not null && speaker.Actor == source.Actor) || SameCountry(speaker, source);

    internal static bool SameCountry(ActorRef a, ActorRef b) =>
        a.Code is { Length: >= 3 } ca && b.Code is { Length: >= 3 } cb && string.Equals(ca[..3], cb[..3], StringComparison.Ordinal);

    private static ActorRef? ForeignAfter(TokenView v, int fromChar, int endToken, ActorRef source)
    {
        for (int k = v.Tokens.TokenAtOrAfter(fromChar); k < endToken; k++)
        {
            if (v.Lower[k] is ";" or "," or "that" or "who" or "which") break;
            var m = v.Entities.MentionOverlapping(v.Start(k), v.End(k));
            if (m is null) continue;
            var r = v.Entities.ToRef(m);
            if (r.Code is not null && !SameCountry(r, source)) return r;
        }
        return null;
    }

    /// <summary>A country or demonym entity that names no actor mention of its own: "tariffs on Chinese steel" → CHN.</summary>
    internal static ActorRef? NationalAt(TokenView v, int k)
    {
        foreach (var e in v.Entities.Entities)
        {
            if (e.Start > v.Start(k)) break;
            if (e.Type is not ("NORP" or "GPE") || e.End < v.End(k)) continue;
            var code = v.Entities.ActorById(e.Actor)?.Code ?? CountryOfDemonym(e.Text);
            if (code is not null) return new ActorRef(e.Text, e.Start, e.End) { Actor = e.Actor, Code = code };
        }
        return null;
    }

    /// <summary>The country code the actor dictionary gives a demonym or country name ("Chinese" → CHN).</summary>
    private static string? CountryOfDemonym(string demonym)
    {
        foreach (var entry in ActorDictionary.LoadDefault().Lookup(demonym))
            if (entry.CountryPart is { } country) return country;
        return null;
    }

    private static ActorRef? Ref(TokenView v, int start, int end)
    {
        var m = v.MentionFor(start, end);
        if (m is null) return null;
        return new ActorRef(v.Slice(start, end), v.Start(start), v.End(end))
        {
            Actor = m.ActorId,
            Code = m.Code ?? v.Entities.ActorById(m.ActorId)?.Code,
        };
    }

    private static bool Negated(TokenView v, int t, int first)
    {
        for (int k = t - 1; k >= Math.Max(first, t - 3); k--)
        {
            if (Negations.Contains(v.Lower[k])) return true;
            if (!v.IsSkippable(k)) break;
        }
        return false;
    }

    private static bool Hypothetical(TokenView v, int t, int first)
    {
        for (int k = t - 1; k >= Math.Max(first, t - 4); k--)
        {
            if (Modals.Contains(v.Lower[k])) return true;
            if (v.Lower[k] == "to" && k - 1 >= first && IntentVerbs.Contains(v.Lower[k - 1])) return true;
            if (v.Lower[k] == "to" && k - 2 >= first && IntentVerbs.Contains(v.Lower[k - 2])) return true;
            if (!v.IsSkippable(k) && v.Lower[k] != "to") break;
        }
        for (int k = first; k < t; k++)
            if (v.Lower[k] is "if" or "unless") return true;
        return false;
    }

    private static string? DateFor(TokenView v, EventArgumentFinder finder, int first, int end, int t, int last, TriggerKind kind)
    {
        int from = v.Start(first), to = v.End(end - 1), at = v.Start(t);
        EntityMention? best = null;
        int bestRank = 0;
        foreach (var e in v.Entities.Entities)
        {
            if (e.Type != "DATE" || e.Value is null || e.Start < from || e.End > to) continue;
            // the dateline's date ("NAIROBI, March 3, 2024 — police arrested … on Tuesday") dates the report, not the event;
            // the document date stands in for it when nothing else dates the event
            if (v.Entities.InDateline(e.Start, e.End)) continue;
            // ranked: a date in the trigger's own clause by the parse ("… it had reached … in December") before a nearer
            // one of another clause, and a date right after a verb of saying before the trigger ("said last week it
            // had reached …") last, as it dates the saying
            int d = v.Tokens.TokenAtOrAfter(e.Start);
            int rank = e.Start < at && DatesSaying(v, d, first) ? 0
                : finder.InClauseOf(d, kind == TriggerKind.Noun ? last : t) ? 2 : 1;
            if (best is null || rank > bestRank || (rank == bestRank && Distance(e.Start, at) < Distance(best.Start, at)))
            {
                best = e;
                bestRank = rank;
            }
        }
        return best?.Value is { } value && PartialDate.IsValid(value) ? value : null;
    }

    /// <summary>The date starting at token <paramref name="d"/> follows a verb of saying, past a preposition
    /// ("said on Tuesday", "told reporters last week" is not caught, "announced in May").</summary>
    private static bool DatesSaying(TokenView v, int d, int first)
    {
        int k = d - 1;
        if (k >= first && v.Lower[k] is "on" or "in" or "at") k--;
        return k >= first && ReportingVerbs.At(v, k);
    }

    private static bool IsPlace(TokenView v, ActorRef? r) =>
        r is not null && v.Entities.MentionOverlapping(r.Start, r.End) is { Kind: MentionKind.Place } m && m.ActorId == r.Actor;

    /// <summary>Dates before the trigger ("the U.S. in November slapped") usually belong to it; later ones count double.</summary>
    private static int Distance(int date, int trigger) => date <= trigger ? trigger - date : 2 * (date - trigger);

    private static Location? LocationAfter(TokenView v, int from, int end)
    {
        for (int k = from; k + 1 < Math.Min(end, from + 12); k++)
        {
            if (v.Lower[k] is not ("in" or "near" or "at" or "outside" or "across")) continue;
            foreach (var e in v.Entities.Entities)
            {
                if (e.Type is not ("GPE" or "LOC" or "FAC") || e.Start < v.End(k) || e.Start > v.End(k) + 20) continue;
                var actor = v.Entities.ActorById(e.Actor);
                return new Location(e.Text, e.Start, e.End) { Country = EventArgumentFinder.CountryOf(actor) };
            }
        }
        return null;
    }

    private static Quantity? QuantityNear(TokenView v, int t, int last, int first, int end)
    {
        for (int k = Math.Max(first, t - 6); k < Math.Min(end, last + ObjectWindow); k++)
        {
            if (k >= t && k <= last) continue;
            double value;
            var w = v.Lower[k].Replace(",", "", StringComparison.Ordinal);
            if (!double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                if (!NumberWords.TryGetValue(w, out var n)) continue;
                value = n;
            }
            if (k > first && v.Lower[k - 1] is "in" or "since" or "on") continue; // years and days
            if (value is >= 1900 and <= 2100 && !w.Contains('.', StringComparison.Ordinal)) continue;
            for (int j = k + 1; j < Math.Min(end, k + 5); j++)
            {
                bool noun = v.Tagged ? v.Pos(j) == UPos.NOUN : v.Lower[j].Length > 2 && char.IsLower(v.Tokens.TokenSpan(j)[0]);
                if (noun && !(j + 1 < end && v.Tagged && v.Pos(j + 1) == UPos.NOUN)) return new Quantity(value, v.Lower[j]);
            }
        }
        return null;
    }
}
