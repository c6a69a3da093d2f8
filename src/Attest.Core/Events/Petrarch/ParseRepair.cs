using Attest.Syntax;

namespace Attest.Events.Petrarch;

/// <summary>
/// Rewrites the dependency shapes in which parsers differ for the same phrase into one shape the PETRARCH coder reads,
/// so that its noun-phrase and clause logic gives the same answer over any reasonable parse. Every rule is a general
/// rule over UD relations, parts of speech and punctuation, in this order:
/// <list type="number">
/// <item>A passive agent ("by X") that the parse hung from an adverb of the passive verb ("was opposed earlier by X")
/// becomes the verb's <c>obl:agent</c>.</item>
/// <item>A subordinate clause read as a prepositional phrase ("after crowds burned the embassy" with "crowds" an
/// <c>obl</c> of "burned" under "after"): a finite verb without a subject whose nominal dependent right before it opens
/// with a word that is also a subordinator (after, before, since, until, till, once, as) has that nominal as its
/// subject and the word as its <c>mark</c>, and a conjunct becomes an <c>advcl</c>; not when the verb has a coordinator
/// ("and after lunch signed the deal" shares the first verb's subject). So is such a noun with a finite verb right after
/// it hung as its <c>acl</c> ("after crowds" + "burned the embassy"): a reduced relative is a participle.</item>
/// <item>A bare noun (no preposition) hung from a noun by <c>parataxis</c>, <c>dep</c>, <c>vocative</c> or <c>list</c>, or
/// after it by a plain <c>nmod</c>, with no punctuation between them ("Ruritania Prime Minister Anna Berg" split after
/// the country) is an apposition.</item>
/// <item>A subject with a preposition of its own ("officials in Kenya" with "Kenya" the subject and "officials" a bare
/// nominal under it): the nominal before the preposition heads the subject, the prepositional phrase modifies it.</item>
/// <item>Two nouns hung as compounds of one noun with only a coordinator between them ("Japan and Kenya officials") are
/// conjuncts.</item>
/// <item>A possessor hung from a verb ("Kenya's" + "minister Anna Berg said") belongs to the verb's subject right after
/// it.</item>
/// <item>Two subjects (or objects) of one verb: back to back nouns, they are one phrase split in two ("the envoy" +
/// "Anna Berg"; "Ruritania's" + "minister"), the later an apposition of the earlier, or the earlier the possessor of
/// the later when it carries the possessive <c>'s</c> (a coordinator inside the later makes it a conjunct instead); separated only by a coordinator, commas and modifiers, the later
/// is a conjunct of the earlier (of the first conjunct of a list without coordinator that ends the earlier phrase: "the
/// envoys of Japan, Kenya" + "and France") and the modifiers between belong to it. A caseless nominal attached to the verb
/// before its subject and coordinated with it ("Spain, the awful Chad, and Peru welcomed" with "Spain" as
/// <c>obl:unmarked</c>) counts as a subject.</item>
/// <item>A report verb that closes the sentence after a comma right before its subject (", an official said"), with no
/// object, complement, subordinator or coordinator of its own, holds no words before that comma: its dependents there
/// go back to the verb it hangs from, with their relations.</item>
/// <item>A clause with a subject of its own that closes the sentence after a comma and has no object or clausal
/// complement (", a senior official said on Monday"), attached as a relative, adverbial or other dependent clause
/// anywhere in the sentence, is a separate report on the whole sentence: <c>parataxis</c> of the root. The comma may
/// stand before determiners, adjectives and nouns that start the subject's phrase but hang elsewhere (", the state news
/// agency KNA said").</item>
/// <item>A verb conjunct with no coordinator and no punctuation between it and its head verb, whose subject stands
/// between the two while the head has no object ("broke off a treaty with X years after crowds burned"), is the head's
/// object followed by a clause: the subject becomes the head's <c>obj</c> and the conjunct a plain dependent. Not
/// when a preposition or subordinator introduces that subject ("head back after the skirmish went wrong").</item>
/// <item>A "to" infinitive without a subject hung as <c>acl</c> from a verb's object that is a name or a pronoun
/// ("hosting Kenya to celebrate …"): a name takes no infinitival modifier ("a plan to …" does), so the infinitive
/// is the verb's <c>xcomp</c>, as UD writes object control; so is such an infinitive hung from the verb as <c>advcl</c>
/// right after the named object.</item>
/// <item>A counted span of time with an "after", "before" or "since" phrase taken for a subject ("five years after
/// crowds burned …") is an unmarked <c>obl</c> of the nearest verb before it outside that clause.</item>
/// <item>A past-tense verb hung as <c>amod</c> right after the coordinator of a noun conjunct of a day or month name
/// ("on Monday and promised aid") is a conjunct of the clause's verb, with the noun its object.</item>
/// <item>A root verb with an expletive or comma-closed pronoun subject right after a comma (", it seems,") over a
/// preceding clause with its own subject and no subordinator: that clause is the root, the parenthetical its
/// <c>ccomp</c>.</item>
/// </list>
/// </summary>
internal static class ParseRepair
{
    /// <summary>Repairs <paramref name="tree"/> in place; <paramref name="words"/> are the tokens' upper-case texts.</summary>
    public static void Apply(SentenceTree tree, string[] words)
    {
        var p = new Parse(tree, words);
        p.AgentUnderAdverb();
        p.ClauseTakenForAPrepositionalPhrase();
        p.NamesSplitByParataxis();
        p.SubjectWithAPreposition();
        p.CoordinatedModifiers();
        p.PossessorOfAVerb();
        p.SplitSubjects();
        p.ReportsKeepNoEarlierWords();
        p.TrailingReports();
        p.ObjectTakenAsSubject();
        p.InfinitiveOfANamedObject();
        p.MeasureOfTimeTakenForASubject();
        p.VerbTakenForAModifierOfATime();
        p.ParentheticalRoot();
    }

