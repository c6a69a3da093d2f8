using System.Collections.Immutable;
using System.Globalization;
using Attest.Attribution;
using Attest.Entities;
using Attest.Model;
using Attest.Syntax;

namespace Attest.Events;

/// <summary>
/// What the dependency parse says about one event trigger: who did it (<see cref="Sources"/>, first conjunct first),
/// to whom (<see cref="Target"/>), whether the trigger is passive, negated or hypothetical, where it happened and how
/// many things it counted. Every field is null (or false, or empty) when the parse says nothing, so a caller can fall
/// back to its own heuristics field by field.
/// </summary>
public sealed record EventArguments
{
    /// <summary>The source actors: the subject (or passive agent, controller, antecedent, shared subject) and the
    /// actors coordinated with it ("France and Germany condemned …"), in text order. Only actors with a code.</summary>
    public ImmutableArray<ActorRef> Sources { get; init; } = [];

    /// <summary>The first source, or null.</summary>
    public ActorRef? Source => Sources.IsDefaultOrEmpty ? null : Sources[0];

    /// <summary>The target actor (object, passive subject, prepositional object, nominal complement), or null.</summary>
    public ActorRef? Target { get; init; }

    /// <summary>The trigger is a passive verb ("was attacked by …") or a passive participle ("troops stationed in …").</summary>
    public bool Passive { get; init; }

    /// <summary>The trigger (or the verb that governs a nominal trigger) carries "not", "n't", "never", or the trigger
    /// noun the determiner "no".</summary>
    public bool Negated { get; init; }

    /// <summary>The trigger carries a modal auxiliary, stands under "if"/"unless", or is the complement of an intent
    /// verb or adjective ("threatened to …", "plans to …", "ready to …").</summary>
    public bool Hypothetical { get; init; }

    /// <summary>For a nominal trigger whose source was borrowed from the verb it is the object of ("Pompeo embarked on
    /// a tour"), that verb's token; -1 otherwise. A coder that coded the verb itself ("condemned the attack") can drop
    /// the noun, which names what the verb's event is about, not a second act of the verb's subject.</summary>
    public int GoverningVerb { get; init; } = -1;

    /// <summary>The trigger noun is what a right or freedom allows ("the right to peaceful protest", "freedom of
    /// assembly"), whether the parse hangs it from that noun or from the verb of which that noun is the object: it
    /// names what may be done, not an act that was done.</summary>
    public bool Entitlement { get; init; }

    /// <summary>The trigger verb is the content of a noun of intent or demand, as its "to" infinitive ("the decision to
    /// withdraw troops", "a plan to raise tariffs", "calls to release him"): the phrase names the plan, not an act that
    /// happened, and the plan's own statement, if any, is coded from the verb that makes it.</summary>
    public bool Intended { get; init; }

    /// <summary>A place mention governed by the trigger through "in", "near", "at", "outside", "across", …</summary>
    public Location? Location { get; init; }

    /// <summary>A count attached to the trigger's object, passive subject or the trigger noun itself
    /// ("fired two missiles", "14 people were killed").</summary>
    public Quantity? Quantity { get; init; }
}

