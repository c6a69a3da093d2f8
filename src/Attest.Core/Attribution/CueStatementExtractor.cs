using System.Collections.Immutable;
using System.Globalization;
using Attest.Entities;
using Attest.Model;
using Attest.Syntax;

namespace Attest.Attribution;

/// <summary>
/// Finds statements from reporting cues and quotation marks: "X said (that) …", "'…,' X said", "'…,' he said, '…'",
/// "X said: '…'", "… according to X", "X was quoted by Y as saying …", participles ("…, saying …", "…, adding that …"),
/// coordinated cues ("believes that … and stressed that …"), and unattributed quotes that continue the last speaker.
/// Speakers are resolved through the entity layer; stance comes from the cue (deny, reject, repudiate …) or from
/// content that denies ("no meeting has taken place", "baseless"). Immutable and thread-safe.
/// </summary>
public sealed class CueStatementExtractor : IStatementExtractor
{
    private static readonly HashSet<string> ClaimNouns = new(StringComparer.Ordinal)
    {
        "claim", "claims", "accusation", "accusations", "allegation", "allegations", "charge", "charges", "report", "reports",
        "suggestion", "suggestions", "notion", "assertion", "assertions", "statement", "statements", "account", "story",
        "stories", "idea", "rumour", "rumours", "rumor", "rumors", "claim", "version", "characterization", "characterisation",
    };