    private sealed class Parse(SentenceTree tree, string[] words)
    {
        private readonly UPos[] upos = tree.Upos;
        private readonly string[] xpos = tree.Xpos;
        private readonly int[] head = tree.Head;
        private readonly string[] rel = tree.Rel;

        private int N => head.Length;

        private string BaseRel(int t) => tree.BaseRel(t);

        private bool IsNoun(int t) => upos[t] is UPos.NOUN or UPos.PROPN;

        private bool IsNominal(int t) => tree.IsNominal(t);

        private bool IsVerb(int t) => upos[t] == UPos.VERB;

        private bool IsPunct(int t) => upos[t] == UPos.PUNCT || words[t] is "," or ";" or ":";

        private IReadOnlyList<int> Children(int t) => tree.Children(t);

        /// <summary>First and last token of the subtree of <paramref name="t"/>; linear in the sentence length.</summary>
        private (int Lo, int Hi) Span(int t)
        {
            // a token is in the subtree when its nearest resolved ancestor is; resolve each token once
            var state = new sbyte[N]; // 0 unknown, 1 inside, -1 outside
            state[t] = 1;
            int lo = t, hi = t;
            var path = new List<int>();
            for (int i = 0; i < N; i++)
            {
                path.Clear();
                int k = i;
                while (k >= 0 && state[k] == 0 && path.Count <= N)
                {
                    path.Add(k);
                    k = head[k];
                }
                sbyte result = k >= 0 && state[k] == 1 ? (sbyte)1 : (sbyte)-1;
                foreach (var p in path) state[p] = result;
                if (state[i] == 1)
                {
                    lo = Math.Min(lo, i);
                    hi = Math.Max(hi, i);
                }
            }
            return (lo, hi);
        }

        private static int First(IReadOnlyList<int> list, Func<int, bool> test)
        {
            foreach (int x in list)
            {
                if (test(x)) return x;
            }
            return -1;
        }

