using Attest.Syntax;
using Attest.Text;

namespace Attest.Events.Petrarch;

/// <summary>One PETRARCH-style coding: source and target actor codes (<c>---</c> when absent) and the event code.</summary>
public readonly record struct PetrarchCoding(string Source, string Target, string EventCode)
{
    public override string ToString() => $"{Source} {Target} {EventCode}";
}

/// <summary>Options of <see cref="PetrarchCoder"/>.</summary>
public sealed record PetrarchCoderOptions
{
    /// <summary>PETRARCH's <c>require_dyad</c>: drop codings without a source or a target.</summary>
    public bool RequireDyad { get; init; } = true;

    /// <summary>PETRARCH's <c>new_actor_length</c>: a source or target phrase without any code but with at most this many
    /// words is reported as its upper-case text in quotes; 0 turns this off.</summary>
    public int NewActorLength
    {
        get => newActorLength;
        init => newActorLength = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(NewActorLength), value, "must be 0 or more");
    }

    private readonly int newActorLength;
}

/// <summary>
/// Applies PETRARCH dictionaries over Attest's own tokenization and dependency parse. For every verb the verb dictionary
/// knows (compound forms first, then the surface word, then its lemma) it tries the block's patterns, longest first:
/// lower elements must appear before the verb in the sentence, upper ones after it within the verb's subtree, in order,
/// adjacent where the pattern joins them with <c>_</c>. <c>$</c>, <c>+</c> and <c>%</c> before the verb bind the
/// verb's subject; after it, the actor phrase found there; <c>^</c> skips a noun phrase. Without a pattern the verb's
/// default code applies. The source is the subject (passives with a <c>by</c> agent swap roles; control verbs and
/// conjoined verbs inherit the subject; a pronoun subject takes the governing clause's source), the target the first
/// actor or agent phrase after the verb in its subtree. A coded verb absorbs the verbs of its complements. Noun phrases
/// give actors (first one in the phrase, else those of its prepositional modifier) combined with agents
/// (<c>~GOV</c> appends, <c>NGO~</c> prepends, "former" makes <c>ELI</c>); coordinated phrases give one code per conjunct.
/// Sentences holding a discard phrase give nothing (a story discard: the whole text). Where the parse is wrong in ways
/// common on headline-style text, general recoveries apply: a verb form the tagger took for a noun or adverb after a
/// modal or infinitival "to" (or right after a sentence-initial actor name), a compound verb around a mis-tagged word, a
/// subject taken from the nearest actor before the verb when the parse gives none, an object from the next actor before
/// the next clause, a conjunct only where a coordinator separates it. Immutable and thread-safe.
/// </summary>
public sealed class PetrarchCoder
{
    private readonly PetrarchDictionaries dictionaries;
    private readonly ITokenizer tokenizer;
    private readonly ISyntaxAnalyzer syntax;

    public PetrarchCoder(PetrarchDictionaries dictionaries, ITokenizer tokenizer, ISyntaxAnalyzer syntax)
    {
        this.dictionaries = dictionaries;
        this.tokenizer = tokenizer;
        this.syntax = syntax;
    }

    /// <summary>Codes every sentence of <paramref name="text"/>; <paramref name="date"/> selects date-restricted actor codes.</summary>
    public IReadOnlyList<PetrarchCoding> Code(string text, DateOnly? date, PetrarchCoderOptions options)
    {
        var tokens = tokenizer.Tokenize(text);
        var layer = syntax.Analyze(tokens);
        var result = new List<PetrarchCoding>();
        var sentences = new List<SentenceView>(tokens.SentenceCount);
        for (int s = 0; s < tokens.SentenceCount; s++) sentences.Add(new SentenceView(tokens, layer, tokens.Sentences[s], dictionaries));
        // a story discard (+PHRASE) anywhere drops the whole text; a sentence discard drops its sentence
        if (sentences.Exists(x => x.StoryDiscarded)) return result;
        foreach (var sentence in sentences)
        {
            if (sentence.Discarded) continue;
            new SentenceCoder(sentence, dictionaries, date, options).Run(result);
        }
        return result;
    }

