using System.Collections.Immutable;
using System.Globalization;
using Attest.Events;
using Attest.Model;
using Attest.Syntax;

namespace Attest.Tests.Events;

/// <summary>
/// The event stage on hand-written dependency trees: each sentence (written for these tests) is parsed in two or three
/// shapes that different parsers give it — the textbook UD tree and the shapes a parser produces instead (coordinated
/// subjects both attached to the verb, a complement attached to the verb rather than to its object, a conjoined verb
/// hanging from the noun before "and", a passive auxiliary labelled as a copula) — and must yield the same events
/// whichever shape it gets. Tags and lemmas come from the committed tagger; only heads and relations are given.
/// </summary>
public class ParseShapeTests
{
    /// <summary>Runs entities, statements and the event coder over <paramref name="sentence"/> parsed as
    /// <paramref name="tree"/>: one "head:relation" per token, heads 1-based within the sentence, 0 for the root.</summary>
    private static (ImmutableArray<Event> Events, SyntaxLayer Syntax, Attest.Entities.EntityLayer Entities) Parse(string sentence, string tree)
    {
        var p = PipelineFixture.Pipeline;
        var tokens = p.Tokenizer.Tokenize(sentence);
        var tagged = p.Syntax.Analyze(tokens);
        var spec = tree.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(tokens.TokenCount, spec.Length);
        var heads = new int[spec.Length];
        var relations = new string[spec.Length];
        for (int i = 0; i < spec.Length; i++)
        {
            int colon = spec[i].IndexOf(':', StringComparison.Ordinal);
            heads[i] = int.Parse(spec[i][..colon], CultureInfo.InvariantCulture) - 1;
            relations[i] = spec[i][(colon + 1)..];
        }
        var syntax = new SyntaxLayer(tokens, tagged.Upos, tagged.Xpos, tagged.Lemmas, heads, relations) { HasParse = true };
        var entities = p.Entities.Analyze(syntax, "2021-03-01");
        var statements = p.Statements.Extract(syntax, entities);
        return (p.Events.Code(syntax, entities, statements), syntax, entities);
    }

    /// <summary>"CAMEO SOURCE>TARGET" per event, codes cut to their country part plus role (or "-" when absent).</summary>
    private static string Summary(ImmutableArray<Event> events) =>
        string.Join("; ", events.Select(e => $"{e.Cameo} {e.Source.Code ?? "-"}>{e.Target?.Code ?? "-"}"));