        private static int Last(IReadOnlyList<int> list, Func<int, bool> test)
        {
            for (int i = list.Count - 1; i >= 0; i--)
            {
                if (test(list[i])) return list[i];
            }
            return -1;
        }

        private bool HasChild(int t, Func<int, bool> test) => tree.HasChild(t, test);

        private bool IsPassive(int t) => HasChild(t, c => rel[c] is "nsubj:pass" or "aux:pass");

        /// <summary>Prepositions that also open a subordinate clause ("after the vote" / "after crowds burned …").</summary>
        private static readonly HashSet<string> ClauseOpeners = new(StringComparer.Ordinal) { "AFTER", "BEFORE", "SINCE", "UNTIL", "TILL", "ONCE", "AS" };

        /// <summary>The nominal <paramref name="n"/>'s first word <paramref name="lo"/> is its own preposition and one that
        /// also opens a clause.</summary>
        private bool OpensAsAClause(int n, int lo) => Children(n).Contains(lo) && BaseRel(lo) == "case" && ClauseOpeners.Contains(words[lo]);

        /// <summary>"years after crowds burned the embassy" with "crowds" an <c>obl</c> of "burned" and "after" its case.</summary>
        public void ClauseTakenForAPrepositionalPhrase()
        {
            for (int v = 1; v < N; v++)
            {
                if (!IsVerb(v) || xpos[v] is not ("VBD" or "VBZ" or "VBP" or "VBN")) continue;
                // a coordinated verb shares its subject ("and after lunch signed the deal")
                if (HasChild(v, c => BaseRel(c) is "nsubj" or "csubj" or "expl" or "cc" || (xpos[v] == "VBN" && BaseRel(c) == "aux"))) continue;
                int n = Last(Children(v), c => c < v && BaseRel(c) is "obl" or "nmod" && (IsNoun(c) || upos[c] == UPos.PRON));
                if (n < 0) continue;
                var (lo, hi) = Span(n);
                if (hi + 1 != v || !OpensAsAClause(n, lo)) continue;
                tree.Attach(lo, v, "mark");
                tree.Attach(n, v, "nsubj");
                if (BaseRel(v) == "conj" && head[v] >= 0 && head[v] < v) tree.Attach(v, head[v], "advcl");
            }
            // the same clause read as a noun with a reduced relative ("after crowds" + "burned the embassy" as its acl):
            // a reduced relative is a participle, so a finite verb right after the noun is the noun's predicate
            for (int v = 1; v < N; v++)
            {
                int n = v - 1;
                if (!IsVerb(v) || xpos[v] is not ("VBD" or "VBZ" or "VBP") || rel[v] != "acl" || head[v] != n || !IsNoun(n) || head[n] < 0) continue;
                if (HasChild(v, c => BaseRel(c) is "nsubj" or "csubj" or "expl" or "cc" or "mark")) continue;
                int lo = Span(n).Lo;
                if (!OpensAsAClause(n, lo)) continue;
                tree.Attach(v, head[n], "advcl");
                tree.Attach(lo, v, "mark");
                tree.Attach(n, v, "nsubj");
            }
        }

        /// <summary>"was opposed earlier by Gondor" with "by Gondor" under "earlier".</summary>
        public void AgentUnderAdverb()
        {
            for (int o = 0; o < N; o++)
            {
                int a = head[o];
                if (a < 0 || BaseRel(o) is not ("obl" or "nmod") || !IsNominal(o)) continue;
                if (!HasChild(o, c => BaseRel(c) == "case" && words[c] == "BY")) continue;
                if (upos[a] is not (UPos.ADV or UPos.ADJ) || BaseRel(a) != "advmod") continue;
                int verb = head[a];
                if (verb < 0 || !IsVerb(verb) || !IsPassive(verb) || HasChild(verb, c => rel[c] == "obl:agent")) continue;
                tree.Attach(o, verb, "obl:agent");
            }
        }