/// <summary>
/// Finds the arguments of event triggers in a dependency parse (UD relations): the source through <c>nsubj</c>, the
/// <c>obl:agent</c> "by X" of passives, the controller of an <c>xcomp</c> ("Iran tried to establish …"; "urged Syria to
/// …" gives the object), the antecedent of a relative clause, the shared subject of coordinated verbs and the
/// possessor, demonym or governing verb of a nominal trigger; the target through <c>iobj</c>/<c>obj</c>, the passive
/// subject, <c>obl</c> with a target preposition (on, against, with, to, at, into, toward, over, from, upon) and the
/// <c>nmod</c> of event nouns ("sanctions on Iran", "Russia's invasion of Ukraine"); coordinated sources
/// ("X and Y met" gives both); places and quantities under the trigger; negation and modality.
/// </summary>
/// <remarks>
/// Reusable by any coder: build one finder per document (it indexes the tree once) and call <see cref="Find"/> with a
/// trigger's token range. It reads only the syntax and entity layers and is immutable after construction, so it is
/// safe to share between threads. When the syntax layer carries no parse (<see cref="HasParse"/> false) every result
/// is empty. Token indexes are document token indexes, as in <see cref="SyntaxLayer"/>.
/// </remarks>
public sealed class EventArgumentFinder
{
    private static readonly HashSet<string> TargetCases = new(StringComparer.Ordinal)
    {
        "on", "against", "with", "to", "at", "toward", "towards", "into", "over", "upon", "from", "onto",
    };
    private static readonly HashSet<string> NounTargetCases = new(StringComparer.Ordinal)
    {
        "on", "against", "with", "to", "at", "toward", "towards", "into", "over", "upon", "of", "onto",
    };
    private static readonly HashSet<string> PlaceCases = new(StringComparer.Ordinal)
    {
        "in", "near", "at", "outside", "across", "inside", "around", "off", "throughout", "along",
    };
    private static readonly HashSet<string> Modals = new(StringComparer.Ordinal)
    {
        "would", "could", "might", "may", "will", "shall", "'ll", "should", "wo",
    };
    private static readonly HashSet<string> IntentLemmas = new(StringComparer.Ordinal)
    {
        "threaten", "plan", "intend", "want", "seek", "aim", "hope", "propose", "offer", "vow", "pledge", "promise",
        "consider", "prepare", "expect", "ready", "willing", "likely", "prepared", "able", "poised", "set", "decide",
        "agree", "try", "attempt", "wish", "mull", "weigh", "plot",
    };
    private static readonly HashSet<string> TimeUnits = new(StringComparer.Ordinal)
    {
        "second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "time", "percent", "%",
    };
    private static readonly Dictionary<string, double> NumberWords = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["dozen"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80,
        ["ninety"] = 90, ["hundred"] = 100, ["thousand"] = 1000, ["million"] = 1e6, ["billion"] = 1e9,
    };
    private static readonly Dictionary<string, double> Multipliers = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["thousand"] = 1000, ["million"] = 1e6, ["billion"] = 1e9,
    };

    private readonly TokenView v;
    private readonly int[] childStart;
    private readonly int[] children;

    /// <summary>Indexes the dependency tree of one document.</summary>
    public EventArgumentFinder(SyntaxLayer syntax, EntityLayer entities)
        : this(new TokenView(syntax, entities))
    {
    }

    internal EventArgumentFinder(TokenView view)
    {
        v = view;
        var heads = view.Syntax.Heads;
        int n = heads.Length;
        HasParse = view.Syntax.HasParse && n > 0;
        childStart = new int[n + 1];
        children = new int[n];
        if (!HasParse) return;
        for (int i = 0; i < n; i++)
            if (heads[i] >= 0 && heads[i] < n) childStart[heads[i] + 1]++;
        for (int i = 0; i < n; i++) childStart[i + 1] += childStart[i];
        var fill = new int[n];
        for (int i = 0; i < n; i++)
        {
            int h = heads[i];
            if (h < 0 || h >= n) continue;
            children[childStart[h] + fill[h]++] = i; // children stay in token order
        }
    }

    /// <summary>True when the syntax layer carries a dependency parse.</summary>
    public bool HasParse { get; }

    /// <summary>
    /// The arguments of the trigger spanning tokens <paramref name="first"/>..<paramref name="last"/> (inclusive):
    /// the head is <paramref name="first"/> for verbs and adjectives ("break off", "ready"), <paramref name="last"/>
    /// for nouns ("missile tests").
    /// </summary>
    public EventArguments Find(int first, int last, TriggerKind kind)
    {
        if (!HasParse || first < 0 || last >= v.Syntax.Heads.Length || last < first) return new EventArguments();
        int head = kind == TriggerKind.Noun ? last : first;
        if (kind == TriggerKind.Adjective && StrandedAdjectiveGovernor(head) is var governor and >= 0) head = governor;
        if (kind == TriggerKind.Verb && MisreadConjunctVerb(head) is var coordinated and >= 0) return FindForMisreadConjunct(head, coordinated);
        bool passive = kind != TriggerKind.Noun && IsPassive(head);
        ActorRef? nominalSource = null;
        int governing = -1;
        var sourceHead = kind == TriggerKind.Noun ? NounSource(head, out nominalSource, out governing) : ClauseSource(head, passive);
        var sources = ImmutableArray.CreateBuilder<ActorRef>();
        if (sourceHead >= 0)
        {
            // a source read as a later conjunct stands for the whole coordination: "South Korea and the United States"
            if (Rel(sourceHead) == "conj" && HeadOf(sourceHead) is var ch and >= 0 && ch < sourceHead && !IsVerbal(ch)) sourceHead = ch;
            AddActor(sources, sourceHead);
            foreach (int c in Children(sourceHead))
                if (Rel(c) == "conj" && !SplitPhrase(sourceHead, c)) AddActor(sources, c);
            // "Spain and Portugal signed …" parsed with both as nsubj of the verb: the later subjects are conjuncts
            foreach (int c in CoordinatedSiblings(sourceHead))
            {
                AddActor(sources, c);
                foreach (int cc in Children(c))
                    if (Rel(cc) == "conj") AddActor(sources, cc);
            }
        }
        else if (nominalSource is not null) sources.Add(nominalSource);
        var source = sources.Count > 0 ? sources[0] : null;
        var target = kind == TriggerKind.Noun ? NounTarget(head, source) : VerbTarget(head, passive, source, 0);
        return new EventArguments
        {
            Sources = sources.ToImmutable(),
            Target = target,
            Passive = passive,
            GoverningVerb = governing,
            Entitlement = kind == TriggerKind.Noun && IsEntitlement(head),
            Intended = kind != TriggerKind.Noun && IntentInfinitive(head),
            Negated = kind == TriggerKind.Noun ? NounNegated(head) : Negated(head),
            Hypothetical = kind == TriggerKind.Noun ? NounHypothetical(head) : Hypothetical(head, 0),
            Location = PlaceUnder(head, kind),
            Quantity = QuantityOf(head, kind, passive),
        };
    }

    /// <summary>
    /// False when the parse shows that a target found by any means is not one: a phrase of the source's own country
    /// owned by a pronoun ("withdrew its troops") or used as a modifier ("postponed the military exercises"), or a place
    /// named after "in", "near", "at", … ("signed the deal in Washington"), which is where the event happened. True
    /// when the parse has nothing to say.
    /// </summary>
    public bool PlausibleTarget(ActorRef target, ActorRef source)
    {
        if (!HasParse) return true;
        int first = v.Tokens.TokenAtOrAfter(target.Start), end = v.Tokens.TokenAtOrAfter(target.End);
        if (first >= end || end > v.Lower.Length) return true;
        // the head: the token of the range whose head lies outside it
        int head = -1;
        for (int k = first; k < end; k++)
        {
            int h = HeadOf(k);
            if (h < first || h >= end) head = k; // the last such token: "the military" before "exercises" → military
        }
        if (head < 0) return true;
        bool same = PatternEventCoder.SameCountry(target, source);
        int governor = HeadOf(head);
        if (same)
        {
            if (Rel(head) is "amod" or "compound" && governor >= 0 && v.Pos(governor) == UPos.NOUN
                && v.Entities.MentionOverlapping(v.Start(governor), v.End(governor)) is null) return false;
            foreach (int c in Children(head))
                if (Rel(c) == "nmod:poss" && v.Pos(c) == UPos.PRON) return false;
        }
        if ((Rel(head).StartsWith("obl", StringComparison.Ordinal) || Rel(head).StartsWith("nmod", StringComparison.Ordinal))
            && CaseOf(head) is { } p && PlaceCases.Contains(p)
            && !(p == "at" && governor >= 0 && v.Pos(governor) == UPos.VERB && IsAimVerb(governor))
            && !(Rel(head) == "nmod" && governor >= 0 && OwnedByPronoun(governor))
            && !(Rel(head).StartsWith("obl", StringComparison.Ordinal) && governor >= 0 && PlaceOfOwnedObject(governor, head))) return false;
        return true;
    }

    /// <summary>False when the parse shows that a place found by any means is not where the event happened: its
    /// name is introduced by a preposition that does not place ("dialogue with Iran"). True when the parse has nothing
    /// to say.</summary>
    public bool PlausiblePlace(Location place)
    {
        if (!HasParse) return true;
        int first = v.Tokens.TokenAtOrAfter(place.Start), end = v.Tokens.TokenAtOrAfter(place.End);
        if (first >= end || end > v.Lower.Length) return true;
        // climb from the name to the head of its phrase ("the city of Basra" → city), then read its preposition
        int k = end - 1;
        for (int guard = 0; guard < 4 && k >= 0; guard++)
        {
            if (CaseOf(k) is { } p && p is not ("'s" or "\u2019s"))
            {
                if (p == "of" && HeadOf(k) >= 0 && CaseOf(HeadOf(k)) is { } outer) return PlaceCases.Contains(outer);
                return PlaceCases.Contains(p) || p == "of";
            }
            if (Rel(k) is not ("compound" or "flat" or "flat:name" or "nmod:poss") || HeadOf(k) < 0) return true;
            k = HeadOf(k);
        }
        return true;
    }

    /// <summary>"its embassy in Mexico": a noun the source owns, whose place is the other party.</summary>
    private bool OwnedByPronoun(int noun)
    {
        foreach (int c in Children(noun))
            if (Rel(c) == "nmod:poss" && v.Pos(c) == UPos.PRON) return true;
        return false;
    }

    /// <summary>
    /// "closed its embassy in Mexico" with "in Mexico" parsed under the verb: a place phrase <paramref name="obl"/> right
    /// after the verb's object, which a possessive pronoun says the source owns, names where that object is (the other
    /// party), as when the parse hangs it on the object (<see cref="OwnedByPronoun"/>). "signed the deal in Vienna" and a
    /// phrase apart from the object ("closed its embassy on Monday in Quito") stay places.
    /// </summary>
    private bool PlaceOfOwnedObject(int verb, int obl)
    {
        int o = Child(verb, "obj");
        if (o < 0 || o > obl || !OwnedByPronoun(o)) return false;
        foreach (int c in Children(obl))
            if (Rel(c) == "case") return c == Phrase(o).Hi + 1;
        return false;
    }

    /// <summary>
    /// "Turkey recalled its ambassador and imposed sanctions on Syria" parsed as "its ambassador and [imposed sanctions]":
    /// a past form right after the coordinator of a noun that is a conjunct of a finite verb's object or oblique, hung on
    /// that noun as a modifier, is the verb's coordinated predicate. Returns that finite verb, or -1.
    /// </summary>
    public int MisreadConjunctVerb(int t)
    {
        if (!HasParse || t < 1 || t >= v.Syntax.Heads.Length || Rel(t) != "amod" || !v.Lower[t].EndsWith("ed", StringComparison.Ordinal)
            || v.Pos(t - 1) != UPos.CCONJ) return -1;
        int noun = HeadOf(t);
        if (noun <= t || Rel(noun) != "conj" || HeadOf(t - 1) != noun || Rel(t - 1) != "cc") return -1;
        // only the noun's own modifiers between the past form and the noun: "imposed new sanctions"
        for (int k = t + 1; k < noun; k++)
            if (HeadOf(k) != noun || Rel(k) is not ("amod" or "compound" or "nummod")) return -1;
        int conjunct = HeadOf(noun);
        if (conjunct < 0 || conjunct >= t || !(Rel(conjunct) == "obj" || Rel(conjunct).StartsWith("obl", StringComparison.Ordinal))) return -1;
        int verb = HeadOf(conjunct);
        if (verb < 0 || v.Pos(verb) != UPos.VERB) return -1;
        return v.Syntax.Xpos[verb] is "VBD" or "VBZ" or "VBP" || (v.Syntax.Xpos[verb] is "VB" or "VBN" && ChildWithBase(verb, "aux") >= 0) ? verb : -1;
    }

    /// <summary>The arguments of the misread predicate <paramref name="t"/> (<see cref="MisreadConjunctVerb"/>): the
    /// coordinated verb's subject; its negation and modality only when that verb is a participle whose auxiliaries the
    /// past form shares ("had recalled … and imposed"), not after a finite verb or a bare infinitive ("could not persuade
    /// Peru and imposed …": a past tense of its own); as target, the noun it was hung on or that noun's complement
    /// ("sanctions on Syria", "diplomats from Russia").</summary>
    private EventArguments FindForMisreadConjunct(int t, int verb)
    {
        int noun = HeadOf(t);
        int sourceHead = ClauseSource(verb, IsPassive(verb));
        var sources = ImmutableArray.CreateBuilder<ActorRef>();
        if (sourceHead >= 0) AddActor(sources, sourceHead);
        var source = sources.Count > 0 ? sources[0] : null;
        // the noun stands for the verb's object, so its complements take the verb's prepositions ("from Russia")
        var target = (Actor(noun) is { Code: not null } own && !IsSource(own, source) ? own : null)
            ?? NominalTarget(noun, source, TargetCases) ?? Deep(noun, source);
        return new EventArguments
        {
            Sources = sources.ToImmutable(),
            Target = target,
            Negated = v.Syntax.Xpos[verb] == "VBN" && Negated(verb),
            Hypothetical = v.Syntax.Xpos[verb] == "VBN" && Hypothetical(verb, 0),
            Location = PlaceUnder(t, TriggerKind.Verb),
        };
    }

    /// <summary>
    /// "… but remained open to dialogue with Bolivia" parsed with "open" as a modifier (amod, advmod) of "dialogue"
    /// across that noun's own preposition: a modifier does not stand outside its noun's phrase, so the adjective is the
    /// predicate of the noun's governor, and that verb (or verbal predicate) carries its arguments. -1 when the parse is
    /// not of that shape.
    /// </summary>
    private int StrandedAdjectiveGovernor(int adjective)
    {
        if (v.Pos(adjective) != UPos.ADJ || Rel(adjective) is not ("amod" or "advmod")) return -1;
        int noun = HeadOf(adjective);
        if (noun <= adjective || HeadOf(noun) is not (var governor and >= 0) || !IsVerbal(governor)) return -1;
        foreach (int c in Children(noun))
            if (Rel(c) == "case" && c > adjective && c < noun) return governor;
        return -1;
    }

    /// <summary>Verbs whose "at" names what they aim at ("fired at", "shot at", "struck at"), not where.</summary>
    private bool IsAimVerb(int verb) => Lemma(verb) is "fire" or "shoot" or "strike" or "aim" or "hurl" or "throw" or "lash" or "protest" or "launch";

    /// <summary>The phrase (token range) that stands before a verb for its object: the passive subject ("sanctions
    /// … were imposed") or the noun a relative or participial clause modifies ("the sanctions Washington imposed");
    /// null when there is none.</summary>
    public (int Lo, int Hi)? FrontObject(int verb)
    {
        if (!HasParse || verb < 0 || verb >= v.Syntax.Heads.Length) return null;
        int k = PassiveSubject(verb);
        if (k < 0 && Rel(verb) is "acl:relcl" or "acl" && HeadOf(verb) >= 0 && HeadOf(verb) < verb && MisattachedConjunctOf(verb) < 0) k = HeadOf(verb);
        return k < 0 ? null : Phrase(k);
    }

    // ---- tree helpers ----

    private ReadOnlySpan<int> Children(int token) => children.AsSpan(childStart[token], childStart[token + 1] - childStart[token]);

    private string Rel(int token) => v.Syntax.Relations[token];

    private int HeadOf(int token) => v.Syntax.Heads[token];

    private string Lemma(int token) => v.Syntax.Lemmas[token].ToLowerInvariant();

    private int Child(int token, string rel)
    {
        foreach (int c in Children(token))
            if (Rel(c) == rel) return c;
        return -1;
    }

    private int ChildWithBase(int token, string baseRel)
    {
        foreach (int c in Children(token))
        {
            var r = Rel(c);
            if (r.StartsWith(baseRel, StringComparison.Ordinal) && (r.Length == baseRel.Length || r[baseRel.Length] == ':')) return c;
        }
        return -1;
    }

    /// <summary>The preposition of a nominal dependent ("on" in "on Iran"), lower case, or null.</summary>
    private string? CaseOf(int token)
    {
        foreach (int c in Children(token))
            if (Rel(c) == "case") return v.Lower[c];
        return null;
    }

    private string? MarkOf(int token)
    {
        foreach (int c in Children(token))
            if (Rel(c) == "mark") return v.Lower[c];
        return null;
    }

    private bool IsVerbal(int token) => v.Pos(token) is UPos.VERB or UPos.AUX || (v.Pos(token) == UPos.ADJ && Child(token, "cop") >= 0);

    private bool IsPassive(int t)
    {
        bool hasObject = Child(t, "obj") >= 0;
        foreach (int c in Children(t))
        {
            if (Rel(c) is "aux:pass" or "obl:agent") return true;
            // "forces may have used chemical weapons" mislabelled: a passive subject does not come with an object
            if (Rel(c) is "nsubj:pass" or "csubj:pass" && !hasObject) return true;
        }
        if (CopularPassive(t) && !hasObject) return true;
        // "troops stationed in …": a past participle modifying a noun (not a headline read as one: "Troops clashed with …")
        return Rel(t) == "acl" && v.Syntax.Xpos[t] == "VBN" && !hasObject && !HeadlineClause(t) && MisattachedConjunctOf(t) < 0;
    }

    /// <summary>"Chile was criticized" parsed with "was" as a copula (or plain auxiliary) of the participle and "Chile" as
    /// its nsubj: a past participle with a form of "be" or "get" is passive all the same.</summary>
    private bool CopularPassive(int t)
    {
        if (v.Pos(t) != UPos.VERB || v.Syntax.Xpos[t] != "VBN") return false;
        foreach (int c in Children(t))
        {
            if (Rel(c) is not ("cop" or "aux") || c >= t || Lemma(c) is not ("be" or "get")) continue;
            // only adverbs, "not", auxiliaries, commas and "and" between ("was heavily and unjustly criticized"), not a
            // clause ("the reality is that the U.S. has cooperated")
            bool adjacent = true;
            for (int j = c + 1; j < t && adjacent; j++)
                adjacent = v.Pos(j) is UPos.ADV or UPos.PART or UPos.AUX || v.Lower[j] is "," or "and" or "but" or "or";
            if (adjacent) return true;
        }
        return false;
    }

    /// <summary>The passive subject of <paramref name="t"/>: its <c>nsubj:pass</c>, or its <c>nsubj</c> when the parse
    /// made the passive auxiliary a copula (<see cref="CopularPassive"/>); -1 if none.</summary>
    private int PassiveSubject(int t)
    {
        int k = Child(t, "nsubj:pass");
        if (k < 0 && CopularPassive(t) && Child(t, "obj") < 0) k = Child(t, "nsubj");
        return k;
    }

    /// <summary>A verb parsed as a clause modifying a noun that is itself the sentence root ("Iraqi troops clashed
    /// with …" read as a noun phrase): the verb is the main verb and the noun its subject.</summary>
    private bool HeadlineClause(int t) =>
        Rel(t) == "acl" && HeadOf(t) is var h and >= 0 && h < t && Rel(h) == "root" && v.Pos(h) is UPos.NOUN or UPos.PROPN;

    // ---- sources ----

    /// <summary>The subject of a verb: of several (a misparsed relative clause, "Mali, which Algeria accused"), the
    /// one nearest before the verb.</summary>
    private int Subject(int t)
    {
        int best = -1;
        foreach (int c in Children(t))
        {
            if (Rel(c) != "nsubj") continue;
            if (c < t) best = c;
            else if (best < 0) best = c;
        }
        // "Spain and Portugal signed" with both attached as nsubj: the first conjunct, as when "Portugal" is its conj
        while (best >= 0 && PrecedingCoordinatedSibling(best) is var first and >= 0) best = first;
        return best;
    }

    /// <summary>The sibling with the same subject relation that <paramref name="k"/> is coordinated with when the parse
    /// attached both to the verb ("Spain and Portugal signed", "Spain, Portugal and Italy signed"): the nearest such
    /// sibling before it whose phrase is separated from <paramref name="k"/>'s by nothing but commas and "and"/"or";
    /// -1 if none. A misparsed relative clause ("Mali, which Algeria accused") has more between them.</summary>
    private int PrecedingCoordinatedSibling(int k)
    {
        int h = HeadOf(k);
        if (h < 0 || Rel(k) is not ("nsubj" or "nsubj:pass")) return -1;
        int found = -1;
        foreach (int c in Children(h))
        {
            if (c >= k) break;
            if (Rel(c) == Rel(k) && CoordinatedGap(c, k)) found = c;
        }
        return found;
    }

    /// <summary>The later subjects coordinated with <paramref name="k"/> that the parse attached to the same verb as
    /// separate subjects, in text order (each next to the one before it).</summary>
    private List<int> CoordinatedSiblings(int k)
    {
        var result = new List<int>();
        int h = HeadOf(k);
        if (h < 0 || Rel(k) is not ("nsubj" or "nsubj:pass")) return result;
        int last = k;
        foreach (int c in Children(h))
        {
            if (c <= last || Rel(c) != Rel(k)) continue;
            if (!CoordinatedGap(last, c)) break;
            result.Add(c);
            last = c;
        }
        return result;
    }

    /// <summary>Only commas and a coordinating "and"/"or" (with at least one of the two) stand between the phrase of
    /// <paramref name="a"/> and that of the later <paramref name="b"/>.</summary>
    private bool CoordinatedGap(int a, int b)
    {
        // past a's own conjuncts: "Spain, Portugal and Italy" with "Portugal" conj of "Spain" and "Italy" a second nsubj
        int end = Phrase(a).Hi;
        foreach (int c in Children(a))
            if (Rel(c) == "conj" && c < b) end = Math.Max(end, Phrase(c).Hi);
        int from = end + 1, to = Phrase(b).Lo;
        if (from >= to) return false;
        for (int j = from; j < to; j++)
            if (v.Lower[j] is not ("," or "and" or "or")) return false;
        return true;
    }

    private bool IsRelativePronoun(int k) => v.Lower[k] is "who" or "which" or "that" or "whom" && v.Pos(k) == UPos.PRON;

    /// <summary>The noun a relative pronoun stands for when the parse did not attach its clause: the nominal just
    /// before it, past a comma ("Kenya, which …"); -1 if there is none.</summary>
    private int Antecedent(int pronoun)
    {
        int k = pronoun - 1;
        while (k >= 0 && v.Lower[k] == ",") k--;
        if (k < 0 || v.Pos(k) is not (UPos.NOUN or UPos.PROPN)) return -1;
        // the head of a name: "South Korea" → Korea is already the last word; climb compounds and flat names
        while (HeadOf(k) is var h and > 0 && h > k && h < pronoun && Rel(k) is "compound" or "flat" or "flat:name") k = h;
        return k;
    }

    /// <summary>The token heading the source phrase of a verbal trigger, or -1.</summary>
    private int VerbSource(int t, bool passive, int depth)
    {
        if (depth > 4) return -1;
        if (passive)
        {
            int agent = Child(t, "obl:agent");
            if (agent >= 0) return agent;
            foreach (int c in Children(t))
                if (Rel(c).StartsWith("obl", StringComparison.Ordinal) && CaseOf(c) == "by") return c;
            return -1;
        }
        int subj = Subject(t);
        if (subj >= 0)
        {
            // "the Houthis, who staged …": the relative pronoun stands for the noun the clause modifies
            if (IsRelativePronoun(subj)) return Rel(t) == "acl:relcl" ? HeadOf(t) : Antecedent(subj);
            return subj;
        }
        int h = HeadOf(t);
        if (h < 0) return -1;
        var rel = Rel(t);
        if (MisattachedConjunctOf(t) is var clause and >= 0) (rel, h) = ("conj", clause);
        switch (rel)
        {
            case "xcomp":
                // object control ("urged Syria to withdraw") before subject control ("tried to establish")
                int obj = Child(h, "obj");
                if (obj < 0) obj = Child(h, "iobj");
                if (obj >= 0 && obj < t) return obj;
                return VerbSource(h, IsPassive(h) && PassiveSubject(h) < 0, depth + 1) is var s and >= 0 ? s
                    : PassiveSubject(h);
            case "conj":
                // "…protesters trying to storm the building, killing eight": a participle after a comma, parsed as a
                // conjunct of a reduced relative clause, belongs to the main clause
                if (t > 0 && v.Lower[t - 1] == "," && v.Syntax.Xpos[t] == "VBG" && Rel(h) is "acl" or "xcomp" && MainClauseOver(h) is var main && main != h)
                    return VerbSource(main, IsPassive(main) && Child(main, "obl:agent") >= 0, depth + 1);
                // "Iran denied the report and vowed …": the subject of the first conjunct
                int shared = Subject(h);
                if (shared < 0) shared = PassiveSubject(h);
                if (shared >= 0) return IsRelativePronoun(shared) ? (Rel(h) == "acl:relcl" ? HeadOf(h) : Antecedent(shared)) : shared;
                return IsVerbal(h) ? VerbSource(h, false, depth + 1) : -1;
            case "acl:relcl":
            case "acl":
                return h;
            case "advcl":
                // "…, killing 14 civilians": the subject of the main clause, unless the clause has a marker of its own
                if (MarkOf(t) is { } mark && mark is not ("by" or "after" or "before" or "while" or "in")) return -1;
                // after a comma the participle belongs to the main clause, not to a reduced relative clause it follows
                // ("forces fired on protesters trying to storm the building, killing eight": the forces killed)
                if (t > 0 && v.Lower[t - 1] == "," && MarkOf(t) is null) h = MainClauseOver(h);
                return IsVerbal(h) ? VerbSource(h, IsPassive(h) && Child(h, "obl:agent") >= 0, depth + 1) : -1;
            default:
                return -1;
        }
    }

    /// <summary>Whether the conjunct verb <paramref name="t"/> has words other than auxiliaries, adverbs and particles
    /// between itself and its coordinator: "and Peru would impose" with "Peru" misparsed has a subject after all.</summary>
    private bool WordsBeforeConjunct(int t)
    {
        for (int k = t - 1; k > HeadOf(t); k--)
        {
            if (v.Pos(k) is UPos.CCONJ or UPos.PUNCT) return false;
            if (v.Pos(k) is not (UPos.AUX or UPos.ADV or UPos.PART)) return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="t"/> has a subject of its own (nominal, clausal or expletive, active or passive).</summary>
    private bool HasOwnSubject(int t)
    {
        foreach (int c in Children(t))
            if (Rel(c).StartsWith("nsubj", StringComparison.Ordinal) || Rel(c).StartsWith("csubj", StringComparison.Ordinal) || Rel(c) == "expl") return true;
        return false;
    }

    /// <summary>The source token of verb or predicate <paramref name="head"/>: its subject (<see cref="VerbSource"/>),
    /// or, when that names no actor, the reporter of the reported clause it stands in ("the agency, which said it had
    /// reached …", <see cref="ReporterFor"/>); -1 when none.</summary>
    private int ClauseSource(int head, bool passive)
    {
        int sourceHead = VerbSource(head, passive, 0);
        if (!passive && (sourceHead < 0 || Actor(sourceHead) is null) && ReporterFor(head) is var reporter and >= 0) sourceHead = reporter;
        return sourceHead;
    }

    private static readonly HashSet<string> ReporterPronouns = new(StringComparer.Ordinal) { "it", "they", "he", "she" };

    /// <summary>"The agency said it had reached …", "UNICEF, which said it had reached …": the source of the reporting
    /// verb whose complement clause <paramref name="t"/> heads, when the clause's subject is a personal pronoun that
    /// names no actor; -1 otherwise. A predicate that shares that clause's subject leads to it: an open complement
    /// ("said it remained open to …") or a conjunct without a subject of its own ("said it would not yield and would
    /// impose …").</summary>
    private int ReporterFor(int t)
    {
        for (int guard = 0; guard < 4 && Rel(t) is "xcomp" or "conj" && HeadOf(t) is var up and >= 0 && IsVerbal(up) && !HasOwnSubject(t)
            && (Rel(t) == "xcomp" || !WordsBeforeConjunct(t)); guard++)
            t = up;
        if (Rel(t) != "ccomp") return -1;
        int subject = -1;
        // the subject pronoun, also when a parser took "it had reached" for a passive
        foreach (int c in Children(t))
            if (c < t && Rel(c) is "nsubj" or "nsubj:pass") subject = c;
        if (subject < 0 || !ReporterPronouns.Contains(v.Lower[subject]) || Actor(subject) is not null) return -1;
        int h = HeadOf(t);
        if (h < 0 || v.Pos(h) != UPos.VERB || !ReportingVerbs.IsLemma(Lemma(h))) return -1;
        int reporter = VerbSource(h, false, 1);
        return reporter >= 0 && Actor(reporter) is not null ? reporter : -1;
    }

    /// <summary>Verbs that tell a protest under way going on or growing: "the protests have spread", "demonstrations
    /// erupted", "the strike continued".</summary>
    private static readonly HashSet<string> OngoingVerbs = new(StringComparer.Ordinal)
    {
        "spread", "continue", "erupt", "escalate", "intensify", "resume", "persist", "rage", "flare", "swell", "sweep",
        "widen", "extend", "grow", "enter", "break", "begin", "start", "go",
    };

    /// <summary>The verb of spreading, continuing or erupting that the nominal trigger <paramref name="t"/> is the
    /// subject of ("the protests … have spread to five provinces", "demonstrations erupted", "riots broke out"), or a
    /// verb coordinated with such a verb that shares its subject ("began … and have spread"); -1 if none.</summary>
    public int OngoingVerbOf(int t)
    {
        if (!HasParse || t < 0 || t >= v.Syntax.Heads.Length) return -1;
        // "Demonstrations erupted in …" read as a headline, the verb a clause modifying the noun
        foreach (int c in Children(t))
            if (c > t && Rel(c) is "acl" or "acl:relcl" && v.Pos(c) == UPos.VERB && OwnSubjectless(c) && Ongoing(c)) return c;
        // "have spread" taken for a passive: the subject of an intransitive verb all the same
        if (Rel(t) is not ("nsubj" or "nsubj:pass")) return -1;
        int h = HeadOf(t);
        if (h < 0 || v.Pos(h) != UPos.VERB) return -1;
        if (Ongoing(h)) return h;
        foreach (int c in Children(h))
            if (Rel(c) == "conj" && c > h && v.Pos(c) == UPos.VERB && Subject(c) < 0 && Ongoing(c)) return c;
        return -1;
    }

    /// <summary>True when the parse puts token <paramref name="k"/> (a date) in the clause of <paramref name="trigger"/>:
    /// up its heads, the trigger comes before any other verb.</summary>
    public bool InClauseOf(int k, int trigger)
    {
        if (!HasParse || k < 0 || k >= v.Syntax.Heads.Length) return false;
        for (int h = HeadOf(k), step = 0; h >= 0 && step < 12; h = HeadOf(h), step++)
        {
            if (h == trigger) return true;
            if (IsVerbal(h)) return false;
        }
        return false;
    }

    /// <summary>A clause verb with no subject of its own but a relative pronoun standing for the noun it modifies.</summary>
    private bool OwnSubjectless(int verb) => Subject(verb) is var s && (s < 0 || IsRelativePronoun(s));

    /// <summary>The verb <paramref name="verb"/> is negated ("did not spread").</summary>
    public bool VerbNegated(int verb) => HasParse && verb >= 0 && Negated(verb);

    /// <summary>The verb <paramref name="verb"/> tells what may happen ("will spread", "fear … could spread").</summary>
    public bool VerbHypothetical(int verb) => HasParse && verb >= 0 && Hypothetical(verb, 0);

    /// <summary>"break" and "go" only with their particle ("broke out", "went on"); the others as they stand.</summary>
    private bool Ongoing(int verb)
    {
        var lemma = Lemma(verb);
        if (!OngoingVerbs.Contains(lemma)) return false;
        if (lemma is not ("break" or "go")) return true;
        foreach (int c in Children(verb))
            if (Rel(c) == "compound:prt" && v.Lower[c] is "out" or "on") return true;
        return false;
    }

    /// <summary>"Police imposed a curfew on Monday night and cut internet access" parsed with "cut" as a clause
    /// modifying "night" (or hanging from "and"): a verb without a subject of its own that a coordinating conjunction
    /// introduces is a conjunct of the clause verb above it. That verb, or -1 when <paramref name="t"/> is no such clause.</summary>
    private int MisattachedConjunctOf(int t)
    {
        if (Rel(t) is not ("acl" or "acl:relcl") || v.Pos(t) != UPos.VERB) return -1;
        int h = HeadOf(t);
        if (h < 0 || h > t) return -1;
        bool coordinated = v.Pos(h) == UPos.CCONJ;
        foreach (int c in Children(t))
        {
            if (Rel(c) is "nsubj" or "nsubj:pass" or "csubj") return -1;
            if (Rel(c) == "cc" && c < t) coordinated = true;
        }
        if (!coordinated) return -1;
        int m = h;
        for (int step = 0; step < 6 && m >= 0; step++)
        {
            if (m != t && IsVerbal(m)) return m;
            m = HeadOf(m);
        }
        return -1;
    }

    /// <summary>The verb of the clause that <paramref name="h"/>'s non-finite modifier chain hangs from: up through
    /// xcomp and acl links and the nominal an acl modifies; <paramref name="h"/> itself when it heads no such chain.</summary>
    private int MainClauseOver(int h)
    {
        int m = h;
        for (int step = 0; step < 6 && m >= 0; step++)
        {
            if (Rel(m) is "xcomp" or "acl") m = HeadOf(m);
            else if (m != h && v.Pos(m) is UPos.NOUN or UPos.PROPN or UPos.PRON) m = HeadOf(m);
            else break;
        }
        return m >= 0 && m != h && IsVerbal(m) ? m : h;
    }

    /// <summary>The source of a nominal trigger: its possessor, a demonym or actor modifier ("Iranian missile tests",
    /// "U.S. sanctions"), an agent "by X", else the subject of the verb it is the object of ("launched an attack").</summary>
    private int NounSource(int t, out ActorRef? nominal, out int governing)
    {
        nominal = null;
        governing = -1;
        int poss = Child(t, "nmod:poss");
        if (poss >= 0 && Actor(poss) is not null) return poss;
        foreach (int c in Children(t))
        {
            if (Rel(c) is not ("amod" or "compound") || c > t) continue;
            if (Actor(c) is { Code: not null } a) { nominal = a; return -1; }
            if (PatternEventCoder.NationalAt(v, c) is { } national) { nominal = national; return -1; }
        }
        foreach (int c in Children(t))
            if (Rel(c) == "nmod" && CaseOf(c) == "by" && Actor(c) is not null) return c;
        int h = HeadOf(t);
        if (h < 0) return -1;
        // "embarked on a tour", "carried out an attack": the noun is the verb's object or oblique — not an oblique
        // after the verb's object, which may as well complement that object ("claimed responsibility for the attack",
        // "respect the right to protest", "accused Iran of an attack"): the parse cannot tell who acted
        if (VerbCarriesNoun(h, t) && !IsPassive(h) && Rel(h) != "xcomp")
        {
            governing = h;
            return VerbSource(h, false, 1);
        }
        return -1;
    }

    private static readonly HashSet<string> RightNouns = new(StringComparer.Ordinal) { "right", "freedom", "liberty" };

    /// <summary>See <see cref="EventArguments.Entitlement"/>: the noun's complement host (its head when it is an
    /// <c>nmod</c>, the verb's object before it when it is the verb's <c>obl</c>) is "right", "freedom" or "liberty",
    /// and the preposition is "to", "of" or "for".</summary>
    private bool IsEntitlement(int t)
    {
        if (CaseOf(t) is not ("to" or "of" or "for")) return false;
        int h = HeadOf(t);
        if (h < 0) return false;
        int host = -1;
        if (Rel(t) == "nmod") host = h;
        else if (Rel(t).StartsWith("obl", StringComparison.Ordinal))
            foreach (int c in Children(h))
                if (Rel(c) == "obj" && c > h && c < t) host = c;
        return host >= 0 && RightNouns.Contains(Lemma(host));
    }

    /// <summary>The event noun <paramref name="t"/> is the object or oblique of the verb <paramref name="h"/> (its head),
    /// so the verb's subject, negation and modality are the noun's — but not an oblique after the verb's object, which
    /// may as well complement that object ("claimed responsibility for the attack", "respect the right to protest").</summary>
    private bool VerbCarriesNoun(int h, int t) =>
        Rel(t) is "obj" or "obl" && v.Pos(h) == UPos.VERB && !(Rel(t) == "obl" && ObjectBetween(h, t));

    /// <summary>The verb <paramref name="verb"/> has an object or indirect object between itself and <paramref name="k"/>.</summary>
    private bool ObjectBetween(int verb, int k)
    {
        foreach (int c in Children(verb))
            if (Rel(c) is "obj" or "iobj" && c > verb && c < k) return true;
        return false;
    }

    // ---- targets ----

    private ActorRef? VerbTarget(int t, bool passive, ActorRef? source, int depth)
    {
        ActorRef? sameCountry = null;
        ActorRef? Take(ActorRef? r)
        {
            if (r?.Code is null || IsSource(r, source)) return null;
            if (source is not null && PatternEventCoder.SameCountry(r, source)) { sameCountry ??= r; return null; }
            return r;
        }

        if (passive)
        {
            int subj = PassiveSubject(t);
            if (subj < 0 && Rel(t) == "acl") subj = HeadOf(t);
            if (subj >= 0 && (Take(Actor(subj)) ?? Take(NominalTarget(subj, source))) is { } st) return st;
        }
        // "Ukraine, which Russia attacked": the noun a relative clause with its own subject modifies is the object
        if (!passive && Child(t, "obj") is var ro && Subject(t) is var rs and >= 0 && !IsRelativePronoun(rs))
        {
            int ante = Rel(t) == "acl:relcl" && (ro < 0 || IsRelativePronoun(ro)) && HeadOf(t) < t ? HeadOf(t)
                : ro >= 0 && IsRelativePronoun(ro) ? Antecedent(ro) : -1;
            if (ante >= 0 && Take(Actor(ante)) is { } antecedent) return antecedent;
        }
        foreach (var rel in (ReadOnlySpan<string>)["iobj", "obj"])
        {
            int o = Child(t, rel);
            if (o < 0) continue;
            if (Take(Actor(o)) is { } ot) return ot;
            if (Take(NominalTarget(o, source)) is { } nt) return nt;
        }
        foreach (int c in Children(t))
        {
            if (!Rel(c).StartsWith("obl", StringComparison.Ordinal) || Rel(c) == "obl:agent") continue;
            if (CaseOf(c) is not { } p || !TargetCases.Contains(p)) continue;
            if (Take(Actor(c)) is { } pt) return pt;
            if (Take(Deep(c, source)) is { } dt) return dt;
        }
        // the object phrase further down: "duties on a range of Chinese steel products"
        int obj = Child(t, "obj");
        if (obj >= 0 && Take(Deep(obj, source)) is { } deep) return deep;
        // "threatened to impose sanctions on Turkey", "retaliate by targeting European exports"
        if (depth < 2)
            foreach (int c in Children(t))
            {
                if (!(Rel(c) == "xcomp" || (Rel(c) == "advcl" && MarkOf(c) == "by")) || !IsVerbal(c)) continue;
                if (Take(VerbTarget(c, IsPassive(c), source, depth + 1)) is { } xt) return xt;
            }
        // "closed its embassy in Mexico", "recalled its ambassador to Peru": a foreign actor next to the source's own
        if (sameCountry is not null)
        {
            int o = Child(t, "obj");
            if (o >= 0 && Deep(o, source, places: true) is { } foreign && !PatternEventCoder.SameCountry(foreign, source!)) return foreign;
            foreach (int c in Children(t))
                if (Rel(c).StartsWith("obl", StringComparison.Ordinal) && CaseOf(c) is { } p && PlaceCases.Contains(p) && PlaceOfOwnedObject(t, c)
                    && (Actor(c) ?? Deep(c, source, places: true)) is { Code: not null } there && !IsSource(there, source)
                    && !PatternEventCoder.SameCountry(there, source!)) return there;
        }
        return sameCountry;
    }

    /// <summary>A nominal trigger's target: its complement with a target preposition ("sanctions on Iran", "visit to
    /// Kabul", "invasion of Ukraine"), else a demonym modifier when the source is known elsewhere ("the attack on
    /// Russian positions" reaches it through the complement).</summary>
    private ActorRef? NounTarget(int t, ActorRef? source)
    {
        var r = NominalTarget(t, source);
        if (r is not null) return r;
        int h = HeadOf(t);
        // "launched an attack on X": the preposition attached to the verb
        if (h >= 0 && Rel(t) is "obj" && v.Pos(h) == UPos.VERB)
            foreach (int c in Children(h))
            {
                if (!Rel(c).StartsWith("obl", StringComparison.Ordinal) || CaseOf(c) is not { } p || !TargetCases.Contains(p)) continue;
                if (Actor(c) is { Code: not null } a && !IsSource(a, source)) return a;
                if (Deep(c, source) is { } d) return d;
            }
        return null;
    }

    /// <summary>The actor in a noun's complement with a target preposition (<see cref="NounTargetCases"/>, or
    /// <paramref name="cases"/>), looked for down the complement's own modifiers ("on a range of Chinese steel products").</summary>
    private ActorRef? NominalTarget(int noun, ActorRef? source, HashSet<string>? cases = null)
    {
        cases ??= NounTargetCases;
        foreach (int c in Children(noun))
        {
            if (Rel(c) != "nmod" || CaseOf(c) is not { } p || !cases.Contains(p)) continue;
            if (Actor(c) is { Code: not null } a && !IsSource(a, source)) return a;
            if (Deep(c, source) is { } d) return d;
        }
        return null;
    }

    /// <summary>The first actor or country adjective in the phrase headed by <paramref name="head"/>, not crossing into
    /// clauses or places ("in …").</summary>
    private ActorRef? Deep(int head, ActorRef? source, bool places = false)
    {
        Span<int> stack = stackalloc int[32];
        int top = 0;
        foreach (int c in Children(head)) if (top < stack.Length) stack[top++] = c;
        ActorRef? best = null;
        int bestAt = int.MaxValue;
        while (top > 0)
        {
            int k = stack[--top];
            var rel = Rel(k);
            if (rel is "acl" or "acl:relcl" or "appos" or "punct" or "advcl" or "parataxis" or "conj" or "cc") continue;
            if (!places && rel.StartsWith("nmod", StringComparison.Ordinal) && CaseOf(k) is { } p && PlaceCases.Contains(p)) continue;
            var a = v.Pos(k) is UPos.PROPN or UPos.NOUN or UPos.PRON ? Actor(k) : null;
            a ??= v.Pos(k) is UPos.ADJ or UPos.PROPN ? PatternEventCoder.NationalAt(v, k) : null;
            if (a?.Code is not null && !IsSource(a, source) && k < bestAt) { best = a; bestAt = k; }
            foreach (int c in Children(k)) if (top < stack.Length) stack[top++] = c;
        }
        return best;
    }

    private static bool IsSource(ActorRef candidate, ActorRef? source) =>
        source is not null && ((candidate.Actor is not null && candidate.Actor == source.Actor)
            || (candidate.Start == source.Start && candidate.End == source.End));

    // ---- phrases and actors ----

    private void AddActor(ImmutableArray<ActorRef>.Builder sources, int head)
    {
        var a = Actor(head);
        if (a?.Code is null) return;
        foreach (var s in sources)
            if (s.Start == a.Start && s.End == a.End) return;
        sources.Add(a);
    }

    /// <summary>The actor named by the phrase headed by <paramref name="head"/>, without its clauses, appositions and
    /// conjuncts; null when the phrase names none.</summary>
    private ActorRef? Actor(int head)
    {
        var (lo, hi) = Phrase(head);
        var m = v.MentionFor(lo, hi);
        if (m is null) return v.Pos(head) is UPos.NOUN or UPos.PROPN ? NationalModifier(head, lo, hi) : null;
        // a mention found in a complement must lie inside the phrase
        if (m.End <= v.Start(lo) || m.Start >= v.End(hi)) return null;
        var code = m.Code ?? v.Entities.ActorById(m.ActorId)?.Code;
        // "Bulgaria's energy minister, Elena Markova": a person with no code of their own acts for the possessor's country
        if (code is null && (v.Pos(head) is UPos.NOUN or UPos.PROPN) && CountryModifier(head) is { } country) code = country;
        return new ActorRef(v.Slice(lo, hi), v.Start(lo), v.End(hi)) { Actor = m.ActorId, Code = code };
    }

    private static readonly HashSet<string> PhraseRelations = new(StringComparer.Ordinal)
    {
        "det", "det:poss", "amod", "compound", "nmod:poss", "nummod", "flat", "flat:name", "fixed", "nmod", "goeswith",
        "nmod:desc",
    };

    /// <summary>The token range of the noun phrase headed by <paramref name="head"/>: determiners, modifiers,
    /// possessors, names and "of" complements, not its clauses, appositions, conjuncts or other prepositional phrases.</summary>
    private (int Lo, int Hi) Phrase(int head)
    {
        int lo = head, hi = head;
        Extent(head, ref lo, ref hi, 0);
        return (lo, hi);
    }

    /// <summary>The country code of a possessor ("Bulgaria's minister") or demonym ("the Bulgarian minister") before a noun.</summary>
    private string? CountryModifier(int head)
    {
        foreach (int c in Children(head))
        {
            if (c > head) continue;
            if (Rel(c) == "nmod:poss" && v.Entities.MentionOverlapping(v.Start(c), v.End(c)) is { } pm
                && (pm.Code ?? v.Entities.ActorById(pm.ActorId)?.Code) is { Length: >= 3 } pc
                && v.Entities.ActorById(pm.ActorId)?.Kind == ActorKind.Country)
                return pc;
            if (Rel(c) is "amod" or "compound" && PatternEventCoder.NationalAt(v, c)?.Code is { Length: >= 3 } nc) return nc[..3];
        }
        return null;
    }

    /// <summary>"Bolivian miners", "Kurdish fighters": a group no dictionary names, but whose country a demonym gives.</summary>
    private ActorRef? NationalModifier(int head, int lo, int hi)
    {
        foreach (int c in Children(head))
        {
            if (c > head || Rel(c) is not ("amod" or "compound")) continue;
            if (PatternEventCoder.NationalAt(v, c) is { Code: not null } national)
                return new ActorRef(v.Slice(lo, hi), v.Start(lo), v.End(hi)) { Code = national.Code };
        }
        return null;
    }

    private void Extent(int k, ref int lo, ref int hi, int depth)
    {
        if (depth > 6) return;
        foreach (int c in Children(k))
        {
            var rel = Rel(c);
            bool keep = PhraseRelations.Contains(rel) || (rel == "case" && depth > 0 && c > lo && v.Lower[c] is "'s" or "\u2019s" or "'" or "of")
                || (rel is "appos" or "conj" && SplitPhrase(k, c));
            if (!keep) continue;
            if (rel == "nmod" && CaseOf(c) is { } p && p != "of") continue;
            if (c < lo) lo = c;
            if (c > hi) hi = c;
            Extent(c, ref lo, ref hi, depth + 1);
        }
    }

    /// <summary>A proper-noun apposition or conjunct <paramref name="c"/> right of <paramref name="k"/> with no punctuation
    /// or coordinator between them is one phrase the parse split ("Deputy" + "Foreign Minister Anna Kowal", "Serbian" +
    /// "Prime Minister Ana Novak"), not a second phrase.</summary>
    private bool SplitPhrase(int k, int c) => c > k && v.Pos(c) == UPos.PROPN && !v.Syntax.PunctuationBetween(k, c, orCoordinator: true);

    // ---- status ----

    private bool HasNegation(int t)
    {
        foreach (int c in Children(t))
            if (Rel(c) is "advmod" or "neg" or "aux" or "det" && v.Lower[c] is "not" or "n't" or "never") return true;
        return false;
    }

    private bool Negated(int t)
    {
        if (HasNegation(t)) return true;
        // "did not agree to meet": a negated governing verb of a complement
        int h = HeadOf(t);
        return h >= 0 && Rel(t) == "xcomp" && HasNegation(h) && Lemma(h) is not ("refuse" or "fail");
    }

    private bool NounNegated(int t)
    {
        foreach (int c in Children(t))
            if (Rel(c) == "det" && v.Lower[c] == "no") return true;
        int h = HeadOf(t);
        return h >= 0 && VerbCarriesNoun(h, t) && HasNegation(h);
    }

    private bool Hypothetical(int t, int depth)
    {
        if (depth > 4) return false;
        foreach (int c in Children(t))
        {
            var rel = Rel(c);
            if (rel == "aux" && Modals.Contains(v.Lower[c])) return true;
            if (rel == "mark" && v.Lower[c] is "if" or "unless") return true;
        }
        int h = HeadOf(t);
        if (h < 0) return false;
        return Rel(t) switch
        {
            // "protesters trying to storm the building": an attempt under way, told as what they were doing, happened
            "xcomp" when Lemma(h) is "try" or "attempt" && Rel(h) == "acl" && v.Syntax.Xpos[h] == "VBG" => false,
            "xcomp" => IntentLemmas.Contains(Lemma(h)) || IntentLemmas.Contains(v.Lower[h]) || Hypothetical(h, depth + 1),
            "conj" => Hypothetical(h, depth + 1),
            _ => MisattachedConjunctOf(t) is var clause and >= 0 && Hypothetical(clause, depth + 1),
        };
    }

    private static readonly HashSet<string> IntentNouns = new(StringComparer.Ordinal)
    {
        "decision", "plan", "intention", "intent", "threat", "promise", "pledge", "vow", "offer", "proposal", "bid",
        "readiness", "willingness", "determination", "resolve", "desire", "wish", "aim", "goal", "ambition", "move",
        "order", "call", "demand", "request", "ultimatum",
    };

    /// <summary>An infinitive ("to" + verb) modifying a noun of intent or demand: "the decision to withdraw".</summary>
    private bool IntentInfinitive(int t)
    {
        int h = HeadOf(t);
        if (h < 0 || Rel(t) != "acl" || v.Pos(h) != UPos.NOUN || !IntentNouns.Contains(Lemma(h))) return false;
        foreach (int c in Children(t))
            if (Rel(c) == "mark" && v.Lower[c] == "to") return true;
        return false;
    }

    private bool NounHypothetical(int t)
    {
        int h = HeadOf(t);
        return h >= 0 && VerbCarriesNoun(h, t) && Hypothetical(h, 0);
    }

    // ---- places and quantities ----

    private Location? PlaceUnder(int t, TriggerKind kind)
    {
        var found = PlaceAmong(t);
        if (found is not null) return found;
        int obj = kind == TriggerKind.Noun ? -1 : Child(t, "obj");
        return obj >= 0 ? PlaceAmong(obj) : null;
    }

    /// <summary>A place anywhere under the trigger's object or oblique phrases, through their clauses
    /// ("opened fire on protesters trying to storm the headquarters in the city of Basra"): for material conflict,
    /// where the place of the target is the place of the event. Null when there is none within three levels.</summary>
    public Location? DeepPlace(int first, int last, TriggerKind kind)
    {
        if (!HasParse || first < 0 || last >= v.Syntax.Heads.Length || last < first) return null;
        return DeepPlaceUnder(kind == TriggerKind.Noun ? last : first, 0);
    }

    private Location? DeepPlaceUnder(int k, int depth)
    {
        if (PlaceAmong(k) is { } here) return here;
        if (depth >= 3) return null;
        foreach (int c in Children(k))
        {
            if (Rel(c) is not ("obj" or "obl" or "nmod" or "acl" or "acl:relcl" or "xcomp")) continue;
            if (DeepPlaceUnder(c, depth + 1) is { } below) return below;
        }
        return null;
    }

    /// <summary>The country of an actor: its own, else the first three letters of its code; null without either.</summary>
    internal static string? CountryOf(Actor? actor) => actor?.Country ?? (actor?.Code is { Length: >= 3 } code ? code[..3] : null);

    private Location? PlaceAmong(int head)
    {
        foreach (int c in Children(head))
        {
            if (!(Rel(c).StartsWith("obl", StringComparison.Ordinal) || Rel(c) == "nmod")) continue;
            if (CaseOf(c) is not { } p || !PlaceCases.Contains(p)) continue;
            var (lo, hi) = Phrase(c);
            int from = v.Start(lo), to = v.End(hi);
            foreach (var e in v.Entities.Entities)
            {
                if (e.Start >= to) break;
                if (e.Type is not ("GPE" or "LOC" or "FAC") || e.Start < from || e.End > to) continue;
                var actor = v.Entities.ActorById(e.Actor);
                return new Location(e.Text, e.Start, e.End) { Country = CountryOf(actor) };
            }
        }
        return null;
    }

    private Quantity? QuantityOf(int t, TriggerKind kind, bool passive)
    {
        Span<int> nouns = stackalloc int[4];
        int n = 0;
        if (kind == TriggerKind.Noun) nouns[n++] = t;
        else
        {
            int obj = Child(t, "obj");
            if (obj >= 0) nouns[n++] = obj;
            int subj = passive ? PassiveSubject(t) : Child(t, "nsubj");
            if (subj >= 0 && (passive || Child(t, "obj") < 0)) nouns[n++] = subj;
            if (Rel(t) == "acl" && HeadOf(t) >= 0 && MisattachedConjunctOf(t) < 0) nouns[n++] = HeadOf(t); // "14 people killed"
        }
        for (int i = 0; i < n; i++)
        {
            int noun = nouns[i];
            if (v.Pos(noun) is not (UPos.NOUN or UPos.PROPN) || TimeUnits.Contains(Lemma(noun))) continue;
            foreach (int c in Children(noun))
            {
                if (Rel(c) != "nummod" || NumberValue(c) is not { } value) continue;
                // "Zapad 2017": a year in a name is no count
                if (value is >= 1900 and <= 2100 && c > 0 && v.Pos(c - 1) == UPos.PROPN) continue;
                int unit = noun;
                // "two short-range missiles" read as "two … range": a count above one wants a plural noun
                if (value > 1 && v.Syntax.Xpos[noun] is "NN" or "NNP") unit = PluralAfter(noun);
                if (unit < 0) continue;
                return new Quantity(value, v.Lower[unit]);
            }
        }
        return null;
    }

    /// <summary>The first plural noun within a few modifier words after <paramref name="k"/>, or -1.</summary>
    private int PluralAfter(int k)
    {
        for (int j = k + 1; j < Math.Min(v.Lower.Length, k + 5); j++)
        {
            if (v.Syntax.Xpos[j] is "NNS" or "NNPS") return j;
            if (v.Pos(j) is not (UPos.ADJ or UPos.NOUN or UPos.PUNCT or UPos.PROPN) || v.Lower[j] is "," or "." or ";") return -1;
        }
        return -1;
    }

    /// <summary>The value of a number token with its multiplier ("8 million", "two dozen", "1,200").</summary>
    private double? NumberValue(int k)
    {
        var w = v.Lower[k].Replace(",", "", StringComparison.Ordinal);
        double value;
        if (!double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            if (!NumberWords.TryGetValue(w, out value)) return null;
        }
        if (Multipliers.ContainsKey(w))
        {
            // "8 million": the number before the multiplier is its dependent
            foreach (int c in Children(k))
                if (Rel(c) is "compound" or "nummod" && c < k && NumberValue(c) is { } factor) return factor * value;
        }
        if (k + 1 < v.Lower.Length && Multipliers.TryGetValue(v.Lower[k + 1], out var m) && HeadOf(k) == k + 1) value *= m;
        return value;
    }
}