    /// <summary>The parse the coder sees, one sentence a line (index, word, UPOS, XPOS, head, relation), for diagnostics;
    /// an attachment that <see cref="ParseRepair"/> changed is marked with <c>*</c>.</summary>
    public string DescribeParse(string text)
    {
        var tokens = tokenizer.Tokenize(text);
        var layer = syntax.Analyze(tokens);
        var sb = new System.Text.StringBuilder();
        for (int s = 0; s < tokens.SentenceCount; s++)
        {
            var r = tokens.Sentences[s];
            var view = new SentenceView(tokens, layer, r, dictionaries);
            for (int i = r.FirstToken; i < r.EndToken; i++)
            {
                int k = i - r.FirstToken;
                int raw = layer.Heads[i] < r.FirstToken || layer.Heads[i] >= r.EndToken ? -1 : layer.Heads[i] - r.FirstToken;
                string mark = raw != view.Head[k] || !string.Equals(layer.Relations[i], view.Rel[k], StringComparison.Ordinal) ? "*" : "";
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{k}:{tokens.TokenText(i)}/{layer.Upos[i]}/{layer.Xpos[i]}>{view.Head[k]}:{view.Rel[k]}{mark} ");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Parse, words and dictionary matches of one sentence; token indexes are sentence-local.</summary>
    internal sealed class SentenceView
    {
        public SentenceView(TokenizedText tokens, SyntaxLayer layer, SentenceRange range, PetrarchDictionaries d)
        {
            N = range.TokenCount;
            int first = range.FirstToken;
            Upos = new UPos[N];
            Xpos = new string[N];
            Lemma = new string[N];
            Rel = new string[N];
            Head = new int[N];
            Children = new List<int>[N];
            TokenFirstWord = new int[N];
            TokenEndWord = new int[N];
            for (int i = 0; i < N; i++)
            {
                Upos[i] = layer.Upos[first + i];
                Xpos[i] = layer.Xpos[first + i];
                Lemma[i] = layer.Lemmas[first + i].ToUpperInvariant();
                Rel[i] = layer.Relations[first + i];
                int h = layer.Heads[first + i];
                Head[i] = h < first || h >= first + N ? -1 : h - first;
            }
            var firstWords = new string[N];
            for (int i = 0; i < N; i++) firstWords[i] = tokens.TokenText(first + i).Replace('\u2019', '\'').ToUpperInvariant();
            tree = new SentenceTree(Upos, Xpos, Head, Rel);
            ParseRepair.Apply(tree, firstWords);
            for (int i = 0; i < N; i++) Children[i] = [.. tree.Children(i)];
            for (int i = 0; i < N; i++)
            {
                TokenFirstWord[i] = Words.Count;
                var text = tokens.TokenText(first + i).Replace('\u2019', '\'');
                var parts = text.Split('_', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0) parts = [text];
                foreach (var p in parts)
                {
                    Words.Add(p.ToUpperInvariant());
                    WordToken.Add(i);
                }
                TokenEndWord[i] = Words.Count;
            }
            ActorMatches = d.Actors.FindAll(Words);
            var taken = new bool[Words.Count];
            foreach (var m in ActorMatches)
            {
                for (int w = m.Start; w < m.End; w++) taken[w] = true;
            }
            AgentMatches = d.Agents.FindAll(Words, taken);
            ActorAtWord = Fill(Words.Count, ActorMatches.Select(m => (m.Start, m.End)));
            AgentAtWord = Fill(Words.Count, AgentMatches.Select(m => (m.Start, m.End)));
            var discards = d.Discards.FindAll(Words);
            Discarded = discards.Count > 0;
            StoryDiscarded = discards.Exists(m => m.Value);
        }

        private readonly SentenceTree tree;

        public int N { get; }
        public UPos[] Upos { get; }
        public string[] Xpos { get; }
        public string[] Lemma { get; }
        public string[] Rel { get; }
        public int[] Head { get; }
        public List<int>[] Children { get; }
        public List<string> Words { get; } = [];
        public List<int> WordToken { get; } = [];
        public int[] TokenFirstWord { get; }
        public int[] TokenEndWord { get; }
        public List<PhraseMatch<PetrarchActor>> ActorMatches { get; }
        public List<PhraseMatch<string>> AgentMatches { get; }
        /// <summary>Index of the actor match covering each word, or -1.</summary>
        public int[] ActorAtWord { get; }
        public int[] AgentAtWord { get; }
        public bool Discarded { get; }
        public bool StoryDiscarded { get; }

        private static int[] Fill(int n, IEnumerable<(int Start, int End)> matches)
        {
            var a = new int[n];
            Array.Fill(a, -1);
            int k = 0;
            foreach (var (s, e) in matches)
            {
                for (int w = s; w < e; w++) a[w] = k;
                k++;
            }
            return a;
        }

        public string BaseRel(int t) => tree.BaseRel(t);

        public bool IsNominal(int t) => tree.IsNominal(t);

        public int SubtreeEnd(int t)
        {
            int end = t;
            foreach (var c in Children[t]) end = Math.Max(end, SubtreeEnd(c));
            return end;
        }

        public bool InSubtree(int t, int root) => tree.InSubtree(t, root);

        /// <summary>Whether a word starts an actor or an agent phrase.</summary>
        public bool StartsPhrase(int w) =>
            (ActorAtWord[w] >= 0 && ActorMatches[ActorAtWord[w]].Start == w) || (AgentAtWord[w] >= 0 && AgentMatches[AgentAtWord[w]].Start == w);
    }

    private sealed class Bindings
    {
        public int SourceToken = -1;
        public int TargetToken = -1;
        public int CompoundToken = -1;
        public bool LowerSource;
        public bool LowerTarget;
        public bool LowerCompound;
    }

    private sealed class SentenceCoder
    {
        private static readonly HashSet<string> CoreRels = new(StringComparer.Ordinal)
        {
            "compound", "flat", "amod", "det", "nummod", "case", "fixed", "goeswith",
        };

        private readonly SentenceView v;
        private readonly PetrarchDictionaries d;
        private readonly DateOnly? date;
        private readonly PetrarchCoderOptions options;

        public SentenceCoder(SentenceView view, PetrarchDictionaries dictionaries, DateOnly? date, PetrarchCoderOptions options)
        {
            v = view;
            d = dictionaries;
            this.date = date;
            this.options = options;
        }

        public void Run(List<PetrarchCoding> output)
        {
            var coded = new List<int>();
            for (int t = 0; t < v.N; t++)
            {
                if (!IsVerb(t)) continue;
                if (coded.Exists(a => Absorbs(a, t))) continue;
                var match = FindVerb(t);
                if (match is null) continue;
                if (CodeVerb(t, match.Value, output)) coded.Add(t);
            }
        }

        private bool IsVerb(int t)
        {
            if (v.Upos[t] == UPos.VERB || (v.Xpos[t].StartsWith("VB", StringComparison.Ordinal) && v.Upos[t] != UPos.AUX)) return true;
            if (v.Upos[t] is not (UPos.NOUN or UPos.ADV or UPos.ADJ)) return false;
            // a verb the tagger missed: right after a modal or infinitival "to" (adverbs and negation may come between)
            int k = t - 1;
            while (k >= 0 && (v.Upos[k] == UPos.ADV || (v.Upos[k] == UPos.PART && v.Xpos[k] != "TO"))) k--;
            if (k >= 0 && (v.Xpos[k] == "MD" || (v.Xpos[k] == "TO" && v.Upos[k] == UPos.PART))) return true;
            // "Ethiopia departs from Libya": a noun without determiner right after a sentence-initial actor name
            if (v.Upos[t] == UPos.NOUN && t > 0 && !v.Children[t].Exists(c => v.BaseRel(c) == "det"))
            {
                int w = v.TokenFirstWord[t] - 1;
                if (v.ActorAtWord[w] >= 0)
                {
                    var m = v.ActorMatches[v.ActorAtWord[w]];
                    if (m.Start == 0 && m.End == w + 1) return true;
                }
            }
            return false;
        }

        /// <summary>A coded verb absorbs a later verb in its subtree unless coordination or parataxis separates them.</summary>
        private bool Absorbs(int a, int b)
        {
            if (b < a) return false;
            for (int k = b, guard = 0; k >= 0 && guard <= v.N; k = v.Head[k], guard++)
            {
                if (k == a) return true;
                var rel = v.BaseRel(k);
                if (rel is "conj" or "parataxis") return false;
                // a relative clause with a subject of its own ("..., a senior official said") is a separate report
                if (v.Rel[k] == "acl:relcl" && v.Children[k].Exists(c => v.BaseRel(c) == "nsubj" && v.Upos[c] != UPos.PRON)) return false;
            }
            return false;
        }

        private readonly record struct VerbMatch(int FirstWord, int EndWord, VerbForm[] Forms);

        private VerbMatch? FindVerb(int t)
        {
            int w = v.TokenFirstWord[t];
            var surface = Match(w, v.Words[w]);
            // a compound verb whose verb word is a neighbour the tagger took for a noun ("wire tap")
            for (int o = -2; o <= 2; o++)
            {
                int vw = w + o;
                if (o == 0 || vw < 0 || vw >= v.Words.Count) continue;
                var near = Match(vw, v.Words[vw]);
                if (near is { } n && n.EndWord - n.FirstWord > 1 && n.FirstWord <= w && w < n.EndWord
                    && (surface is null || n.EndWord - n.FirstWord > surface.Value.EndWord - surface.Value.FirstWord))
                    surface = n;
            }
            if (surface is not null) return surface;
            bool tagged = v.Upos[t] == UPos.VERB || v.Xpos[t].StartsWith("VB", StringComparison.Ordinal);
            return tagged ? Match(w, v.Lemma[t]) : null;
        }

        private VerbMatch? Match(int w, string verbWord)
        {
            var forms = d.Verbs.FormsOf(verbWord);
            VerbMatch? best = null;
            var same = new List<VerbForm>();
            int bestLen = 0;
            foreach (var f in forms)
            {
                int start = w - f.VerbIndex;
                int len = f.Words.Count;
                if (start < 0 || start + len > v.Words.Count) continue;
                bool ok = true;
                for (int k = 0; k < len && ok; k++)
                {
                    ok = k == f.VerbIndex || string.Equals(v.Words[start + k], f.Words[k], StringComparison.Ordinal);
                }
                if (!ok) continue;
                if (len > bestLen)
                {
                    bestLen = len;
                    same.Clear();
                    best = new VerbMatch(start, start + len, []);
                }
                if (len == bestLen && best is { } b && b.FirstWord == start) same.Add(f);
            }
            return best is { } m ? m with { Forms = [.. same] } : null;
        }

        private bool CodeVerb(int t, VerbMatch verb, List<PetrarchCoding> output)
        {
            var outside = new HashSet<int>();
            int clauseEnd = t;
            foreach (var c in v.Children[t])
            {
                if (v.BaseRel(c) is "conj" or "parataxis") MarkSubtree(c, outside);
                else clauseEnd = Math.Max(clauseEnd, v.SubtreeEnd(c));
            }
            int upperEndWord = v.TokenEndWord[clauseEnd];
            // a verb the tagger missed has no dependents of its own: its phrase runs to the next comma
            bool recovered = v.Upos[t] != UPos.VERB && !v.Xpos[t].StartsWith("VB", StringComparison.Ordinal);
            if (recovered)
            {
                upperEndWord = verb.EndWord;
                while (upperEndWord < v.Words.Count && v.Words[upperEndWord] is not ("," or ";" or ":")) upperEndWord++;
            }
            string? code = null;
            Bindings? bind = null;
            foreach (var form in verb.Forms)
            {
                foreach (var p in form.Block.Patterns)
                {
                    var b = new Bindings();
                    if (!MatchLower(p.Lower, p.Lower.Count - 1, verb.FirstWord, p.Lower.Count > 0 && p.Lower[^1].Join == PatternJoin.Adjacent, b)) continue;
                    if (!MatchUpper(p.Upper, 0, verb.EndWord, upperEndWord, p.Upper.Count > 0 && p.Upper[0].Join == PatternJoin.Adjacent, b)) continue;
                    code = p.Code is "+++" ? form.Code ?? form.Block.Code : p.Code;
                    bind = b;
                    break;
                }
                if (bind is not null) break;
            }
            if (bind is null)
            {
                code = verb.Forms.Select(f => f.Code).FirstOrDefault(c => c is not null);
                bind = new Bindings();
            }
            if (code is null or "---") return false;

            // roles
            var clause = Clause(t);
            int lastVerbToken = v.WordToken[verb.EndWord - 1];
            List<string> sources;
            List<string> targets;
            var exclude = outside;
            if (bind.LowerCompound && clause.Subject >= 0)
            {
                var members = NpCodes(clause.Subject);
                string primaryCode = code.Split(':')[0];
                if (primaryCode.Length == 0) return true;
                foreach (var a in members)
                {
                    foreach (var b in members)
                    {
                        if (!string.Equals(a, b, StringComparison.Ordinal)) Add(output, new PetrarchCoding(a, b, primaryCode));
                    }
                }
                return true;
            }
            if (bind.LowerTarget)
            {
                targets = clause.Subject >= 0 ? NpCodes(clause.Subject) : [];
                sources = bind.SourceToken >= 0 ? NpCodes(Climb(bind.SourceToken)) : GoverningSource(t);
            }
            else
            {
                if (clause.Agent >= 0 && bind.SourceToken < 0)
                {
                    sources = NpCodes(clause.Agent);
                    MarkSubtree(clause.Agent, exclude);
                }
                else if (bind.SourceToken >= 0 && !bind.LowerSource)
                {
                    sources = NpCodes(Climb(bind.SourceToken));
                }
                else
                {
                    sources = SubjectCodes(clause);
                    if (sources.Count == 0 && options.NewActorLength > 0) sources = NewActor(clause.Subjects.Length > 0 ? clause.Subjects : clause.Subject >= 0 ? [clause.Subject] : []);
                    if (sources.Count == 0 && clause.Subject >= 0 && v.Upos[clause.Subject] == UPos.PRON) sources = GoverningSource(t);
                    if (clause.Subject < 0 && sources.Count == 0) sources = NearestBefore(verb.FirstWord, t);
                    if (clause.Subject < 0 && sources.Count == 0 && v.BaseRel(t) is not ("conj" or "parataxis")) sources = GoverningSource(t);
                }
                if (bind.CompoundToken >= 0) targets = NpCodes(Climb(bind.CompoundToken));
                else if (bind.TargetToken >= 0) targets = NpCodes(Climb(bind.TargetToken));
                else if (clause.Agent >= 0 && bind.SourceToken < 0 && clause.Subject >= 0) targets = NpCodes(clause.Subject);
                else if (bind.SourceToken >= 0 && !bind.LowerSource && clause.Subject >= 0) targets = NpCodes(clause.Subject);
                else targets = DefaultTarget(lastVerbToken, clauseEnd, exclude);
                if (targets.Count == 0 && bind.TargetToken < 0 && bind.CompoundToken < 0) targets = NextPhrase(verb.EndWord, t, exclude, recovered);
                if (targets.Count == 0 && options.NewActorLength > 0)
                {
                    int obj = v.Children[t].Find(c => c > t && v.BaseRel(c) is "obj" or "obl" && v.IsNominal(c) && !exclude.Contains(c));
                    if (obj > 0) targets = NewActor([obj]);
                }
            }

            var parts = code.Split(':');
            foreach (var s in sources.Count > 0 ? sources : ["---"])
            {
                foreach (var g in targets.Count > 0 ? targets : ["---"])
                {
                    bool hasSource = sources.Count > 0, hasTarget = targets.Count > 0;
                    if (options.RequireDyad && (!hasSource || !hasTarget)) continue;
                    if (!hasSource) continue;
                    if (string.Equals(s, g, StringComparison.Ordinal)) continue;
                    if (parts[0].Length > 0) Add(output, new PetrarchCoding(s, g, parts[0]));
                    if (parts.Length > 1 && parts[1].Length > 0 && hasSource && hasTarget) Add(output, new PetrarchCoding(g, s, parts[1]));
                }
            }
            return true;
        }

        private static void Add(List<PetrarchCoding> output, PetrarchCoding c)
        {
            if (!output.Contains(c)) output.Add(c);
        }

        private readonly record struct ClauseRoles(int Subject, int Agent, bool Passive, int[] Subjects);

        private List<string> SubjectCodes(ClauseRoles clause)
        {
            var codes = new List<string>();
            foreach (var s in clause.Subjects.Length > 0 ? clause.Subjects : clause.Subject >= 0 ? [clause.Subject] : [])
            {
                var np = NpCodes(s);
                if (np.Count == 0) np = LeftExtension(s);
                foreach (var c in np)
                {
                    if (!codes.Contains(c)) codes.Add(c);
                }
            }
            return codes;
        }

        /// <summary>Codes of the words right before a subject that the parse left out of its phrase ("the official news
        /// agency WFNA said" with "agency" attached elsewhere): determiners, adjectives and nouns up to other punctuation.</summary>
        private List<string> LeftExtension(int subject)
        {
            var core = new HashSet<int>();
            Core(subject, core);
            int first = core.Min();
            int k = first - 1;
            while (k >= 0 && v.Upos[k] is UPos.DET or UPos.ADJ or UPos.NOUN or UPos.PROPN && !core.Contains(k)) k--;
            int fromWord = v.TokenFirstWord[k + 1], toWord = v.TokenFirstWord[first];
            if (fromWord >= toWord) return [];
            var agents = v.AgentMatches.Where(m => m.Start >= fromWord && m.End <= toWord).Select(m => m.Value).ToList();
            var actor = v.ActorMatches.FirstOrDefault(m => m.Start >= fromWord && m.End <= toWord && m.Value.CodesOn(date).Count > 0);
            if (actor.Value is not null) return [.. actor.Value.CodesOn(date).Select(a => Combine(a, agents, false))];
            return agents.Count > 0 ? [Combine("---", agents, false)] : [];
        }

        /// <summary>The text of phrases without codes as a new actor ("GRYFFINDOR HEAD MINERVA"), when short enough.</summary>
        private List<string> NewActor(int[] heads)
        {
            if (heads.Length == 0) return [];
            var tokens = new HashSet<int>();
            foreach (var h in heads)
            {
                MarkSubtree(h, tokens);
                foreach (var c in v.Children[h])
                {
                    // a name keeps its "of" phrase ("the Ministry of Magic"), not other attached phrases ("on Wednesday")
                    // an apposition with no comma between is part of the name ("the envoy Anna Berg")
                    if ((v.BaseRel(c) == "appos" && IsConjunct(h, c)) || v.BaseRel(c) is "acl" or "parataxis" or "conj" or "punct" or "obl" or "case" or "mark"
                        || (v.BaseRel(c) == "nmod" && v.Rel[c] is not ("nmod:poss" or "nmod:desc") && !HasCase(c, "OF"))) Unmark(c, tokens);
                }
            }
            var words = tokens.Order().Where(k => v.Upos[k] != UPos.PUNCT && v.Xpos[k] != "POS")
                .SelectMany(k => Enumerable.Range(v.TokenFirstWord[k], v.TokenEndWord[k] - v.TokenFirstWord[k]).Select(w => v.Words[w])).ToList();
            if (words.Count == 0 || words.Count > options.NewActorLength) return [];
            return ["\"" + string.Join(' ', words) + "\""];
        }

        private void Unmark(int t, HashSet<int> set)
        {
            set.Remove(t);
            foreach (var c in v.Children[t]) Unmark(c, set);
        }

        /// <summary>The nearest actor or agent phrase before the verb with no other verb between (a subject the parse lost).</summary>
        private List<string> NearestBefore(int verbFirstWord, int t)
        {
            for (int w = verbFirstWord - 1; w >= 0; w--)
            {
                int k = v.WordToken[w];
                if (k != t && v.Upos[k] == UPos.VERB && v.ActorAtWord[w] < 0) return [];
                if (!v.StartsPhrase(w)) continue;
                int head = Climb(k);
                if (v.Children[head].Exists(c => v.BaseRel(c) == "case")) continue;
                var codes = NpCodes(head);
                if (codes.Count > 0) return codes;
            }
            return [];
        }

        /// <summary>The first actor or agent phrase after the verb before the next verb or clause punctuation (an object the
        /// parse attached elsewhere).</summary>
        private List<string> NextPhrase(int fromWord, int t, HashSet<int> exclude, bool throughVerbs)
        {
            for (int w = fromWord; w < v.Words.Count; w++)
            {
                int k = v.WordToken[w];
                if (exclude.Contains(k)) continue;
                if (!throughVerbs && k != t && (v.Upos[k] is UPos.VERB or UPos.AUX) && v.ActorAtWord[w] < 0) return [];
                if (v.Words[w] is "," or ";" or ":") return [];
                if (!v.StartsPhrase(w)) continue;
                var codes = NpCodes(Climb(k));
                if (codes.Count > 0) return codes;
            }
            return [];
        }

        /// <summary>Subject and passive agent of a verb; a verb without a subject takes that of the verb it completes or
        /// is coordinated with.</summary>
        private ClauseRoles Clause(int t)
        {
            int subject = -1, agent = -1;
            bool passive = false;
            var subjects = new List<int>();
            foreach (var c in v.Children[t])
            {
                var rel = v.Rel[c];
                if (rel is "nsubj" or "nsubj:pass")
                {
                    if (subject < 0) subject = c;
                    subjects.Add(c);
                }
                if (rel is "nsubj:pass" or "aux:pass") passive = true;
            }
            foreach (var c in v.Children[t])
            {
                var rel = v.Rel[c];
                if (rel == "obl:agent" || (passive && v.BaseRel(c) == "obl" && HasCase(c, "BY"))) { agent = c; break; }
            }
            if (subject >= 0 && v.Upos[subject] == UPos.PRON && v.Lemma[subject] is "WHO" or "WHICH" or "THAT" && v.Rel[t] == "acl:relcl" && v.Head[t] >= 0)
                subject = v.Head[t];
            if (subject < 0 && SubordinatedSubject(t) is var hidden and >= 0) return new ClauseRoles(hidden, agent, passive, [hidden]);
            bool ownClause = v.Children[t].Exists(c => v.BaseRel(c) is "aux" or "cop" or "mark");
            int governor = v.Head[t];
            if (v.BaseRel(t) == "conj" && governor >= 0 && v.Upos[governor] != UPos.VERB)
            {
                // "condemned an attack ... and promised aid": a verb conjoined to the object of a verb belongs to that verb
                int g = governor;
                while (g >= 0 && v.IsNominal(g) && v.BaseRel(g) is "obj" or "nmod" or "obl") g = v.Head[g];
                governor = g >= 0 && g != governor && v.Upos[g] == UPos.VERB ? g : -1;
            }
            bool inherits = v.BaseRel(t) == "xcomp" || (v.BaseRel(t) == "conj" && !ownClause && governor >= 0 && v.Upos[governor] == UPos.VERB);
            if (subject < 0 && governor >= 0 && inherits)
            {
                var up = Clause(governor);
                // a conjoined verb inherits a subject, not a passive agent
                subject = up.Subject >= 0 && !(up.Passive && up.Agent >= 0 && v.BaseRel(t) == "conj") ? up.Subject : up.Agent;
                if (v.BaseRel(t) == "xcomp" && up.Passive && up.Agent < 0) subject = up.Subject;
                return new ClauseRoles(subject, agent, passive, subject == up.Subject ? up.Subjects : []);
            }
            return new ClauseRoles(subject, agent, passive, [.. subjects]);
        }

        /// <summary>The subject of a finite verb that the parse read as the object of a preposition that introduces clauses,
        /// right before the verb ("days after Ruritanian crowds burned …" with "crowds" under "after"); -1 if none.</summary>
        private int SubordinatedSubject(int t)
        {
            if (t == 0 || v.Upos[t] != UPos.VERB || v.Xpos[t] is not ("VBD" or "VBZ" or "VBP")) return -1;
            int n = t - 1;
            while (v.Head[n] > n && v.Head[n] < t && v.BaseRel(n) is "compound" or "flat" or "amod" or "det" or "nummod") n = v.Head[n];
            if (!v.IsNominal(n) || v.Upos[n] == UPos.PRON || v.SubtreeEnd(n) != t - 1 || v.InSubtree(n, t)) return -1;
            bool subordinator = v.Children[n].Exists(c => v.BaseRel(c) == "case" && c < n
                && v.Words[v.TokenFirstWord[c]] is "AFTER" or "BEFORE" or "SINCE" or "UNTIL");
            return subordinator ? n : -1;
        }

        private bool HasCase(int t, string word)
        {
            foreach (var c in v.Children[t])
            {
                if (v.BaseRel(c) == "case" && string.Equals(v.Words[v.TokenFirstWord[c]], word, StringComparison.Ordinal)) return true;
            }
            return false;
        }

        /// <summary>The source of the clause governing <paramref name="t"/> (for pronoun subjects and patterns that make the
        /// subject the target).</summary>
        private List<string> GoverningSource(int t)
        {
            for (int k = v.Head[t], guard = 0; k >= 0 && guard <= v.N; k = v.Head[k], guard++)
            {
                var roles = Clause(k);
                int s = roles.Agent >= 0 ? roles.Agent : roles.Subject;
                if (s >= 0 && s != t)
                {
                    var codes = NpCodes(s);
                    if (codes.Count > 0) return codes;
                }
            }
            return [];
        }

        private List<string> DefaultTarget(int afterToken, int lastToken, HashSet<int> exclude)
        {
            for (int w = v.TokenEndWord[afterToken]; w < v.Words.Count && v.WordToken[w] <= lastToken; w++)
            {
                if (!v.StartsPhrase(w) || exclude.Contains(v.WordToken[w])) continue;
                var codes = NpCodes(Climb(v.WordToken[w]));
                if (codes.Count > 0) return codes;
            }
            return [];
        }

        private void MarkSubtree(int t, HashSet<int> set)
        {
            set.Add(t);
            foreach (var c in v.Children[t]) MarkSubtree(c, set);
        }

        /// <summary>From a word of a noun phrase to the phrase's head: up through modifiers, possessors and conjuncts.</summary>
        private int Climb(int t)
        {
            for (int guard = 0; guard <= v.N; guard++)
            {
                int h = v.Head[t];
                if (h < 0 || !v.IsNominal(h) && v.Upos[h] != UPos.ADJ) return t;
                var rel = v.BaseRel(t);
                if (CoreRels.Contains(rel) || v.Rel[t] is "nmod:poss" or "nmod:desc" || rel == "conj") t = h;
                else return t;
            }
            return t;
        }

        /// <summary>The base noun phrase of <paramref name="t"/>: itself and its modifiers, possessors and determiners.</summary>
        private void Core(int t, HashSet<int> set)
        {
            set.Add(t);
            foreach (var c in v.Children[t])
            {
                if (CoreRels.Contains(v.BaseRel(c)) || v.Rel[c] is "nmod:poss" or "nmod:desc" || (v.BaseRel(c) is "conj" or "appos" && !IsConjunct(t, c))) Core(c, set);
            }
        }

        /// <summary>A conj child is a real conjunct only with a coordinator or comma between it and its head.</summary>
        private bool IsConjunct(int head, int c)
        {
            int lo = Math.Min(head, c), hi = Math.Max(head, c);
            for (int k = lo + 1; k < hi; k++)
            {
                if (v.Upos[k] == UPos.CCONJ || v.Words[v.TokenFirstWord[k]] == ",") return true;
            }
            return false;
        }

        /// <summary>Codes of the noun phrase headed by <paramref name="head"/>, one or more per conjunct.</summary>
        private List<string> NpCodes(int head)
        {
            var conjuncts = new List<int> { head };
            for (int i = 0; i < conjuncts.Count; i++)
            {
                foreach (var c in v.Children[conjuncts[i]])
                {
                    if (v.BaseRel(c) == "conj" && v.IsNominal(c) && IsConjunct(conjuncts[i], c) && !conjuncts.Contains(c)) conjuncts.Add(c);
                    // "Mordor, the awful Fornost, and Gondor": an apposition inside a coordinated list is one more conjunct
                    if (v.BaseRel(c) == "appos" && v.IsNominal(c) && IsConjunct(conjuncts[i], c) && !conjuncts.Contains(c)
                        && v.Children[conjuncts[i]].Exists(k => v.BaseRel(k) == "conj" && k > c)) conjuncts.Add(c);
                }
            }
            var groups = new List<(List<string> Actors, List<string> Agents, bool Eli, bool Det)>();
            foreach (var c in conjuncts)
            {
                var core = new HashSet<int>();
                Core(c, core);
                var actors = new List<string>();
                foreach (var m in v.ActorMatches)
                {
                    if (!core.Contains(v.WordToken[m.Start])) continue;
                    actors.AddRange(m.Value.CodesOn(date));
                    if (actors.Count == 0) continue;
                    // "Eriadori and Calenardhon leaders": the modifier's own conjuncts are actors of the phrase too
                    for (int w = m.Start; w < m.End; w++)
                    {
                        foreach (var k in v.Children[v.WordToken[w]])
                        {
                            if (v.BaseRel(k) != "conj" || !IsConjunct(v.WordToken[w], k) || c == v.WordToken[w]) continue;
                            var sub = new HashSet<int>();
                            Core(k, sub);
                            var next = v.ActorMatches.FirstOrDefault(x => sub.Contains(v.WordToken[x.Start]));
                            if (next.Value is not null) actors.AddRange(next.Value.CodesOn(date));
                        }
                    }
                    break;
                }
                if (actors.Count == 0) actors = PpActors(c, 0);
                var agents = new List<string>();
                foreach (var m in v.AgentMatches)
                {
                    if (core.Contains(v.WordToken[m.Start])) agents.Add(m.Value);
                }
                bool eli = core.Any(k => v.Words[v.TokenFirstWord[k]] == "FORMER");
                bool det = v.Children[c].Exists(k => v.BaseRel(k) == "det");
                groups.Add((actors, agents, eli, det));
            }
            var codes = new List<string>();
            foreach (var g in groups)
            {
                var actors = g.Actors;
                if (actors.Count == 0 && g.Agents.Count > 0 && !g.Det)
                {
                    var lender = groups.Find(o => o.Actors.Count > 0);
                    if (lender.Actors is not null) actors = lender.Actors;
                }
                if (actors.Count == 0)
                {
                    if (g.Agents.Count > 0) codes.Add(Combine("---", g.Agents, g.Eli));
                    continue;
                }
                foreach (var a in actors)
                {
                    var code = Combine(a, g.Agents, g.Eli);
                    if (!codes.Contains(code)) codes.Add(code);
                }
            }
            return codes;
        }

        /// <summary>Actors of the first prepositional modifier (and its conjuncts) that has any, searched depth first.</summary>
        private List<string> PpActors(int t, int depth)
        {
            if (depth > 4) return [];
            foreach (var c in v.Children[t])
            {
                if (v.BaseRel(c) != "nmod" || v.Rel[c] == "nmod:poss") continue;
                var set = new HashSet<int>();
                Core(c, set);
                foreach (var k in v.Children[c])
                {
                    if (v.BaseRel(k) == "conj") Core(k, set);
                }
                var actors = new List<string>();
                foreach (var m in v.ActorMatches)
                {
                    if (set.Contains(v.WordToken[m.Start])) actors.AddRange(m.Value.CodesOn(date));
                }
                if (actors.Count > 0) return actors;
                var deeper = PpActors(c, depth + 1);
                if (deeper.Count > 0) return deeper;
            }
            return [];
        }

        private static string Combine(string actor, List<string> agents, bool eli)
        {
            var code = actor;
            string prefix = "";
            bool eliDone = false;
            foreach (var raw in agents)
            {
                var a = raw.Trim();
                if (a.EndsWith('~'))
                {
                    prefix = a[..^1];
                    continue;
                }
                var suffix = a.TrimStart('~');
                if (eli)
                {
                    if (eliDone) continue;
                    suffix = "ELI";
                    eliDone = true;
                }
                for (int i = 0; i + 3 <= suffix.Length; i += 3)
                {
                    var chunk = suffix.Substring(i, 3);
                    if (!HasChunk(code, chunk)) code += chunk;
                }
            }
            if (agents.Count == 0 && eli) code += "ELI";
            if (prefix.Length > 0 && !code.StartsWith(prefix, StringComparison.Ordinal)) code = prefix + code;
            return code;
        }

        private static bool HasChunk(string code, string chunk)
        {
            for (int i = 0; i + 3 <= code.Length; i += 3)
            {
                if (string.CompareOrdinal(code, i, chunk, 0, 3) == 0) return true;
            }
            return false;
        }

        // ---- pattern matching -------------------------------------------------------------------------------

        /// <summary>Matches lower elements 0..i so that element i ends at <paramref name="end"/> (adjacent) or before.</summary>
        private bool MatchLower(IReadOnlyList<PatternElement> els, int i, int end, bool adjacent, Bindings b)
        {
            if (i < 0) return true;
            var el = els[i];
            bool nextAdjacent = i > 0 && els[i - 1].Join == PatternJoin.Adjacent;
            switch (el.Kind)
            {
                case PatternElementKind.Source: b.LowerSource = true; return MatchLower(els, i - 1, end, false, b);
                case PatternElementKind.Target: b.LowerTarget = true; return MatchLower(els, i - 1, end, false, b);
                case PatternElementKind.Compound: b.LowerCompound = true; return MatchLower(els, i - 1, end, false, b);
                case PatternElementKind.Skip: return MatchLower(els, i - 1, end, false, b);
            }
            for (int e = end; e >= 1; e--)
            {
                if (adjacent && e != end) break;
                for (int s = e - 1; s >= 0; s--)
                {
                    if (!ElementSpans(el, s, e)) continue;
                    if (MatchLower(els, i - 1, s, nextAdjacent, b)) return true;
                }
            }
            return false;
        }

        private bool MatchUpper(IReadOnlyList<PatternElement> els, int i, int pos, int limit, bool adjacent, Bindings b)
        {
            if (i >= els.Count) return true;
            var el = els[i];
            bool nextAdjacent = i + 1 < els.Count && els[i + 1].Join == PatternJoin.Adjacent;
            switch (el.Kind)
            {
                case PatternElementKind.Source:
                case PatternElementKind.Target:
                case PatternElementKind.Compound:
                {
                    int s = pos;
                    if (!adjacent) while (s < limit && !v.StartsPhrase(s)) s++;
                    if (s >= limit || !v.StartsPhrase(s)) return false;
                    int e = PhraseEnd(s);
                    int token = v.WordToken[s];
                    int before = el.Kind == PatternElementKind.Source ? b.SourceToken : el.Kind == PatternElementKind.Target ? b.TargetToken : b.CompoundToken;
                    Set(b, el.Kind, token);
                    if (MatchUpper(els, i + 1, e, limit, nextAdjacent, b)) return true;
                    Set(b, el.Kind, before);
                    return false;
                }
                case PatternElementKind.Skip:
                {
                    int e = SkipNounPhrase(pos, limit);
                    return e >= 0 && MatchUpper(els, i + 1, e, limit, nextAdjacent, b);
                }
            }
            for (int s = pos; s < limit; s++)
            {
                if (adjacent && s != pos) break;
                foreach (var e in ElementEnds(el, s, limit))
                {
                    if (MatchUpper(els, i + 1, e, limit, nextAdjacent, b)) return true;
                }
            }
            return false;
        }

        private static void Set(Bindings b, PatternElementKind kind, int token)
        {
            if (kind == PatternElementKind.Source) b.SourceToken = token;
            else if (kind == PatternElementKind.Target) b.TargetToken = token;
            else b.CompoundToken = token;
        }

        private int PhraseEnd(int w)
        {
            if (v.ActorAtWord[w] >= 0) return v.ActorMatches[v.ActorAtWord[w]].End;
            return v.AgentMatches[v.AgentAtWord[w]].End;
        }

        /// <summary>The word after the next noun phrase starting at or after <paramref name="pos"/>, or -1.</summary>
        private int SkipNounPhrase(int pos, int limit)
        {
            for (int w = pos; w < limit; w++)
            {
                int t = v.WordToken[w];
                if (!v.IsNominal(t) && v.ActorAtWord[w] < 0) continue;
                int h = t;
                while (v.Head[h] >= 0 && v.Head[h] > h && v.BaseRel(h) is "compound" or "flat" or "amod") h = v.Head[h];
                int end = Math.Max(v.TokenEndWord[h], v.ActorAtWord[w] >= 0 ? v.ActorMatches[v.ActorAtWord[w]].End : 0);
                return Math.Min(end, limit);
            }
            return -1;
        }

        private bool ElementSpans(PatternElement el, int s, int e)
        {
            if (el.Kind == PatternElementKind.Word) return e == s + 1 && string.Equals(v.Words[s], el.Text, StringComparison.Ordinal);
            if (el.Kind == PatternElementKind.Synset)
            {
                foreach (var end in SynsetEnds(el.Text, s, e, 0))
                {
                    if (end == e) return true;
                }
            }
            return false;
        }

        private IEnumerable<int> ElementEnds(PatternElement el, int s, int limit)
        {
            if (el.Kind == PatternElementKind.Word)
            {
                if (string.Equals(v.Words[s], el.Text, StringComparison.Ordinal)) yield return s + 1;
                yield break;
            }
            if (el.Kind == PatternElementKind.Synset)
            {
                foreach (var e in SynsetEnds(el.Text, s, limit, 0).Distinct().OrderByDescending(x => x)) yield return e;
            }
        }

        /// <summary>Ends of the synset's member phrases matched from word <paramref name="s"/> (words adjacent).</summary>
        private IEnumerable<int> SynsetEnds(string name, int s, int limit, int depth)
        {
            if (depth > 8 || !d.Verbs.Synsets.TryGetValue(name, out var members)) yield break;
            foreach (var member in members)
            {
                foreach (var e in PhraseEnds(member, 0, s, limit, depth)) yield return e;
            }
        }

        private IEnumerable<int> PhraseEnds(string[] phrase, int k, int pos, int limit, int depth)
        {
            if (k == phrase.Length)
            {
                yield return pos;
                yield break;
            }
            if (pos >= limit) yield break;
            var item = phrase[k];
            if (item.StartsWith('&'))
            {
                foreach (var mid in SynsetEnds(item[1..], pos, limit, depth + 1))
                {
                    foreach (var e in PhraseEnds(phrase, k + 1, mid, limit, depth)) yield return e;
                }
            }
            else if (string.Equals(v.Words[pos], item, StringComparison.Ordinal))
            {
                foreach (var e in PhraseEnds(phrase, k + 1, pos + 1, limit, depth)) yield return e;
            }
        }
    }
}