        /// <summary>"Ruritania Prime Minister Anna Berg" with the name as parataxis of the country.</summary>
        public void NamesSplitByParataxis()
        {
            for (int c = 0; c < N; c++)
            {
                int h = head[c];
                // a bare "nmod" (no subtype, no preposition) after its head is the same split: "Ruritania" + "Prime Minister Anna Berg"
                bool split = BaseRel(c) is "parataxis" or "dep" or "vocative" or "list" || (rel[c] == "nmod" && h < c);
                if (h < 0 || !split || !IsNoun(c) || !IsNoun(h)) continue;
                // "Secretary of State" keeps its preposition: only a bare name is an apposition
                if (PunctuationBetween(Math.Min(h, c), Math.Max(h, c)) || HasChild(c, k => BaseRel(k) is "case" or "mark")) continue;
                rel[c] = "appos";
            }
        }

        /// <summary>A day, month or relative day name: a time, never part of a name ("lawmakers Tuesday endorsed").</summary>
        private bool IsTimeWord(int t) => words[t] is "MONDAY" or "TUESDAY" or "WEDNESDAY" or "THURSDAY" or "FRIDAY" or "SATURDAY"
            or "SUNDAY" or "TODAY" or "YESTERDAY" or "TOMORROW" or "JANUARY" or "FEBRUARY" or "MARCH" or "APRIL" or "JUNE" or "JULY"
            or "AUGUST" or "SEPTEMBER" or "OCTOBER" or "NOVEMBER" or "DECEMBER";

        private bool CoordinatorBetween(int lo, int hi)
        {
            for (int k = lo + 1; k < hi; k++)
            {
                if (upos[k] == UPos.CCONJ) return true;
            }
            return false;
        }

        private bool PunctuationBetween(int lo, int hi)
        {
            for (int k = lo + 1; k < hi; k++)
            {
                if (IsPunct(k)) return true;
            }
            return false;
        }

        /// <summary>Two subjects (or objects) of one verb: one phrase split in two, or a coordination the parse did not
        /// build.</summary>
        public void SplitSubjects()
        {
            for (int h = 0; h < N; h++)
            {
                if (upos[h] is not (UPos.VERB or UPos.ADJ or UPos.NOUN or UPos.PROPN or UPos.AUX)) continue;
                foreach (var relation in (string[])["nsubj", "nsubj:pass", "obj"])
                {
                    for (int guard = 0; guard < N; guard++)
                    {
                        if (!MergeOnePair(h, relation)) break;
                    }
                }
            }
        }

        /// <summary>"Japan and Kenya leaders" with both names compounds of "leaders" and the coordinator between them:
        /// the later name is a conjunct of the earlier.</summary>
        public void CoordinatedModifiers()
        {
            for (int b = 1; b < N; b++)
            {
                int n = head[b];
                if (n < 0 || b > n || BaseRel(b) != "compound" || !IsNoun(b)) continue;
                int lo = Span(b).Lo;
                int cc = lo - 1;
                if (cc < 1 || upos[cc] != UPos.CCONJ || head[cc] is var hc && hc != n && hc != b) continue;
                int a = Last(Children(n), k => k < cc && BaseRel(k) == "compound" && IsNoun(k) && Span(k).Hi + 1 == cc);
                if (a < 0) continue;
                tree.Attach(cc, b, "cc");
                tree.Attach(b, a, "conj");
            }
        }