    private static readonly HashSet<string> DenialWords = new(StringComparer.Ordinal)
    {
        "baseless", "groundless", "unfounded", "untrue", "false", "fabricated", "fabrication", "fabrications", "misrepresentation",
        "lie", "lies", "nonsense", "fake", "fiction", "fictitious", "absurd", "ridiculous", "slander", "slanderous", "propaganda",
    };

    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal) { "not", "n't", "never", "no" };

    private readonly CueLexicon lexicon;

    public CueStatementExtractor(CueLexicon? lexicon = null) => this.lexicon = lexicon ?? CueLexicon.Default;

    public ImmutableArray<Statement> Extract(SyntaxLayer syntax, EntityLayer entities)
    {
        var run = new Run(new TokenView(syntax, entities), lexicon);
        return run.Execute();
    }

    private sealed class Draft
    {
        public required ActorRef Speaker;
        public required Cue Cue;
        public required List<(int Start, int End)> Spans;
        public required string Stance;
        public bool Hedged;
        public List<Span> Via = [];
        public int Order;
        /// <summary>the last span is a quote left open at a paragraph end</summary>
        public bool OpenEnded;
    }

    private sealed class Run(TokenView v, CueLexicon lexicon)
    {
        private readonly List<QuoteSpan> quotes = QuoteFinder.Find(v.Text);
        private readonly List<Draft> drafts = [];

        public ImmutableArray<Statement> Execute()
        {
            var sentences = v.Tokens.Sentences;
            for (int s = 0; s < sentences.Length; s++)
            {
                var sent = sentences[s];
                for (int t = sent.FirstToken; t < sent.EndToken; t++)
                {
                    if (QuoteAt(v.Start(t)) >= 0) continue;
                    if (v.Lower[t] == "according" && t + 1 < sent.EndToken && v.Lower[t + 1] == "to")
                    {
                        AccordingTo(sent.FirstToken, sent.EndToken, t);
                        continue;
                    }
                    var entry = lexicon.Lookup(v.Lower[t]) ?? lexicon.Lookup(v.Syntax.Lemmas[t].ToLowerInvariant());
                    if (entry is null || entry.Kind is CueKind.Hedge or CueKind.Phrase) continue;
                    if (v.Tagged && v.Pos(t) is not (UPos.VERB or UPos.AUX) && !MistaggedCue(t, sent.FirstToken, sent.EndToken)) continue;
                    if (!v.Tagged && t > sent.FirstToken && v.Lower[t - 1] is "the" or "a" or "an" or "his" or "her" or "their" or "its") continue;
                    VerbCue(sent.FirstToken, sent.EndToken, t, entry);
                }
            }
            UnattributedQuotes();
            return Finish();
        }

        private int QuoteAt(int pos)
        {
            for (int i = 0; i < quotes.Count; i++)
                if (pos >= quotes[i].Open && pos < quotes[i].End) return i;
            return -1;
        }

        private int QuoteOpeningAt(int pos)
        {
            for (int i = 0; i < quotes.Count; i++)
                if (quotes[i].Open == pos) return i;
            return -1;
        }

        private int QuoteClosingAt(int pos)
        {
            for (int i = 0; i < quotes.Count; i++)
                if (quotes[i].Closed && quotes[i].Close == pos) return i;
            return -1;
        }

        /// <summary>"… the harbour master insists.": an inflected cue right after a noun phrase and before the clause's end,
        /// tagged as a noun, is the verb.</summary>
        private bool MistaggedCue(int t, int first, int end) =>
            v.Pos(t) == UPos.NOUN && t > first && t + 1 < end
            && (v.Lower[t].EndsWith('s') || v.Lower[t].EndsWith("ed", StringComparison.Ordinal))
            && v.Pos(t - 1) is UPos.NOUN or UPos.PROPN or UPos.PRON
            && (v.Lower[t + 1] is "." or "," or "that" or ":" || IsQuoteMark(t + 1));

        private bool IsCueToken(int t)
        {
            var e = lexicon.Lookup(v.Lower[t]);
            return e is not null && e.Kind is CueKind.Verb or CueKind.WeakVerb && (!v.Tagged || v.Pos(t) is UPos.VERB);
        }

        private bool IsQuoteMark(int t) => v.IsQuoteMark(t);


        private void VerbCue(int first, int end, int t, CueEntry entry)
        {
            // a reporting verb inside content already attributed ("… that Russia would respond in kind") is reported, not a new statement
            foreach (var d in drafts)
                foreach (var (ds, de) in d.Spans)
                    if (v.Start(t) >= ds && v.End(t) <= de) return;
            var cue = new Cue(v.Tokens.TokenText(t), v.Start(t), v.End(t), entry.Lemma);
            bool hedged = entry.Hedged || HedgeNear(t, first, end);
            var via = new List<Span>();

            // "X was quoted by Y as saying …": the speaker is the subject of "quoted", Y relays.
            int speakerSearchFrom = t - 1;
            (int Start, int End)? activeQuoted = null;
            if (v.Lower[t] is "saying" or "stating" && t - 1 >= first && v.Lower[t - 1] == "as")
            {
                // the object may be long: "quoted an official of the Academy of Sciences, Kim Dae-ho, as saying"
                for (int k = t - 2; k >= Math.Max(first, t - 20); k--)
                {
                    if (v.Lower[k] is not ("quoted" or "cited")) continue;
                    bool passiveQuote = k - 1 >= first && v.Lower[k - 1] is "was" or "were" or "been" or "is" or "are" or "being";
                    if (!passiveQuote)
                    {
                        // "KCNA quoted an official, Ri Song-chol, as saying": the object speaks, the subject relays
                        var relay = SpeakerLeft(k - 1, first, k);
                        if (relay is not null) via.Add(new Span(relay.Text, relay.Start, relay.End));
                        activeQuoted = (k + 1, t - 2);
                        break;
                    }
                    for (int b = k + 1; b < t - 1; b++)
                    {
                        if (v.Lower[b] != "by") continue;
                        int ve = v.NounPhraseEndRight(b + 1, t - 2);
                        if (ve >= 0) via.Add(new Span(v.Slice(b + 1, ve), v.Start(b + 1), v.End(ve)));
                        break;
                    }
                    speakerSearchFrom = k - 1;
                    break;
                }
            }

            // Quote before the cue: "'…,' he said" / "'…,' said X" / "'…,' the official said, '…'"
            var (quoteBefore, speakerBetween) = QuoteBeforeCue(first, t);
            ActorRef? speaker;
            if (quoteBefore >= 0)
            {
                speaker = speakerBetween ?? SpeakerRight(t + 1, end);
                if (speaker is null) return;
                var spans = new List<(int, int)> { (quotes[quoteBefore].ContentStart, quotes[quoteBefore].ContentEnd) };
                bool openEnded = !quotes[quoteBefore].Closed;
                int next = SkipAfterCue(t + 1, end, allowObject: true);
                if (next < end && v.Lower[next] == ",") next++;
                if (next < end && QuoteOpeningAt(v.Start(next)) < 0)
                {
                    // "'…,' said X, a shopkeeper who lost two cousins, 'and …'": past an appositive to the quote's second half
                    for (int j = next; j + 1 < end && QuoteAt(v.Start(j)) < 0; j++)
                        if (v.Lower[j] == "," && QuoteOpeningAt(v.Start(j + 1)) >= 0) { next = j + 1; break; }
                }
                if (next < end && QuoteOpeningAt(v.Start(next)) is int q2 and >= 0)
                {
                    spans.Add((quotes[q2].ContentStart, quotes[q2].ContentEnd));
                    openEnded = !quotes[q2].Closed;
                }
                Add(speaker, cue, spans, entry, hedged, via, openEnded);
                return;
            }

            speaker = activeQuoted is { } aq ? ObjectSpeaker(aq.Start, aq.End) : SpeakerLeft(speakerSearchFrom, first, t);
            if (speaker is null) return;

            // "X fired missiles on Thursday, South Korea's military said." — the content stands before the speaker
            if (InvertedIndirect(first, end, t, speaker) is { } inverted)
            {
                Add(speaker, cue, [inverted], entry, hedged, via, false);
                return;
            }

            int c = SkipAfterCue(t + 1, end, allowObject: entry.Lemma is "tell" or "answer" or "inform" or "brief");
            bool complementizer = false;
            while (c < end && v.Lower[c] is "that" or "," or ":" or "\u2014" or "-")
            {
                complementizer = true;
                c++;
            }
            if (c >= end) return;
            int q = QuoteOpeningAt(v.Start(c));
            if (entry.Kind == CueKind.WeakVerb && !complementizer && q < 0 && !ClaimObject(c, end) && !ObjectWithComplement(c, end)) return;

            int contentStart = v.Start(c);
            int contentEnd = ContentEnd(c, end);
            if (contentEnd <= contentStart) return;

            // Coordinated that-clauses ("that A and that B") become separate statements by the same speaker.
            foreach (var (cs, ce) in SplitCoordinated(contentStart, contentEnd))
            {
                var spans = new List<(int, int)>();
                bool openEnded = false;
                int qq = QuoteOpeningAt(cs);
                if (qq >= 0 && complementizer && IntegratedQuote(qq) && v.Lower[c - 1] == "that")
                {
                    // "stressed that “no meeting has taken place”": a quote woven into the that-clause is mixed speech
                    spans.Add((v.Start(c - 1), TrimTrailing(cs, ce)));
                    openEnded = !quotes[qq].Closed;
                }
                else if (qq >= 0 && TrailingIsPunctOnly(quotes[qq].End, ce))
                {
                    spans.Add((quotes[qq].ContentStart, quotes[qq].ContentEnd));
                    openEnded = !quotes[qq].Closed;
                }
                else
                {
                    spans.Add((cs, TrimTrailing(cs, ce)));
                    openEnded = QuoteAt(ce - 1) is int last and >= 0 && !quotes[last].Closed && quotes[last].Close >= ce - 1;
                }
                Add(speaker, cue, spans, entry, hedged, via, openEnded);
            }
        }

        /// <summary>"urged the authorities to show restraint", "accused the Houthis of staging": an object and its complement.</summary>
        private bool ObjectWithComplement(int c, int end)
        {
            // "urged both Pyongyang and Washington to …": a coordinated object
            if (c + 1 < end && v.Lower[c] is "both" or "either") c++;
            int e = v.NounPhraseEndRight(c, end - 1);
            for (int k = 0; k < 3 && e >= 0 && e + 2 < end && v.Lower[e + 1] is "and" or "or" or ","; k++)
            {
                int next = v.NounPhraseEndRight(e + 2, end - 1);
                if (next < 0) break;
                e = next;
            }
            if (e < 0 || e + 2 >= end) return false;
            // "urged X to “keep up the momentum”": the quotation opens on the verb
            int verb = IsQuoteMark(e + 2) && e + 3 < end ? e + 3 : e + 2;
            return (v.Lower[e + 1] == "to" && (!v.Tagged || v.Pos(verb) is UPos.VERB or UPos.AUX))
                || (v.Lower[e + 1] == "of" && v.Lower[e + 2].EndsWith("ing", StringComparison.Ordinal));
        }

        /// <summary>The quoted person in "X quoted Y, a title, as saying": a name in an appositive wins over a description.</summary>
        private ActorRef? ObjectSpeaker(int from, int to)
        {
            int e = v.NounPhraseEndRight(from, to);
            if (e < 0) return null;
            var firstMention = v.MentionFor(from, e);
            var first = MakeRef(from, e, firstMention);
            if (e + 2 <= to && v.Lower[e + 1] == ",")
            {
                int e2 = v.NounPhraseEndRight(e + 2, to);
                // the name in apposition beats the description before it ("an official of the Academy, Ri X,")
                bool described = firstMention is null || firstMention.Kind == MentionKind.Description || first.Actor == null;
                if (e2 >= 0 && PersonAt(e + 2, e2) is { } m && (!IsPersonRef(first) || described || first.Actor == m.ActorId)) return MakeRef(e + 2, e2, m);
            }
            return first;
        }

        private ActorMention? PersonAt(int start, int end)
        {
            var m = v.MentionFor(start, end);
            return m is not null && v.Entities.ActorById(m.ActorId)?.Kind == ActorKind.Person ? m : null;
        }

        private bool IsPersonRef(ActorRef r) => v.Entities.ActorById(r.Actor)?.Kind == ActorKind.Person;

        /// <summary>
        /// "CONTENT, SPEAKER said [adjuncts]." The speaker phrase follows a comma and nothing after the cue opens a
        /// complement, so the content is the clause before the comma (after a dateline).
        /// </summary>
        private (int, int)? InvertedIndirect(int first, int end, int t, ActorRef speaker)
        {
            int sTok = v.Tokens.TokenAtOrAfter(speaker.Start);
            // "CONTENT, a claim Nairobi rejected": the appositive claim noun stands between the comma and the speaker
            while (sTok - 1 > first && (ClaimNouns.Contains(v.Lower[sTok - 1]) || (v.Lower[sTok - 1] is "a" or "the" or "an" && sTok < v.Tokens.TokenCount && ClaimNouns.Contains(v.Lower[sTok]))))
                sTok--;
            // "CONTENT — or so X insists"
            if (sTok - 2 > first && v.Lower[sTok - 1] == "so" && v.Lower[sTok - 2] == "or") sTok -= 2;
            if (sTok - 1 <= first || v.Lower[sTok - 1] is not ("," or "\u2014" or "\u2013" or "--")) return null;
            int after = SkipAfterCue(t + 1, end, allowObject: true);
            if (after < end && v.Lower[after] is not ("." or "," or ";" or "!" or "?")) return null;
            int stop = sTok - 1;
            int begin = first;
            for (int j = first; j < Math.Min(stop, first + 12); j++)
                if (v.Lower[j] is "\u2014" or "\u2013" or "--") begin = j + 1;
            if (begin >= stop || QuoteAt(v.Start(stop - 1)) >= 0 && QuoteAt(v.Start(begin)) >= 0) return null;
            // the clause must have a verb of its own
            bool verb = false;
            for (int j = begin; j < stop && !verb; j++) verb = !v.Tagged || v.Pos(j) is UPos.VERB;
            if (!verb) return null;
            return (v.Start(begin), v.End(stop - 1));
        }

        private void AccordingTo(int first, int end, int t)
        {
            int npStart = t + 2;
            // "according to a tally by South Korean officials", "according to figures from the ministry": the author
            // speaks (the report noun may be tagged as a verb: "tally", "count")
            int reportAt = npStart < end && v.Lower[npStart] is "a" or "an" or "the" ? npStart + 1 : npStart;
            if (reportAt + 2 < end && ReportNouns.Contains(v.Lower[reportAt]) && v.Lower[reportAt + 1] is "by" or "from"
                && v.NounPhraseEndRight(reportAt + 2, end - 1) >= 0)
                npStart = reportAt + 2;
            int npEnd = v.NounPhraseEndRight(npStart, end - 1);
            // "according to aid worker X" with "to aid" tagged as an infinitive: a noun phrase always follows "according
            // to", so a verb there is a noun the tagger misread when a noun phrase follows it
            if (npEnd < 0 && npStart + 1 < end && v.Pos(npStart) == UPos.VERB) npEnd = v.NounPhraseEndRight(npStart + 1, end - 1);
            if (npEnd < 0) return;
            var mention = v.MentionFor(npStart, npEnd);
            var speaker = MakeRef(npStart, npEnd, mention);
            var cue = new Cue(v.Slice(t, t + 1), v.Start(t), v.End(t + 1), "according to");
            bool hedged = NpMentions(npStart, npEnd, "sources", "unnamed", "anonymous", "reports");
            int cs, ce;
            if (t == first || (t - 1 >= first && IsQuoteMark(t - 1) && t - 1 == first))
            {
                int c = npEnd + 1;
                if (c + 1 < end && v.Lower[c] == "," && v.Lower[c + 1] is "which" or "who")
                {
                    // "According to X, which supports …, CONTENT": skip the relative clause
                    int close = c + 1;
                    while (close < end && v.Lower[close] != ",") close++;
                    c = close;
                }
                while (c < end && v.Lower[c] is "," or ":") c++;
                if (c >= end) return;
                cs = v.Start(c);
                ce = ContentEnd(c, end);
            }
            else
            {
                int stop = t - 1;
                while (stop >= first && v.Lower[stop] is "," or "\u2014" or "-") stop--;
                if (stop < first) return;
                int begin = first;
                // the clause before "according to" starts after the last cue of the sentence, if any
                cs = v.Start(begin);
                ce = v.End(stop);
                if (QuoteAt(ce - 1) is int qa and >= 0 && quotes[qa].End > ce) ce = quotes[qa].End;
            }
            var entry = lexicon.Phrases.TryGetValue("according to", out var e) ? e : new CueEntry("according to", Stance.Assert, false, CueKind.Phrase);
            Add(speaker, cue, [(cs, TrimTrailing(cs, ce))], entry, hedged || entry.Hedged, [], false);
        }

        private bool NpMentions(int start, int end, params string[] words)
        {
            for (int i = start; i <= end; i++)
                if (Array.IndexOf(words, v.Lower[i]) >= 0) return true;
            return false;
        }

        /// <summary>"'…,' he said": the quote that ends just before the cue (its subject may stand between).</summary>
        private (int Quote, ActorRef? Speaker) QuoteBeforeCue(int first, int t)
        {
            int k = t - 1;
            while (k >= first && v.IsSkippable(k)) k--;
            if (k < first) return (-1, null);
            ActorRef? between = null;
            if (!IsQuoteMark(k) && v.Lower[k] != ",")
            {
                if (v.Lower[k] is "who" or "which" or "that" or "whom") return (-1, null); // "…to Khamenei” who rejected": a relative clause
                int npStart = v.NounPhraseStartLeft(k, first);
                if (npStart < 0) return (-1, null);
                between = MakeRef(npStart, k, v.MentionFor(npStart, k));
                k = npStart - 1;
            }
            while (k >= first && v.Lower[k] is ",") k--;
            if (k < first || !IsQuoteMark(k)) return (-1, null);
            int q = QuoteClosingAt(v.Start(k));
            if (q < 0) return (-1, null);
            // a quotation attributed after its end closes with , ? ! … (inside or just after the mark): "'…,' he said"
            int last = quotes[q].ContentEnd - 1;
            while (last > quotes[q].ContentStart && char.IsWhiteSpace(v.Text[last])) last--;
            bool closesClause = v.Text[last] is ',' or '?' or '!' or '\u2026' or '.' || (k + 1 < t && v.Lower[k + 1] == ",");
            return closesClause ? (q, between) : (-1, null);
        }

        /// <summary>The subject on the left of a cue: skips adverbs, auxiliaries, dates and an appositive between commas.</summary>
        private ActorRef? SpeakerLeft(int from, int first, int cueToken)
        {
            int k = from;
            (int Start, int End)? appositive = null;
            // "The ministry on Wednesday denied …": a date and the preposition before it sit between speaker and cue
            while (k >= first && (v.IsSkippable(k) || InDate(k) || (k < from && InDate(k + 1) && v.Lower[k] is "on" or "late" or "early"))) k--;
            if (k < first) return PreviousSpeakerInSentence(first, cueToken);
            if (v.Lower[k] == ",")
            {
                // participle after a comma ("…, saying that", "…, adding that"): the clause's subject speaks
                if (v.Lower[cueToken].EndsWith("ing", StringComparison.Ordinal))
                    return PreviousSpeakerInSentence(first, cueToken) ?? FirstSubject(first, cueToken);
                // appositive: "Ali Naderi, who heads …, said"
                int open = -1;
                for (int j = k - 1; j >= first; j--)
                {
                    if (IsQuoteMark(j)) break;
                    if (v.Lower[j] == ",") { open = j; break; }
                }
                if (open < 0) return FirstSubject(first, cueToken);
                int apEnd = k - 1;
                int apStart = v.NounPhraseStartLeft(apEnd, open + 1, withPrepositions: false);
                if (apStart == open + 1) appositive = (apStart, apEnd);
                k = open - 1;
            }
            if (v.Lower[k] == "and")
                return PreviousSpeakerInSentence(first, cueToken) ?? FirstSubject(first, cueToken);
            if (v.Lower[k] is "which" or "who" && k - 1 >= first)
            {
                // "The World Food Programme, which said …": the relative pronoun's antecedent speaks
                int a = k - 1;
                while (a >= first && v.Lower[a] == ",") a--;
                if (a < first) return null;
                int aStart = v.NounPhraseStartLeft(a, first);
                return aStart < 0 ? null : MakeRef(aStart, a, v.MentionFor(aStart, a));
            }
            int start = v.NounPhraseStartLeft(k, first);
            if (start < 0) return null;
            // a role word the tagger read as an adjective ("The official said") still speaks when the entity layer has a mention there
            if (v.Tagged && v.Pos(k) is not (UPos.NOUN or UPos.PROPN or UPos.PRON or UPos.NUM) && !v.IsCapitalized(k) && v.MentionFor(start, k) is null) return null;
            // "…, a claim Nairobi rejected": the claim noun heads an object relative clause; its subject speaks
            for (int j = start; j < k; j++)
                if (ClaimNouns.Contains(v.Lower[j])) start = j + 1;
            // "A senior official involved in the talks said", "people familiar with the matter said": the noun the
            // participle or adjective phrase describes speaks, not the noun inside that phrase
            if (start - 3 >= first && v.Lower[start - 1] is "in" or "with" or "to" or "on" or "about" && IsPostModifier(start - 2))
            {
                int antecedent = start - 3;
                if (v.IsNounPhraseWord(antecedent) && (!v.Tagged || v.Pos(antecedent) is UPos.NOUN or UPos.PROPN) && v.NounPhraseStartLeft(antecedent, first) is int aStart and >= 0)
                {
                    start = aStart;
                    k = antecedent;
                }
            }
            // "Two diplomats who spoke on condition of anonymity said": the noun before the relative clause speaks
            for (int r = start - 1; r > first && r >= start - 10; r--)
            {
                if (v.Lower[r] is "," or "\u2014") break;
                if (v.Lower[r] is not ("who" or "which" or "that")) continue;
                int antecedent = r - 1;
                if (!v.IsNounPhraseWord(antecedent) || (v.Tagged && v.Pos(antecedent) is not (UPos.NOUN or UPos.PROPN))) break;
                int aStart = v.NounPhraseStartLeft(antecedent, first);
                if (aStart >= 0) { start = aStart; k = antecedent; }
                break;
            }
            var found = MakeRef(start, k, v.MentionFor(start, k));
            // "Its spokesman, Colonel Nasser al-Otaibi, told": the name in the appositive beats the description before it
            if (appositive is { } ap && !IsPersonRef(found) && PersonAt(ap.Start, ap.End) is { } person)
                return MakeRef(ap.Start, ap.End, person);
            return found;
        }

        private static readonly HashSet<string> ReportNouns = new(StringComparer.Ordinal)
        {
            "tally", "count", "report", "reports", "estimate", "estimates", "figures", "data", "statement", "survey", "poll",
            "study", "assessment", "analysis", "statistics", "census", "calculation", "calculations", "review",
        };

        private static readonly HashSet<string> PostModifiers = new(StringComparer.Ordinal)
        {
            "familiar", "close", "privy", "knowledgeable", "involved", "briefed", "opposed", "loyal", "linked", "allied", "affiliated",
            "connected", "sympathetic", "responsible", "engaged",
        };

        /// <summary>A participle or adjective that heads a phrase after a noun: "involved (in)", "familiar (with)", "briefed (on)".</summary>
        private bool IsPostModifier(int token) =>
            PostModifiers.Contains(v.Lower[token]) || (v.Tagged && v.Pos(token) == UPos.VERB && v.Lower[token].EndsWith("ed", StringComparison.Ordinal));

        private ActorRef? SpeakerRight(int from, int end)
        {
            int k = from;
            while (k < end && v.IsSkippable(k)) k++;
            if (k >= end) return null;
            int e = v.NounPhraseEndRight(k, end - 1);
            return e < 0 ? null : MakeRef(k, e, v.MentionFor(k, e));
        }

        /// <summary>The first noun phrase of the sentence outside quotes (after a dateline "CITY —").</summary>
        private ActorRef? FirstSubject(int first, int before)
        {
            int k = first;
            for (int j = first; j < Math.Min(before, first + 12); j++)
                if (v.Lower[j] is "\u2014" or "\u2013" or "--") k = j + 1;
            while (k < before && (QuoteAt(v.Start(k)) >= 0 || !v.IsNounPhraseWord(k))) k++;
            if (k >= before) return null;
            int e = v.NounPhraseEndRight(k, before - 1);
            return e < 0 ? null : MakeRef(k, e, v.MentionFor(k, e));
        }

        private ActorRef? PreviousSpeakerInSentence(int first, int cueToken)
        {
            int from = v.Start(first), to = v.Start(cueToken);
            for (int i = drafts.Count - 1; i >= 0; i--)
                if (drafts[i].Cue.Start >= from && drafts[i].Cue.Start < to) return drafts[i].Speaker;
            return null;
        }

        private bool InDate(int k) => v.InDate(k);

        private bool HedgeNear(int t, int first, int end)
        {
            for (int k = Math.Max(first, t - 2); k <= Math.Min(end - 1, t + 2); k++)
                if (lexicon.Lookup(v.Lower[k]) is { Kind: CueKind.Hedge }) return true;
            return false;
        }

        private bool ClaimObject(int c, int end)
        {
            int e = v.NounPhraseEndRight(c, end - 1);
            if (e < 0) return false;
            for (int i = c; i <= e; i++)
                if (ClaimNouns.Contains(v.Lower[i])) return true;
            return false;
        }

        /// <summary>Skips what stands between a cue and its content: "to X", a told-object, "in a statement", "on Tuesday".</summary>
        private int SkipAfterCue(int c, int end, bool allowObject)
        {
            while (c < end)
            {
                if (v.IsSkippable(c) || InDate(c)) { c++; continue; }
                if (v.Lower[c] is "to" or "in" or "on" or "at" or "during" or "via" or "through" or "with" && c + 1 < end && QuoteAt(v.Start(c + 1)) < 0)
                {
                    int e = v.NounPhraseEndRight(c + 1, end - 1);
                    if (e < 0) break;
                    c = e + 1;
                    continue;
                }
                if (allowObject && QuoteAt(v.Start(c)) < 0 && v.Lower[c] is not ("that" or ","))
                {
                    int e = v.NounPhraseEndRight(c, end - 1);
                    if (e >= 0) { c = e + 1; allowObject = false; continue; }
                }
                break;
            }
            return c;
        }

        /// <summary>Where the content of an indirect statement ends: the sentence end, before a later clause with its own
        /// cue or "according to", or — when a quotation opens inside — the quotation's end.</summary>
        private int ContentEnd(int c, int end)
        {
            int stop = end;
            for (int k = c + 1; k < end; k++)
            {
                if (QuoteAt(v.Start(k)) >= 0) continue;
                bool laterCue = IsCueToken(k) || (v.Lower[k] == "according" && k + 1 < end && v.Lower[k + 1] == "to");
                if (!laterCue) continue;
                // cut before "and <cue>" or before the comma that opens the clause holding the cue
                int cut = -1;
                for (int j = k - 1; j > c; j--)
                {
                    if (QuoteAt(v.Start(j)) >= 0) break;
                    if (v.Lower[j] == "and" && j == k - 1) { cut = j; break; }
                    if (v.Lower[j] is "," or ";") { cut = j; break; }
                }
                if (cut > c) { stop = cut; break; }
            }
            int endChar = stop < end ? v.Start(stop) : v.End(end - 1);
            // a quotation opened inside the content runs to its own end, even past the sentence
            for (int i = 0; i < quotes.Count; i++)
            {
                var q = quotes[i];
                if (q.Open < v.Start(c) || q.Open >= endChar || q.End <= endChar) continue;
                endChar = q.End;
                // the sentence that closes the quote may finish the clause: "… on matters” of great concern to X."
                int si = v.Tokens.SentenceAt(q.End - 1);
                if (si < 0) continue;
                var closing = v.Tokens.Sentences[si];
                bool tailHasCue = false;
                for (int k = v.Tokens.TokenAtOrAfter(q.End); k < closing.EndToken && !tailHasCue; k++)
                    tailHasCue = QuoteAt(v.Start(k)) >= 0 || IsCueToken(k);
                if (!tailHasCue && closing.End > endChar) endChar = closing.End;
            }
            return endChar;
        }

        private IEnumerable<(int, int)> SplitCoordinated(int cs, int ce)
        {
            int from = v.Tokens.TokenAtOrAfter(cs);
            for (int k = from + 1; k + 1 < v.Tokens.TokenCount && v.Start(k + 1) < ce; k++)
            {
                if (v.Lower[k] == "and" && v.Lower[k + 1] == "that" && QuoteAt(v.Start(k)) < 0)
                {
                    yield return (cs, v.Start(k));
                    foreach (var rest in SplitCoordinated(v.Start(k + 1) + 4 <= ce ? NextStart(k + 2) : ce, ce)) yield return rest;
                    yield break;
                }
            }
            yield return (cs, ce);
        }

        /// <summary>A quotation that starts in lower case continues the reporting clause rather than opening a sentence.</summary>
        private bool IntegratedQuote(int q)
        {
            for (int i = quotes[q].ContentStart; i < quotes[q].ContentEnd; i++)
                if (char.IsLetter(v.Text[i])) return char.IsLower(v.Text[i]);
            return false;
        }

        private int NextStart(int token) => token < v.Tokens.TokenCount ? v.Start(token) : v.Text.Length;

        private bool TrailingIsPunctOnly(int from, int to)
        {
            for (int i = from; i < to; i++)
                if (char.IsLetterOrDigit(v.Text[i])) return false;
            return true;
        }

        private int TrimTrailing(int cs, int ce)
        {
            while (ce > cs && (char.IsWhiteSpace(v.Text[ce - 1]) || v.Text[ce - 1] is ',' or ';' or ':')) ce--;
            return ce;
        }

        private ActorRef MakeRef(int start, int end, ActorMention? mention)
        {
            var text = v.Slice(start, end);
            if (mention is null && start == end && v.IsPronoun(start))
            {
                // a pronoun the entity layer left unresolved: the last speaker who is a person or group
                for (int i = drafts.Count - 1; i >= 0; i--)
                    if (drafts[i].Speaker.Actor is not null)
                        return new ActorRef(text, v.Start(start), v.End(end)) { Actor = drafts[i].Speaker.Actor, Code = drafts[i].Speaker.Code };
            }
            return new ActorRef(text, v.Start(start), v.End(end))
            {
                Actor = mention?.ActorId,
                Code = mention is null ? null : mention.Code ?? v.Entities.ActorById(mention.ActorId)?.Code,
            };
        }

        private void Add(ActorRef speaker, Cue cue, List<(int, int)> spans, CueEntry entry, bool hedged, List<Span> via, bool openEnded)
        {
            spans.RemoveAll(s => s.Item2 <= s.Item1);
            if (spans.Count == 0) return;
            foreach (var d in drafts)
                if (d.Spans.Count > 0 && d.Spans[0] == spans[0]) return; // the same content found from two cues
            string stance = entry.Stance == Stance.Deny || ContentDenies(spans) ? Stance.Deny : Stance.Assert;
            drafts.Add(new Draft
            {
                Speaker = speaker,
                Cue = cue,
                Spans = spans,
                Stance = stance,
                Hedged = hedged,
                Via = via,
                Order = spans[0].Item1,
                OpenEnded = openEnded,
            });
        }

        /// <summary>Content that itself denies: "no meeting has taken place", "is baseless", "not been given a single piece of evidence".
        /// Content that reports someone else's words ("they only said that …") is not a denial by this speaker.</summary>
        private bool ContentDenies(List<(int Start, int End)> spans)
        {
            var (cs, ce) = spans[0];
            int first = v.Tokens.TokenAtOrAfter(cs);
            bool negated = false;
            for (int k = first; k < v.Tokens.TokenCount && v.Start(k) < ce; k++)
            {
                var w = v.Lower[k];
                if (IsCueToken(k)) return false;
                if (DenialWords.Contains(w)) return true;
                if (k == first || (k == first + 1 && IsQuoteMark(first)))
                {
                    if (w is "no" or "nothing" or "never" or "nobody" or "none" or "neither") return true;
                }
                if (w == "no" && k + 1 < v.Tokens.TokenCount && v.Tagged && v.Pos(k + 1) is UPos.NOUN or UPos.ADJ
                    && v.Lower[k + 1] is not ("longer" or "doubt" or "matter" or "surprise" or "way")) return true;
                // "we did not fire first", "no one has been arrested": negated past or perfect says it did not happen
                if (w is "not" or "n't" or "never" && k > first && v.Lower[k - 1] is "did" or "has" or "have" or "had" or "was" or "were") return true;
                if (Negators.Contains(w)) negated = true;
                if (negated && w is "true" or "accurate" or "correct" or "evidence" or "happened" or "occurred" or "place" or "truth") return true;
            }
            return false;
        }

        private void UnattributedQuotes()
        {
            var used = new bool[quotes.Count];
            foreach (var d in drafts)
                foreach (var (s, e) in d.Spans)
                    for (int i = 0; i < quotes.Count; i++)
                        if (quotes[i].ContentStart < e && quotes[i].ContentEnd > s) used[i] = true;
            for (int i = 0; i < quotes.Count; i++)
            {
                if (used[i]) continue;
                var q = quotes[i];
                if (CountWords(q.ContentStart, q.ContentEnd) < 5) continue;
                // the quote must carry its sentence: no narrative of its own around it
                int sent = v.Tokens.SentenceAt(q.Open);
                if (sent < 0) continue;
                var range = v.Tokens.Sentences[sent];
                if (CountWords(range.Start, q.Open) + CountWords(q.End, Math.Max(q.End, range.End)) > 3) continue;
                var previous = drafts.Where(d => d.Order < q.Open).MaxBy(d => d.Order);
                if (previous is null || ParagraphsBetween(previous.Spans[^1].Item2, q.Open) > 1) continue;
                if (previous.OpenEnded && ParagraphsBetween(previous.Spans[^1].Item2, q.Open) == 1)
                {
                    previous.Spans.Add((q.ContentStart, q.ContentEnd));
                    previous.OpenEnded = !q.Closed;
                    continue;
                }
                drafts.Add(new Draft
                {
                    Speaker = previous.Speaker,
                    Cue = previous.Cue,
                    Spans = [(q.ContentStart, q.ContentEnd)],
                    Stance = ContentDenies([(q.ContentStart, q.ContentEnd)]) ? Stance.Deny : Stance.Assert,
                    Hedged = false,
                    Order = q.ContentStart,
                    OpenEnded = !q.Closed,
                });
            }
        }

        private int ParagraphsBetween(int from, int to)
        {
            int n = 0;
            for (int i = from; i + 1 < to; i++)
                if (v.Text[i] == '\n' && v.Text[i + 1] == '\n') n++;
            return n;
        }

        private int CountWords(int from, int to)
        {
            int n = 0;
            bool inWord = false;
            for (int i = from; i < to && i < v.Text.Length; i++)
            {
                bool letter = char.IsLetterOrDigit(v.Text[i]);
                if (letter && !inWord) n++;
                inWord = letter;
            }
            return n;
        }

        private ImmutableArray<Statement> Finish()
        {
            drafts.Sort((a, b) => a.Order.CompareTo(b.Order));
            var result = ImmutableArray.CreateBuilder<Statement>(drafts.Count);
            int n = 0;
            foreach (var d in drafts)
            {
                var spans = d.Spans.Select(s => ImmutableArray.Create(s.Item1, s.Item2)).ToImmutableArray();
                var text = string.Join(" ", d.Spans.Select(s => v.Text[s.Item1..s.Item2]));
                result.Add(new Statement
                {
                    Id = "s" + (++n).ToString(CultureInfo.InvariantCulture),
                    Speaker = d.Speaker,
                    Cue = d.Cue,
                    Content = new StatementContent(text, spans),
                    Form = FormOf(d.Spans),
                    Stance = d.Stance,
                    Hedged = d.Hedged,
                    Via = [.. d.Via],
                });
            }
            return result.MoveToImmutable();
        }

        /// <summary>direct: all content inside quotation marks; indirect: none; mixed: partly.</summary>
        private string FormOf(List<(int Start, int End)> spans)
        {
            int inside = 0, outside = 0;
            foreach (var (s, e) in spans)
                for (int i = s; i < e; i++)
                {
                    if (!char.IsLetterOrDigit(v.Text[i])) continue;
                    if (QuoteAt(i) >= 0) inside++; else outside++;
                }
            return outside == 0 ? StatementForm.Direct : inside == 0 ? StatementForm.Indirect : StatementForm.Mixed;
        }
    }
}