    public static TheoryData<string, string, string[], string> Shapes => new()
    {
        // coordinated subjects: "Portugal" as conj of "Spain", or both as nsubj of the verb
        {
            "Spain and Portugal postponed a joint naval exercise last week.",
            "Spain and Portugal: conj | both nsubj",
            [
                "4:nsubj 3:cc 1:conj 0:root 8:det 8:amod 8:amod 4:obj 10:amod 4:obl:unmarked 4:punct",
                "4:nsubj 3:cc 4:nsubj 0:root 8:det 8:amod 8:amod 4:obj 10:amod 4:obl:unmarked 4:punct",
            ],
            "SOURCES ESP PRT"
        },
        {
            "Spain, Portugal and Italy condemned the attack.",
            "three conjuncts | three nsubj | first conj, last nsubj",
            [
                "6:nsubj 3:punct 1:conj 5:cc 1:conj 0:root 8:det 6:obj 6:punct",
                "6:nsubj 3:punct 6:nsubj 5:cc 6:nsubj 0:root 8:det 6:obj 6:punct",
                "6:nsubj 3:punct 1:conj 5:cc 6:nsubj 0:root 8:det 6:obj 6:punct",
            ],
            "SOURCES ESP PRT ITA"
        },
        // what a right allows is no event, hung from "right" or from the verb
        {
            "Chilean police respected the right to peaceful protest.",
            "protest nmod of right | protest obl of respected",
            [
                "2:amod 3:nsubj 0:root 5:det 3:obj 8:case 8:amod 5:nmod 3:punct",
                "2:amod 3:nsubj 0:root 5:det 3:obj 8:case 8:amod 3:obl 3:punct",
            ],
            "NONE"
        },
        // an event noun after the verb's object: the same reading whether it complements the object or the verb
        {
            "Houthi rebels claimed responsibility for the attack.",
            "attack nmod of responsibility | attack obl of claimed",
            [
                "2:compound 3:nsubj 0:root 3:obj 7:case 7:det 4:nmod 3:punct",
                "2:compound 3:nsubj 0:root 3:obj 7:case 7:det 3:obl 3:punct",
            ],
            "SAME"
        },
        {
            "Canada accused Iran of an attack on the embassy.",
            "attack nmod of Iran | attack obl of accused",
            [
                "2:nsubj 0:root 2:obj 6:case 6:det 3:nmod 9:case 9:det 6:nmod 2:punct",
                "2:nsubj 0:root 2:obj 6:case 6:det 2:obl 9:case 9:det 6:nmod 2:punct",
            ],
            "NO SOURCE CAN ON attack"
        },
        // a conjoined verb: conj of the first verb, acl hanging from "and", or acl of the noun before "and" with its own cc
        {
            "Egyptian authorities imposed a curfew in Cairo on Monday night and cut internet access across the city.",
            "cut conj of imposed | cut acl of 'and' | cut acl of night",
            [
                "2:amod 3:nsubj 0:root 5:det 3:obj 7:case 5:nmod 10:case 10:compound 3:obl 12:cc 3:conj 14:compound 12:obj 17:case 17:det 14:nmod 3:punct",
                "2:amod 3:nsubj 0:root 5:det 3:obj 7:case 5:nmod 10:case 10:compound 3:obl 10:cc 11:acl 14:compound 12:obj 17:case 17:det 14:nmod 3:punct",
                "2:amod 3:nsubj 0:root 5:det 3:obj 7:case 5:nmod 10:case 10:compound 3:obl 12:cc 10:acl 14:compound 12:obj 17:case 17:det 14:nmod 3:punct",
            ],
            "TRIGGERS imposed cut BY EGY"
        },
        // a passive whose auxiliary the parser labelled a copula
        {
            "Chile was sharply criticized over its border policy.",
            "aux:pass + nsubj:pass | cop + nsubj",
            [
                "4:nsubj:pass 4:aux:pass 4:advmod 0:root 8:case 8:nmod:poss 8:compound 4:obl 4:punct",
                "4:nsubj 4:cop 4:advmod 0:root 8:case 8:nmod:poss 8:compound 4:obl 4:punct",
            ],
            "NO SOURCE CHL"
        },
        {
            "Chile was sharply criticized by Peru.",
            "aux:pass + obl:agent | cop + obl",
            [
                "4:nsubj:pass 4:aux:pass 4:advmod 0:root 6:case 4:obl:agent 4:punct",
                "4:nsubj 4:cop 4:advmod 0:root 6:case 4:obl 4:punct",
            ],
            "SOURCES PER TARGET CHL"
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_shape_of_a_sentence_codes_the_same_events(string sentence, string shapes, string[] trees, string expect)
    {
        var results = trees.Select(t => Parse(sentence, t).Events).ToArray();
        var first = Summary(results[0]);
        for (int i = 1; i < results.Length; i++)
            Assert.True(first == Summary(results[i]), $"{shapes}: shape 1 gives [{first}], shape {i + 1} gives [{Summary(results[i])}]");
        foreach (var events in results)
            Check(events, expect);
    }

    private static void Check(ImmutableArray<Event> events, string expect)
    {
        var words = expect.Split(' ');
        switch (words[0])
        {
            case "NONE":
                Assert.Empty(events);
                break;
            case "SAME":
                Assert.NotEmpty(events);
                break;
            case "SOURCES":
            {
                int target = Array.IndexOf(words, "TARGET");
                var sources = words[1..(target < 0 ? words.Length : target)];
                Assert.Equal(sources, events.Select(e => e.Source.Code![..3]));
                if (target >= 0) Assert.All(events, e => Assert.Equal(words[target + 1], e.Target?.Code?[..3]));
                break;
            }
            case "NO" when words[1] == "SOURCE":
            {
                // "NO SOURCE X [ON trigger]": no event (on that trigger) has a source of country X
                var trigger = words.Length > 4 ? words[4] : null;
                Assert.DoesNotContain(events, e => e.Source.Code?.StartsWith(words[2], StringComparison.Ordinal) == true
                    && (trigger is null || e.Trigger.Text == trigger));
                break;
            }
            case "TRIGGERS":
            {
                int by = Array.IndexOf(words, "BY");
                Assert.Equal(words[1..by], events.Select(e => e.Trigger.Text));
                Assert.All(events, e => Assert.StartsWith(words[by + 1], e.Source.Code ?? "-", StringComparison.Ordinal));
                break;
            }
            default:
                throw new ArgumentException($"unknown expectation '{expect}'");
        }
    }

    public static TheoryData<string, string> TitleAndNameShapes => new()
    {
        // "Minister" as nmod:desc of the name (one parser) or as a compound of it (another)
        { "Hungarian Foreign Minister Elena Varga condemned the decision.", "3:amod 3:amod 4:nmod:desc 6:nsubj 4:flat 0:root 8:det 6:obj 6:punct" },
        { "Hungarian Foreign Minister Elena Varga condemned the decision.", "3:amod 3:amod 4:compound 6:nsubj 4:flat 0:root 8:det 6:obj 6:punct" },
        // the textbook tree, one that makes "Deputy" the subject and the name its comma-less apposition, and one with
        // the name as a conjunct with no coordinator or comma between (no second source)
        { "Hungarian Deputy Foreign Minister Elena Varga condemned the decision.", "5:amod 4:compound 4:amod 5:nmod:desc 7:nsubj 5:flat 0:root 9:det 7:obj 7:punct" },
        { "Hungarian Deputy Foreign Minister Elena Varga condemned the decision.", "2:amod 7:nsubj 4:amod 5:nmod:desc 2:appos 5:flat 0:root 9:det 7:obj 7:punct" },
        { "Hungarian Deputy Foreign Minister Elena Varga condemned the decision.", "2:amod 7:nsubj 4:amod 5:nmod:desc 2:conj 5:flat 0:root 9:det 7:obj 7:punct" },
    };

    [Theory]
    [MemberData(nameof(TitleAndNameShapes))]
    public void A_title_before_a_name_belongs_to_the_source_phrase_in_every_shape(string sentence, string tree)
    {
        var ev = Assert.Single(Parse(sentence, tree).Events);
        Assert.Equal(sentence[..sentence.IndexOf(" condemned", StringComparison.Ordinal)], ev.Source.Text);
        Assert.StartsWith("HUN", ev.Source.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pronoun_takes_the_main_clause_subject_of_the_sentence_before_over_a_later_subordinate_subject()
    {
        // "Orlov" is the subject of the clause after "after"; "She" continues with the main clause's subject
        const string text = "Deputy Foreign Minister Anna Kowal met Ambassador Pavel Orlov after Orlov arrived. She said the talks were useful.";
        // Deputy Foreign Minister Anna Kowal met Ambassador Pavel Orlov after Orlov arrived . | She said the talks were useful .
        foreach (var tree in (string[])[
            "3:amod 3:amod 4:nmod:desc 6:nsubj 4:flat 0:root 8:compound 6:obj 8:flat 12:mark 12:nsubj 6:advcl 6:punct "
                + "15:nsubj 0:root 17:det 19:nsubj 19:cop 15:ccomp 15:punct",
            "6:nsubj 3:amod 4:nmod:desc 1:appos 4:flat 0:root 8:compound 6:obj 8:flat 12:mark 12:nsubj 6:advcl 6:punct "
                + "15:nsubj 0:root 17:det 19:nsubj 19:cop 15:ccomp 15:punct"])
        {
            var (_, _, entities) = Parse(text, tree);
            var she = Assert.Single(entities.Mentions, m => m.Text == "She");
            Assert.Contains("Kowal", entities.ActorById(she.ActorId)!.Name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_action_named_as_the_content_of_a_decision_is_no_event_but_a_decision_verb_gives_a_hypothetical_one()
    {
        const string noun = "Analysts questioned Germany's decision to withdraw troops from Mali.";
        var (events, _, _) = Parse(noun, "2:nsubj 0:root 5:nmod:poss 3:case 2:obj 7:mark 5:acl 7:obj 10:case 7:obl 2:punct");
        Assert.DoesNotContain(events, e => e.Trigger.Text == "withdraw");
        const string verb = "Germany decided to withdraw troops from Mali.";
        (events, _, _) = Parse(verb, "2:nsubj 0:root 4:mark 2:xcomp 4:obj 7:case 4:obl 2:punct");
        var withdraw = Assert.Single(events, e => e.Trigger.Text == "withdraw");
        Assert.Equal(EventStatus.Hypothetical, withdraw.Status);
        Assert.StartsWith("DEU", withdraw.Source.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_subjects_across_a_relative_pronoun_are_no_coordination()
    {
        // "Mali, which Algeria accused …" misparsed with both "Mali" and "Algeria" as nsubj of "accused"
        const string sentence = "Mali, which Algeria accused last week, rejected the charge.";
        var (_, syntax, entities) = Parse(sentence, "5:nsubj 5:punct 5:obj 5:nsubj 0:root 7:amod 5:obl:unmarked 9:punct 5:conj 11:det 9:obj 5:punct");
        var args = new EventArgumentFinder(syntax, entities).Find(4, 4, TriggerKind.Verb);
        Assert.Equal(["DZA"], args.Sources.Select(s => s.Code![..3]));
        Assert.StartsWith("MLI", args.Target?.Code ?? "-", StringComparison.Ordinal);
    }

    [Fact]
    public void Coordinated_nsubj_siblings_give_every_source_to_the_finder()
    {
        const string sentence = "Spain, Portugal and Italy condemned the attack.";
        var (_, syntax, entities) = Parse(sentence, "6:nsubj 3:punct 6:nsubj 5:cc 6:nsubj 0:root 8:det 6:obj 6:punct");
        var args = new EventArgumentFinder(syntax, entities).Find(5, 5, TriggerKind.Verb);
        Assert.Equal(["ESP", "PRT", "ITA"], args.Sources.Select(s => s.Code![..3]));
    }
}