        private bool MergeOnePair(int h, string relation)
        {
            var kids = Children(h);
            var same = kids.Where(c => rel[c] == relation && IsNominal(c)).ToList();
            if (relation != "obj" && same.Count >= 1)
            {
                // a caseless nominal before the subject, coordinated with it, is a subject too
                int first = same[0];
                int lead = Last(kids, c => c < Span(first).Lo && IsNoun(c) && rel[c] is "obl:unmarked" or "obl:npmod" or "obl:tmod" or "nmod:unmarked" or "dep"
                    && !HasChild(c, k => BaseRel(k) is "case" or "mark"));
                if (lead >= 0 && CoordinationGap(lead, first) is { } g && g.Count > 0)
                {
                    rel[lead] = relation;
                    same.Insert(0, lead);
                }
            }
            for (int i = 0; i + 1 < same.Count; i++)
            {
                int a = same[i], b = same[i + 1];
                var sa = Span(a);
                var sb = Span(b);
                if (sa.Hi >= sb.Lo || (sa.Hi < h && h < sb.Lo)) continue;
                if (sa.Hi + 1 == sb.Lo)
                {
                    // "Monday she said", "the crowd it dispersed": a pronoun or a number forms no name with its neighbour
                    if (PunctuationBetween(a, b) || !IsNoun(a) || !IsNoun(b) || IsTimeWord(a) || IsTimeWord(b)) continue;
                    if (HasChild(b, k => BaseRel(k) == "case" && k < b))
                    {
                        // "the Secretary" + "of State": the later phrase, with its preposition, modifies the earlier
                        tree.Attach(b, a, "nmod");
                        return true;
                    }
                    if (CoordinatorBetween(a, b))
                    {
                        // "defense and military officials" with "and" inside the later phrase: a coordination
                        tree.Attach(b, a, "conj");
                        return true;
                    }
                    // back to back: one phrase split in two
                    if (HasChild(a, c => xpos[c] == "POS" || words[c] is "'S" or "'"))
                    {
                        tree.Attach(a, b, "nmod:poss");
                    }
                    else
                    {
                        tree.Attach(b, a, "appos");
                    }
                    return true;
                }
                if (CoordinationGap(a, b) is { } gap)
                {
                    foreach (var k in gap)
                    {
                        tree.Attach(k, b, upos[k] switch
                        {
                            UPos.CCONJ => "cc",
                            UPos.PUNCT => "punct",
                            UPos.DET => "det",
                            UPos.ADJ => "amod",
                            UPos.NUM => "nummod",
                            UPos.NOUN or UPos.PROPN => "compound",
                            _ => "dep",
                        });
                    }
                    // "the envoys of Gondor, Rohan and Arnor": the later phrase closes a list the earlier one ends with
                    tree.Attach(b, OpenListStart(a) ?? a, "conj");
                    return true;
                }
            }
            return false;
        }

        /// <summary>The first conjunct of a coordination without coordinator ("Gondor, Rohan") that ends the phrase of
        /// <paramref name="a"/> inside it, or null.</summary>
        private int? OpenListStart(int a)
        {
            int end = Span(a).Hi;
            for (int x = end; x > a; x--)
            {
                if (BaseRel(x) != "conj" || !IsNominal(x) || Span(x).Hi != end) continue;
                int first = head[x];
                if (first < 0 || !IsNominal(first) || !tree.InSubtree(first, a) || first == a) return null;
                var conjuncts = Children(first).Where(k => BaseRel(k) == "conj").Append(first).ToList();
                if (conjuncts.Any(k => HasChild(k, c => BaseRel(c) == "cc"))) return null;
                if (!PunctuationBetween(first, x)) return null;
                return first;
            }
            return null;
        }

        /// <summary>The tokens between the phrases of <paramref name="a"/> and the later <paramref name="b"/> when they
        /// hold a coordinator, no verb, and nothing attached outside themselves except to the common head; else null.</summary>
        private List<int>? CoordinationGap(int a, int b)
        {
            int from = Span(a).Hi + 1, to = Span(b).Lo;
            if (from >= to) return null;
            bool coordinator = false;
            var gap = new List<int>();
            for (int k = from; k < to; k++)
            {
                if (upos[k] is UPos.VERB or UPos.AUX or UPos.ADP or UPos.SCONJ or UPos.PRON) return null;
                if (upos[k] == UPos.CCONJ) coordinator = true;
                int hk = head[k];
                if (hk != head[b] && (hk < from || hk >= to)) return null;
                gap.Add(k);
            }
            return coordinator ? gap : null;
        }

        /// <summary>"Gondor's minister Anna Berg said …" with "Gondor" the possessor of "said": a verb has no possessor,
        /// so it belongs to the subject phrase right after it.</summary>
        public void PossessorOfAVerb()
        {
            for (int p = 0; p < N; p++)
            {
                int v = head[p];
                if (v < 0 || rel[p] != "nmod:poss" || p > v || upos[v] is not (UPos.VERB or UPos.AUX)) continue;
                int from = Span(p).Hi + 1;
                int s = First(Children(v), c => c > p && BaseRel(c) == "nsubj" && IsNoun(c));
                if (s < 0 || s > v) continue;
                bool inside = true;
                for (int k = from; k < s && inside; k++) inside = tree.InSubtree(k, s);
                if (inside) tree.Attach(p, s, "nmod:poss");
            }
        }

        /// <summary>"broke the treaty with X years after …, an official said." with the "with" phrase hung from "said":
        /// a report that closes the sentence after a comma holds no words before that comma; they go back to the clause
        /// it comments on.</summary>
        public void ReportsKeepNoEarlierWords()
        {
            int last = N - 1;
            while (last >= 0 && IsPunct(last) && words[last] is not ("," or ";" or ":")) last--;
            for (int k = 0; k < N; k++)
            {
                int h = head[k];
                if (h < 0 || h > k || !IsVerb(k) || !IsVerb(h)) continue;
                var kids = Children(k);
                int subject = First(kids, c => BaseRel(c) == "nsubj" && c < k);
                if (subject < 0 || !IsNominal(subject) || Span(k).Hi < last) continue;
                if (kids.Any(c => BaseRel(c) is "obj" or "ccomp" or "xcomp" or "iobj" or "mark" or "cc")) continue;
                int comma = Span(subject).Lo - 1;
                if (comma <= h || words[comma] != ",") continue;
                var earlier = kids.Where(c => c < comma && upos[c] != UPos.PUNCT).ToList();
                if (earlier.Count == 0) continue;
                foreach (var c in earlier) tree.Attach(c, h, rel[c]);
                if (head[comma] != k && !tree.InSubtree(k, comma)) tree.Attach(comma, k, "punct");
            }
        }

        /// <summary>", a senior official said on Monday." closing the sentence under some other clause.</summary>
        public void TrailingReports()
        {
            int last = N - 1;
            while (last >= 0 && IsPunct(last) && words[last] is not ("," or ";" or ":")) last--;
            for (int k = 0; k < N; k++)
            {
                int h = head[k];
                if (h < 0 || h > k || !IsVerb(k) || BaseRel(k) is "conj" or "parataxis" or "root") continue;
                var kids = Children(k);
                int subject = First(kids, c => BaseRel(c) == "nsubj" && c < k);
                if (subject < 0 || !IsNominal(subject)) continue;
                if (kids.Any(c => BaseRel(c) is "obj" or "ccomp" or "xcomp" or "iobj" or "mark")) continue;
                var span = Span(k);
                if (span.Hi < last || span.Lo == 0) continue;
                int before = span.Lo;
                if (words[before] != ",") before--;
                // ", the official news agency WFNA said" with the words before the name hung elsewhere: the coder reads
                // them as the subject's left part, so the comma before them opens the report
                while (before >= 0 && words[before] != "," && upos[before] is UPos.DET or UPos.ADJ or UPos.NOUN or UPos.PROPN or UPos.NUM) before--;
                if (before < 0 || words[before] != ",") continue;
                // a report on the whole sentence: hung from the root, as "said" in "X did Y, an official said"
                int root = Array.IndexOf(head, -1);
                tree.Attach(k, root >= 0 && root != k && !tree.InSubtree(root, k) ? root : head[k], "parataxis");
            }
        }

        /// <summary>"broke off a treaty with Gondor years after crowds burned …" with "treaty" the subject of "burned".</summary>
        public void ObjectTakenAsSubject()
        {
            for (int c = 0; c < N; c++)
            {
                int h = head[c];
                if (h < 0 || h > c || BaseRel(c) != "conj" || !IsVerb(c) || !IsVerb(h)) continue;
                var kids = Children(c);
                if (kids.Any(k => BaseRel(k) == "cc")) continue;
                bool separated = false;
                for (int k = h + 1; k < c && !separated; k++) separated = IsPunct(k) || upos[k] == UPos.CCONJ;
                if (separated) continue;
                int subject = First(kids, k => BaseRel(k) == "nsubj" && h < k && k < c && IsNoun(k));
                if (subject < 0 || HasChild(h, k => BaseRel(k) is "obj" or "ccomp" or "xcomp")) continue;
                // "after the skirmish went wrong": a subject introduced by a preposition or conjunction is one
                if (HasChild(subject, k => BaseRel(k) is "case" or "mark")) continue;
                bool introduced = false;
                for (int k = h + 1; k < Span(subject).Lo && !introduced; k++)
                    introduced = upos[k] is UPos.ADP or UPos.SCONJ && rel[k] != "compound:prt";
                if (introduced) continue;
                tree.Attach(subject, h, "obj");
                rel[c] = "dep";
            }
        }
    
        /// <summary>"hosting Kenya to celebrate the day" with "celebrate" under "Kenya", or under "hosting" as an
        /// adverbial clause right after the named object.</summary>
        public void InfinitiveOfANamedObject()
        {
            for (int c = 0; c < N; c++)
            {
                int o = head[c];
                if (o < 0 || !IsVerb(c) || o > c) continue;
                if (BaseRel(c) == "advcl" && IsVerb(o))
                {
                    // the object whose phrase ends right before the infinitive's
                    int lo = Span(c).Lo;
                    o = Last(Children(o), k => k < c && BaseRel(k) == "obj" && Span(k).Hi + 1 == lo);
                    if (o < 0) continue;
                }
                else if (BaseRel(c) != "acl") continue;
                if (upos[o] is not (UPos.PROPN or UPos.PRON) || BaseRel(o) != "obj" || head[o] < 0 || !IsVerb(head[o])) continue;
                if (!HasChild(c, k => BaseRel(k) == "mark" && xpos[k] == "TO") || HasChild(c, k => BaseRel(k) is "nsubj" or "csubj")) continue;
                tree.Attach(c, head[o], "xcomp");
            }
        }

        /// <summary>"restore ties, five years after crowds burned …" with "years" the subject of "burned": a counted
        /// span of time followed by an "after", "before" or "since" phrase dates an event, it does not act; it moves with
        /// its phrase to the nearest verb before it outside the clause it was the subject of, as an unmarked
        /// <c>obl</c>.</summary>
        public void MeasureOfTimeTakenForASubject()
        {
            for (int s = 0; s < N; s++)
            {
                int v = head[s];
                if (v < 0 || BaseRel(s) != "nsubj" || !IsNoun(s) || s > v || !IsVerb(v)) continue;
                if (!HasChild(s, c => BaseRel(c) == "nummod" && upos[c] == UPos.NUM)) continue;
                if (!HasChild(s, y => y > s && BaseRel(y) == "nmod" && HasChild(y, k => BaseRel(k) == "case" && words[k] is "AFTER" or "BEFORE" or "SINCE"))) continue;
                int lo = Span(s).Lo;
                int target = -1;
                for (int k = lo - 1; k >= 0 && target < 0; k--)
                {
                    if (IsVerb(k) && !tree.InSubtree(k, v)) target = k;
                }
                if (target < 0) continue;
                tree.Attach(s, target, "obl:unmarked");
            }
        }

        /// <summary>"officials in Kenya's capital condemned …" with "capital" as the subject and "officials" a bare
        /// nominal under it: a subject takes no preposition, so the nominal before the preposition heads the subject and
        /// the prepositional phrase modifies it.</summary>
        public void SubjectWithAPreposition()
        {
            for (int s = 0; s < N; s++)
            {
                int v = head[s];
                if (v < 0 || BaseRel(s) != "nsubj" || !IsNoun(s)) continue;
                int k = First(Children(s), c => c < s && BaseRel(c) == "case" && upos[c] == UPos.ADP);
                if (k < 0) continue;
                int y = Last(Children(s), c => c < k && IsNoun(c) && BaseRel(c) is not ("appos" or "conj")
                    && rel[c] != "nmod:poss");
                if (y < 0 || Span(y).Hi + 1 != k || HasChild(y, c => BaseRel(c) is "case" or "mark")) continue;
                int lo = Span(y).Lo;
                tree.Attach(y, v, rel[s]);
                foreach (var c in Children(s).Where(c => c < lo).ToList()) tree.Attach(c, y, rel[c]);
                tree.Attach(s, y, "nmod");
            }
        }

        /// <summary>"condemned the raid on Monday and promised aid" with "aid" a conjunct of "Monday" and "promised" its
        /// modifier: a day or month is coordinated with times only, so the verb after the coordinator is a conjunct of the
        /// clause's verb and the noun its object.</summary>
        public void VerbTakenForAModifierOfATime()
        {
            for (int n = 0; n < N; n++)
            {
                int m = head[n];
                if (m < 0 || BaseRel(n) != "conj" || !IsNoun(n) || !IsTimeWord(m) || IsTimeWord(n)) continue;
                int verb = First(Children(n), c => c < n && IsVerb(c) && BaseRel(c) == "amod" && xpos[c] is "VBD" or "VBN");
                if (verb < 1 || Children(verb).Count > 0) continue;
                int cc = verb - 1;
                if (upos[cc] != UPos.CCONJ || head[cc] != n) continue;
                int clause = head[m];
                while (clause >= 0 && !IsVerb(clause)) clause = head[clause];
                if (clause < 0) continue;
                tree.Attach(verb, clause, "conj");
                tree.Attach(cc, verb, "cc");
                tree.Attach(n, verb, "obj");
            }
        }

        /// <summary>", it seems," between commas taken for the root with the real main clause under it: the clause before
        /// the comma is the root. The parenthetical becomes its <c>ccomp</c>, not a <c>parataxis</c> (which the coder reads
        /// as a separate report), because the words the parse hung after it continue the main clause ("restore, it seems,
        /// full ties with X").</summary>
        public void ParentheticalRoot()
        {
            int root = Array.IndexOf(head, -1);
            if (root < 0 || !IsVerb(root)) return;
            int subject = First(Children(root), c => c < root && BaseRel(c) is "expl" or "nsubj" && upos[c] == UPos.PRON);
            if (subject < 1 || words[subject - 1] != "," || subject + 1 != root) return;
            // a parenthetical: an expletive subject or a comma closing it ("Kenya left, it rained." is two clauses)
            if (rel[subject] != "expl" && (root + 1 >= N || words[root + 1] != ",")) return;
            // "When Kenya left, it seemed …": a clause with a subordinator is a real adverbial clause
            int clause = Last(Children(root), c => c < subject - 1 && IsVerb(c) && BaseRel(c) is "advcl" or "ccomp" or "csubj" or "parataxis"
                && HasChild(c, k => BaseRel(k) == "nsubj") && !HasChild(c, k => BaseRel(k) == "mark") && Span(c).Hi <= subject - 1);
            if (clause < 0) return;
            tree.Attach(clause, -1, "root");
            tree.Attach(root, clause, "ccomp");
            if (head[subject - 1] == root) tree.Attach(subject - 1, root, "punct");
        }
    }
}
