using Attest.Entities;
using Attest.Events.Petrarch;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Tests.Events.Petrarch;

/// <summary>
/// The coder gives the same codings over the different UD shapes parsers produce for one phrase: each test codes one
/// sentence over a hand-written "well-formed" parse and over a shape a parser really gave for such a phrase, and
/// checks both against the expected codings. Parses are written token by token as <c>word/UPOS/XPOS&gt;head:relation</c>
/// (head -1 for the root).
/// </summary>
public class ParseRepairTests
{
    private const string Verbs = """
        --- CONDEMN  [122]  ---
        CONDEMN

        --- SAID  [023] ---
        SAID
        """;

    private const string Actors = """
        FRANCE_ [FRA]
        GERMANY_ [DEU]
        JAPAN_ [JPN]
        KENYA_ [KEN]
        """;

    private const string Agents = """
        OFFICIAL [~GOV]
        FOREIGN_MINISTER [~GOVFRM]
        ENVOY [~GOV]
        """;

    private static readonly Lazy<PetrarchDictionaries> Dictionaries = new(() =>
    {
        var problems = new List<string>();
        var actors = PetrarchDictionaryReader.ParseActors(new StringReader(Actors), "test.actors", problems);
        var agents = PetrarchDictionaryReader.ParseAgents(new StringReader(Agents), "test.agents", problems);
        Assert.Empty(problems);
        var d = new PetrarchDictionaries(
            PetrarchVerbDictionary.Read(new StringReader(Verbs), "test.verbs"),
            PetrarchDictionaries.BuildActors(actors),
            PetrarchDictionaries.BuildAgents(agents),
            PetrarchDictionaries.ReadDiscards(new StringReader(""), "test.discards"),
            problems);
        Assert.Empty(problems);
        return d;
    });

    /// <summary>Returns one fixed parse for the one sentence it is given.</summary>
    private sealed class FixedParse(string spec) : ISyntaxAnalyzer
    {
        public SyntaxLayer Analyze(TokenizedText text)
        {
            var items = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(items.Length, text.TokenCount);
            int n = items.Length;
            var upos = new UPos[n];
            var xpos = new string[n];
            var lemmas = new string[n];
            var heads = new int[n];
            var rels = new string[n];
            for (int i = 0; i < n; i++)
            {
                int gt = items[i].LastIndexOf('>');
                var left = items[i][..gt].Split('/');
                var right = items[i][(gt + 1)..];
                int colon = right.IndexOf(':', StringComparison.Ordinal);
                Assert.Equal(text.TokenText(i), left[0]);
                upos[i] = Enum.Parse<UPos>(left[1]);
                xpos[i] = left[2];
                lemmas[i] = left[0].ToLowerInvariant();
                heads[i] = int.Parse(right[..colon], System.Globalization.CultureInfo.InvariantCulture);
                rels[i] = right[(colon + 1)..];
            }
            return new SyntaxLayer(text, upos, xpos, lemmas, heads, rels);
        }
    }

    private static string[] Code(string text, string parse, bool requireDyad = true, int newActorLength = 0)
    {
        var coder = new PetrarchCoder(Dictionaries.Value, NewsTokenizer.Default, new FixedParse(parse));
        var options = new PetrarchCoderOptions { RequireDyad = requireDyad, NewActorLength = newActorLength };
        return [.. coder.Code(text, null, options).Select(c => c.ToString()).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void A_possessor_split_off_as_a_second_subject_stays_with_the_name()
    {
        const string text = "Kenya's senior official Mara Odell condemned France.";
        const string wellFormed = "Kenya/PROPN/NNP>4:nmod:poss 's/PART/POS>0:case senior/ADJ/JJ>3:amod official/NOUN/NN>4:compound "
            + "Mara/PROPN/NNP>6:nsubj Odell/PROPN/NNP>4:flat condemned/VERB/VBD>-1:root France/PROPN/NNP>6:obj ./PUNCT/.>6:punct";
        // the parser made the possessor a subject of its own and the title + name a second one
        const string split = "Kenya/PROPN/NNP>6:nsubj 's/PART/POS>0:case senior/ADJ/JJ>3:amod official/NOUN/NN>4:compound "
            + "Mara/PROPN/NNP>6:nsubj Odell/PROPN/NNP>4:flat condemned/VERB/VBD>-1:root France/PROPN/NNP>6:obj ./PUNCT/.>6:punct";
        Assert.Equal(["KENGOV FRA 122"], Code(text, wellFormed));
        Assert.Equal(["KENGOV FRA 122"], Code(text, split));
    }

    [Fact]
    public void A_title_and_a_name_split_into_two_subjects_are_one_phrase()
    {
        const string text = "The Kenya envoy Tomas Reel condemned Japan.";
        const string appos = "The/DET/DT>2:det Kenya/PROPN/NNP>2:compound envoy/NOUN/NN>5:nsubj Tomas/PROPN/NNP>2:appos "
            + "Reel/PROPN/NNP>3:flat condemned/VERB/VBD>-1:root Japan/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        const string split = "The/DET/DT>2:det Kenya/PROPN/NNP>2:compound envoy/NOUN/NN>5:nsubj Tomas/PROPN/NNP>5:nsubj "
            + "Reel/PROPN/NNP>3:flat condemned/VERB/VBD>-1:root Japan/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        Assert.Equal(["KENGOV JPN 122"], Code(text, appos));
        Assert.Equal(["KENGOV JPN 122"], Code(text, split));
    }

    [Fact]
    public void A_new_actor_keeps_a_name_in_apposition_without_a_comma()
    {
        const string text = "Ruritania's spokesman Tomas Reel condemned Japan.";
        const string appos = "Ruritania/PROPN/NNP>2:nmod:poss 's/PART/POS>0:case spokesman/NOUN/NN>5:nsubj Tomas/PROPN/NNP>2:appos "
            + "Reel/PROPN/NNP>3:flat condemned/VERB/VBD>-1:root Japan/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        const string split = "Ruritania/PROPN/NNP>2:nmod:poss 's/PART/POS>0:case spokesman/NOUN/NN>5:nsubj Tomas/PROPN/NNP>5:nsubj "
            + "Reel/PROPN/NNP>3:flat condemned/VERB/VBD>-1:root Japan/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        // the uncoded phrase becomes a new actor of its own words, whole, whichever way the name hangs
        Assert.Equal(["\"RURITANIA SPOKESMAN TOMAS REEL\" JPN 122"], Code(text, appos, newActorLength: 4));
        Assert.Equal(["\"RURITANIA SPOKESMAN TOMAS REEL\" JPN 122"], Code(text, split, newActorLength: 4));
        // an apposition after a comma is a separate phrase
        const string commaText = "Ruritania's spokesman, Tomas Reel, condemned Japan.";
        const string comma = "Ruritania/PROPN/NNP>2:nmod:poss 's/PART/POS>0:case spokesman/NOUN/NN>7:nsubj ,/PUNCT/,>4:punct "
            + "Tomas/PROPN/NNP>2:appos Reel/PROPN/NNP>4:flat ,/PUNCT/,>4:punct condemned/VERB/VBD>-1:root Japan/PROPN/NNP>7:obj ./PUNCT/.>7:punct";
        Assert.Equal(["\"RURITANIA SPOKESMAN\" JPN 122"], Code(commaText, comma, newActorLength: 4));
    }

    [Fact]
    public void A_name_hung_from_its_country_by_parataxis_is_an_apposition()
    {
        const string text = "Kenya Foreign Minister Mara Odell condemned Germany.";
        const string wellFormed = "Kenya/PROPN/NNP>4:compound Foreign/PROPN/NNP>2:compound Minister/PROPN/NNP>4:compound "
            + "Mara/PROPN/NNP>5:nsubj Odell/PROPN/NNP>3:flat condemned/VERB/VBD>-1:root Germany/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        const string parataxis = "Kenya/PROPN/NNP>5:nsubj Foreign/PROPN/NNP>2:compound Minister/PROPN/NNP>3:nmod:desc "
            + "Mara/PROPN/NNP>0:parataxis Odell/PROPN/NNP>3:flat condemned/VERB/VBD>-1:root Germany/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        Assert.Equal(["KENGOVFRM DEU 122"], Code(text, wellFormed));
        Assert.Equal(["KENGOVFRM DEU 122"], Code(text, parataxis));
    }

    [Fact]
    public void Modifiers_the_parse_hung_from_the_verb_between_two_subjects_join_the_second()
    {
        const string text = "Japan and the troubled Kenya condemned France.";
        const string wellFormed = "Japan/PROPN/NNP>5:nsubj and/CCONJ/CC>4:cc the/DET/DT>4:det troubled/ADJ/JJ>4:amod "
            + "Kenya/PROPN/NNP>0:conj condemned/VERB/VBD>-1:root France/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        const string scattered = "Japan/PROPN/NNP>5:nsubj and/CCONJ/CC>5:cc the/DET/DT>5:det troubled/ADJ/JJ>5:advcl "
            + "Kenya/PROPN/NNP>5:nsubj condemned/VERB/VBD>-1:root France/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        Assert.Equal(["JPN FRA 122", "KEN FRA 122"], Code(text, wellFormed));
        Assert.Equal(["JPN FRA 122", "KEN FRA 122"], Code(text, scattered));
    }

    [Fact]
    public void A_caseless_nominal_coordinated_before_the_subject_is_a_subject()
    {
        const string text = "Japan, the proud Germany, and Kenya condemned France.";
        const string wellFormed = "Japan/PROPN/NNP>9:nsubj ,/PUNCT/,>4:punct the/DET/DT>4:det proud/ADJ/JJ>4:amod Germany/PROPN/NNP>0:appos "
            + ",/PUNCT/,>8:punct and/CCONJ/CC>8:cc Kenya/PROPN/NNP>0:conj condemned/VERB/VBD>-1:root France/PROPN/NNP>9:obj ./PUNCT/.>9:punct";
        const string unmarked = "Japan/PROPN/NNP>9:obl:unmarked ,/PUNCT/,>4:punct the/DET/DT>4:det proud/ADJ/JJ>4:amod Germany/PROPN/NNP>0:appos "
            + ",/PUNCT/,>9:punct and/CCONJ/CC>9:cc Kenya/PROPN/NNP>9:nsubj condemned/VERB/VBD>-1:root France/PROPN/NNP>9:obj ./PUNCT/.>9:punct";
        Assert.Equal(["DEU FRA 122", "JPN FRA 122", "KEN FRA 122"], Code(text, wellFormed));
        Assert.Equal(["DEU FRA 122", "JPN FRA 122", "KEN FRA 122"], Code(text, unmarked));
    }

    [Fact]
    public void A_closing_report_clause_is_not_part_of_the_clause_it_hangs_from()
    {
        const string text = "France condemned the attack on Monday, a Kenya official said.";
        const string parataxis = "France/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det attack/NOUN/NN>1:obj on/ADP/IN>5:case "
            + "Monday/PROPN/NNP>1:obl ,/PUNCT/,>10:punct a/DET/DT>9:det Kenya/PROPN/NNP>9:compound official/NOUN/NN>10:nsubj "
            + "said/VERB/VBD>1:parataxis ./PUNCT/.>1:punct";
        const string relcl = "France/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det attack/NOUN/NN>1:obj on/ADP/IN>5:case "
            + "Monday/PROPN/NNP>3:nmod ,/PUNCT/,>10:punct a/DET/DT>9:det Kenya/PROPN/NNP>9:compound official/NOUN/NN>10:nsubj "
            + "said/VERB/VBD>5:acl:relcl ./PUNCT/.>1:punct";
        // the official is who reports, not whom France condemned
        Assert.Equal(["FRA --- 122", "KENGOV --- 023"], Code(text, parataxis, requireDyad: false));
        Assert.Equal(["FRA --- 122", "KENGOV --- 023"], Code(text, relcl, requireDyad: false));
        Assert.Empty(Code(text, relcl));
    }

    [Fact]
    public void A_clause_with_its_own_object_after_a_comma_is_not_a_report()
    {
        // "France condemned Japan, whose envoy Kenya expelled." keeps its relative clause: it has an object
        const string text = "France condemned Japan, whose envoy Kenya expelled.";
        const string parse = "France/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root Japan/PROPN/NNP>1:obj ,/PUNCT/,>7:punct "
            + "whose/PRON/WP$>5:nmod:poss envoy/NOUN/NN>7:obj Kenya/PROPN/NNP>7:nsubj expelled/VERB/VBD>2:acl:relcl ./PUNCT/.>1:punct";
        var view = View(text, parse);
        Assert.Equal("acl:relcl", view.Rel[7]);
    }

    [Fact]
    public void A_passive_agent_under_an_adverb_is_the_agent()
    {
        const string text = "Kenya was condemned earlier by France.";
        const string wellFormed = "Kenya/PROPN/NNP>2:nsubj:pass was/AUX/VBD>2:aux:pass condemned/VERB/VBN>-1:root earlier/ADV/RBR>2:advmod "
            + "by/ADP/IN>5:case France/PROPN/NNP>2:obl:agent ./PUNCT/.>2:punct";
        const string underAdverb = "Kenya/PROPN/NNP>2:nsubj:pass was/AUX/VBD>2:aux:pass condemned/VERB/VBN>-1:root earlier/ADV/RBR>2:advmod "
            + "by/ADP/IN>5:case France/PROPN/NNP>3:obl ./PUNCT/.>2:punct";
        Assert.Equal(["FRA KEN 122"], Code(text, wellFormed));
        Assert.Equal(["FRA KEN 122"], Code(text, underAdverb));
    }

    [Fact]
    public void An_object_taken_for_the_subject_of_an_uncoordinated_conjunct_is_the_object()
    {
        const string text = "Japan condemned the raid on Kenya days after crowds stormed its embassy.";
        const string wellFormed = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>1:obj on/ADP/IN>5:case "
            + "Kenya/PROPN/NNP>3:nmod days/NOUN/NNS>1:obl after/ADP/IN>8:case crowds/NOUN/NNS>6:nmod stormed/VERB/VBD>6:acl "
            + "its/PRON/PRP$>11:nmod:poss embassy/NOUN/NN>9:obj ./PUNCT/.>1:punct";
        const string asSubject = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>9:nsubj on/ADP/IN>5:case "
            + "Kenya/PROPN/NNP>3:nmod days/NOUN/NNS>3:nmod after/ADP/IN>8:case crowds/NOUN/NNS>3:nmod stormed/VERB/VBD>1:conj "
            + "its/PRON/PRP$>11:nmod:poss embassy/NOUN/NN>9:obj ./PUNCT/.>1:punct";
        Assert.Equal(["JPN KEN 122"], Code(text, wellFormed));
        Assert.Equal(["JPN KEN 122"], Code(text, asSubject));
    }

    [Fact]
    public void Real_coordination_and_separate_clauses_are_left_alone()
    {
        // "and" between the verbs: a real conjunct keeps its own subject
        const string text = "Japan condemned France and Kenya condemned Germany.";
        const string parse = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root France/PROPN/NNP>1:obj and/CCONJ/CC>5:cc "
            + "Kenya/PROPN/NNP>5:nsubj condemned/VERB/VBD>1:conj Germany/PROPN/NNP>5:obj ./PUNCT/.>1:punct";
        var view = View(text, parse);
        Assert.Equal("conj", view.Rel[5]);
        Assert.Equal(5, view.Head[4]);
        Assert.Equal(["JPN FRA 122", "KEN DEU 122"], Code(text, parse));
        // two subjects with a verb between them are not merged
        const string inverted = "Japan condemned Germany, said Kenya.";
        const string invertedParse = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>4:ccomp Germany/PROPN/NNP>1:obj ,/PUNCT/,>4:punct "
            + "said/VERB/VBD>-1:root Kenya/PROPN/NNP>4:nsubj ./PUNCT/.>4:punct";
        var v2 = View(inverted, invertedParse);
        Assert.Equal("nsubj", v2.Rel[5]);
        Assert.Equal(4, v2.Head[5]);
    }

    [Fact]
    public void An_infinitive_under_a_named_object_is_the_verbs_complement()
    {
        const string text = "Japan pressed Kenya to condemn France.";
        const string xcomp = "Japan/PROPN/NNP>1:nsubj pressed/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj to/PART/TO>4:mark "
            + "condemn/VERB/VB>1:xcomp France/PROPN/NNP>4:obj ./PUNCT/.>1:punct";
        const string acl = "Japan/PROPN/NNP>1:nsubj pressed/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj to/PART/TO>4:mark "
            + "condemn/VERB/VB>2:acl France/PROPN/NNP>4:obj ./PUNCT/.>1:punct";
        Assert.Equal("xcomp", View(text, acl).Rel[4]);
        Assert.Equal(1, View(text, acl).Head[4]);
        Assert.Equal(Code(text, xcomp), Code(text, acl));
        // a common noun does take an infinitive: "a plan to condemn France" keeps it
        const string plan = "Japan backed a plan to condemn France.";
        const string planParse = "Japan/PROPN/NNP>1:nsubj backed/VERB/VBD>-1:root a/DET/DT>3:det plan/NOUN/NN>1:obj to/PART/TO>5:mark "
            + "condemn/VERB/VB>3:acl France/PROPN/NNP>5:obj ./PUNCT/.>1:punct";
        Assert.Equal("acl", View(plan, planParse).Rel[5]);
    }

    [Fact]
    public void A_verb_without_subject_right_after_an_after_phrase_takes_that_phrase_as_source()
    {
        const string text = "France recalled its envoy days after Kenya officials condemned Japan.";
        const string wellFormed = "France/PROPN/NNP>1:nsubj recalled/VERB/VBD>-1:root its/PRON/PRP$>3:nmod:poss envoy/NOUN/NN>1:obj "
            + "days/NOUN/NNS>8:obl:npmod after/SCONJ/IN>8:mark Kenya/PROPN/NNP>7:compound officials/NOUN/NNS>8:nsubj "
            + "condemned/VERB/VBD>1:advcl Japan/PROPN/NNP>8:obj ./PUNCT/.>1:punct";
        // the parser read "after Kenya officials" as a prepositional phrase and left "condemned" without a subject
        const string prepositional = "France/PROPN/NNP>1:nsubj recalled/VERB/VBD>-1:root its/PRON/PRP$>3:nmod:poss envoy/NOUN/NN>1:obj "
            + "days/NOUN/NNS>1:obl after/ADP/IN>7:case Kenya/PROPN/NNP>7:compound officials/NOUN/NNS>4:nmod "
            + "condemned/VERB/VBD>1:conj Japan/PROPN/NNP>8:obj ./PUNCT/.>1:punct";
        Assert.Equal(["KENGOV JPN 122"], Code(text, wellFormed));
        Assert.Equal(["KENGOV JPN 122"], Code(text, prepositional));
        // any other preposition does not introduce a clause: "with Kenya officials" is no subject
        const string with = "France recalled its envoy days with Kenya officials condemned Japan.";
        Assert.DoesNotContain("KENGOV JPN 122", Code(with, prepositional.Replace("after/ADP/IN", "with/ADP/IN", StringComparison.Ordinal)));
    }

    [Fact]
    public void Back_to_back_subjects_that_are_no_single_name_are_not_merged_into_one()
    {
        // a pronoun or a day next to a noun forms no name
        const string day = "Kenya officials Friday condemned France.";
        const string dayParse = "Kenya/PROPN/NNP>1:compound officials/NOUN/NNS>3:nsubj Friday/PROPN/NNP>3:nsubj condemned/VERB/VBD>-1:root "
            + "France/PROPN/NNP>3:obj ./PUNCT/.>3:punct";
        Assert.Equal("nsubj", View(day, dayParse).Rel[2]);
        const string pronoun = "On Friday it condemned France.";
        const string pronounParse = "On/ADP/IN>1:case Friday/PROPN/NNP>3:nsubj it/PRON/PRP>3:nsubj condemned/VERB/VBD>-1:root "
            + "France/PROPN/NNP>3:obj ./PUNCT/.>3:punct";
        Assert.Equal("nsubj", View(pronoun, pronounParse).Rel[2]);
        // a later phrase with a preposition modifies the earlier one; a coordinator inside it makes it a conjunct
        const string of = "The Secretary of State condemned France.";
        const string ofParse = "The/DET/DT>1:det Secretary/PROPN/NNP>4:nsubj of/ADP/IN>3:case State/PROPN/NNP>4:nsubj "
            + "condemned/VERB/VBD>-1:root France/PROPN/NNP>4:obj ./PUNCT/.>4:punct";
        var ofView = View(of, ofParse);
        Assert.Equal(("nmod", 1), (ofView.Rel[3], ofView.Head[3]));
        const string and = "Kenya police and army officials condemned France.";
        const string andParse = "Kenya/PROPN/NNP>1:compound police/NOUN/NN>5:nsubj and/CCONJ/CC>4:cc army/NOUN/NN>4:compound "
            + "officials/NOUN/NNS>5:nsubj condemned/VERB/VBD>-1:root France/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        var andView = View(and, andParse);
        Assert.Equal(("conj", 1), (andView.Rel[4], andView.Head[4]));
    }

    [Fact]
    public void A_subject_introduced_by_a_preposition_is_not_taken_for_an_object()
    {
        const string text = "Kenya troops pulled back after the clash went badly.";
        const string parse = "Kenya/PROPN/NNP>1:compound troops/NOUN/NNS>2:nsubj pulled/VERB/VBD>-1:root back/ADV/RB>2:advmod "
            + "after/ADP/IN>6:case the/DET/DT>6:det clash/NOUN/NN>7:nsubj went/VERB/VBD>2:conj badly/ADV/RB>7:advmod ./PUNCT/.>2:punct";
        var view = View(text, parse);
        Assert.Equal(("nsubj", 7), (view.Rel[6], view.Head[6]));
        Assert.Equal("conj", view.Rel[7]);
    }

    [Fact]
    public void A_name_hung_after_its_country_by_a_bare_nmod_is_an_apposition()
    {
        const string text = "Kenya Foreign Minister Mara Odell condemned Germany.";
        const string nmod = "Kenya/PROPN/NNP>5:nsubj Foreign/PROPN/NNP>2:compound Minister/PROPN/NNP>3:nmod:desc "
            + "Mara/PROPN/NNP>0:nmod Odell/PROPN/NNP>3:flat condemned/VERB/VBD>-1:root Germany/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        Assert.Equal("appos", View(text, nmod).Rel[3]);
        Assert.Equal(["KENGOVFRM DEU 122"], Code(text, nmod));
        // with a preposition it is a modifier, not part of the name: "the envoy of Kenya"
        const string of = "The envoy of Kenya condemned Germany.";
        const string ofParse = "The/DET/DT>1:det envoy/NOUN/NN>4:nsubj of/ADP/IN>3:case Kenya/PROPN/NNP>1:nmod "
            + "condemned/VERB/VBD>-1:root Germany/PROPN/NNP>4:obj ./PUNCT/.>4:punct";
        Assert.Equal("nmod", View(of, ofParse).Rel[3]);
    }

    [Fact]
    public void A_second_subject_after_a_list_without_coordinator_closes_that_list()
    {
        const string text = "The envoys of Japan, Kenya and France condemned Germany.";
        const string wellFormed = "The/DET/DT>1:det envoys/NOUN/NNS>8:nsubj of/ADP/IN>3:case Japan/PROPN/NNP>1:nmod ,/PUNCT/,>5:punct "
            + "Kenya/PROPN/NNP>3:conj and/CCONJ/CC>7:cc France/PROPN/NNP>3:conj condemned/VERB/VBD>-1:root Germany/PROPN/NNP>8:obj ./PUNCT/.>8:punct";
        const string split = "The/DET/DT>1:det envoys/NOUN/NNS>8:nsubj of/ADP/IN>3:case Japan/PROPN/NNP>1:nmod ,/PUNCT/,>5:punct "
            + "Kenya/PROPN/NNP>3:conj and/CCONJ/CC>8:cc France/PROPN/NNP>8:nsubj condemned/VERB/VBD>-1:root Germany/PROPN/NNP>8:obj ./PUNCT/.>8:punct";
        var view = View(text, split);
        Assert.Equal(("conj", 3), (view.Rel[7], view.Head[7]));
        Assert.Equal(("cc", 7), (view.Rel[6], view.Head[6]));
        Assert.Equal(Code(text, wellFormed), Code(text, split));
        // a list that already has its coordinator is complete: the second subject joins the first
        const string closed = "The envoys of Japan and Kenya and France condemned Germany.";
        const string closedParse = "The/DET/DT>1:det envoys/NOUN/NNS>8:nsubj of/ADP/IN>3:case Japan/PROPN/NNP>1:nmod and/CCONJ/CC>5:cc "
            + "Kenya/PROPN/NNP>3:conj and/CCONJ/CC>8:cc France/PROPN/NNP>8:nsubj condemned/VERB/VBD>-1:root Germany/PROPN/NNP>8:obj ./PUNCT/.>8:punct";
        var closedView = View(closed, closedParse);
        Assert.Equal(("conj", 1), (closedView.Rel[7], closedView.Head[7]));
    }

    [Fact]
    public void A_subject_with_its_own_preposition_gives_way_to_the_nominal_before_it()
    {
        const string text = "Senior officials in Kenya condemned France.";
        const string wellFormed = "Senior/ADJ/JJ>1:amod officials/NOUN/NNS>4:nsubj in/ADP/IN>3:case Kenya/PROPN/NNP>1:nmod "
            + "condemned/VERB/VBD>-1:root France/PROPN/NNP>4:obj ./PUNCT/.>4:punct";
        const string inverted = "Senior/ADJ/JJ>1:amod officials/NOUN/NNS>3:nmod:unmarked in/ADP/IN>3:case Kenya/PROPN/NNP>4:nsubj "
            + "condemned/VERB/VBD>-1:root France/PROPN/NNP>4:obj ./PUNCT/.>4:punct";
        var view = View(text, inverted);
        Assert.Equal(("nsubj", 4), (view.Rel[1], view.Head[1]));
        Assert.Equal(("nmod", 1), (view.Rel[3], view.Head[3]));
        Assert.Equal(1, view.Head[0]);
        Assert.Equal(Code(text, wellFormed), Code(text, inverted));
        // a subject without a preposition keeps its bare modifier
        const string plain = "Kenya officials condemned France.";
        const string plainParse = "Kenya/PROPN/NNP>1:compound officials/NOUN/NNS>2:nsubj condemned/VERB/VBD>-1:root "
            + "France/PROPN/NNP>2:obj ./PUNCT/.>2:punct";
        Assert.Equal(("nsubj", 2), (View(plain, plainParse).Rel[1], View(plain, plainParse).Head[1]));
    }

    [Fact]
    public void An_infinitive_hung_as_an_adverbial_clause_right_after_a_named_object_is_its_complement()
    {
        const string text = "Japan pressed Kenya to condemn France.";
        const string xcomp = "Japan/PROPN/NNP>1:nsubj pressed/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj to/PART/TO>4:mark "
            + "condemn/VERB/VB>1:xcomp France/PROPN/NNP>4:obj ./PUNCT/.>1:punct";
        const string advcl = "Japan/PROPN/NNP>1:nsubj pressed/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj to/PART/TO>4:mark "
            + "condemn/VERB/VB>1:advcl France/PROPN/NNP>4:obj ./PUNCT/.>1:punct";
        Assert.Equal(("xcomp", 1), (View(text, advcl).Rel[4], View(text, advcl).Head[4]));
        Assert.Equal(Code(text, xcomp), Code(text, advcl));
        // with a word between the object and the infinitive it stays an adverbial clause ("to" = "in order to")
        const string apart = "Japan pressed Kenya hard to condemn France.";
        const string apartParse = "Japan/PROPN/NNP>1:nsubj pressed/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj hard/ADV/RB>1:advmod "
            + "to/PART/TO>5:mark condemn/VERB/VB>1:advcl France/PROPN/NNP>5:obj ./PUNCT/.>1:punct";
        Assert.Equal("advcl", View(apart, apartParse).Rel[5]);
    }

    [Fact]
    public void A_counted_span_of_time_taken_for_a_subject_dates_the_verb_before_it()
    {
        const string text = "Japan condemned Kenya three years after rioters burned its embassy.";
        const string asSubject = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj three/NUM/CD>4:nummod "
            + "years/NOUN/NNS>7:nsubj after/ADP/IN>6:case rioters/NOUN/NNS>4:nmod burned/VERB/VBD>1:conj its/PRON/PRP$>9:nmod:poss "
            + "embassy/NOUN/NN>7:obj ./PUNCT/.>1:punct";
        var view = View(text, asSubject);
        Assert.Equal(("obl:unmarked", 1), (view.Rel[4], view.Head[4]));
        Assert.Equal(4, view.Head[6]);
        // uncounted, or with no verb before it, a subject stays one
        const string early = "Three years after the vote rioters burned the embassy.";
        const string earlyParse = "Three/NUM/CD>1:nummod years/NOUN/NNS>6:nsubj after/ADP/IN>4:case the/DET/DT>4:det vote/NOUN/NN>1:nmod "
            + "rioters/NOUN/NNS>6:nsubj burned/VERB/VBD>-1:root the/DET/DT>8:det embassy/NOUN/NN>6:obj ./PUNCT/.>6:punct";
        Assert.Equal(("nsubj", 6), (View(early, earlyParse).Rel[1], View(early, earlyParse).Head[1]));
        const string uncounted = "Japan condemned Kenya and rioters after the vote burned its embassy.";
        const string uncountedParse = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj and/CCONJ/CC>8:cc "
            + "rioters/NOUN/NNS>8:nsubj after/ADP/IN>7:case the/DET/DT>7:det vote/NOUN/NN>4:nmod burned/VERB/VBD>1:conj "
            + "its/PRON/PRP$>10:nmod:poss embassy/NOUN/NN>8:obj ./PUNCT/.>1:punct";
        Assert.Equal(("nsubj", 8), (View(uncounted, uncountedParse).Rel[4], View(uncounted, uncountedParse).Head[4]));
    }

    [Fact]
    public void A_clause_read_as_a_prepositional_phrase_gets_its_subject_and_subordinator_back()
    {
        const string text = "Japan condemned Kenya three years after rioters burned its embassy.";
        // "rioters" an obl of "burned" under "after", and "burned" a conjunct of "condemned"
        const string asPhrase = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj three/NUM/CD>4:nummod "
            + "years/NOUN/NNS>1:obl:unmarked after/ADP/IN>6:case rioters/NOUN/NNS>7:obl burned/VERB/VBD>1:conj its/PRON/PRP$>9:nmod:poss "
            + "embassy/NOUN/NN>7:obj ./PUNCT/.>1:punct";
        var view = View(text, asPhrase);
        Assert.Equal(("nsubj", 7), (view.Rel[6], view.Head[6]));
        Assert.Equal(("mark", 7), (view.Rel[5], view.Head[5]));
        Assert.Equal(("advcl", 1), (view.Rel[7], view.Head[7]));
        // "rioters" under "after" as an nmod of "years", with "burned" its acl (a reduced relative, which would be a participle)
        const string asRelative = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj three/NUM/CD>4:nummod "
            + "years/NOUN/NNS>1:obl:unmarked after/ADP/IN>6:case rioters/NOUN/NNS>4:nmod burned/VERB/VBD>6:acl its/PRON/PRP$>9:nmod:poss "
            + "embassy/NOUN/NN>7:obj ./PUNCT/.>1:punct";
        var relative = View(text, asRelative);
        Assert.Equal(("nsubj", 7), (relative.Rel[6], relative.Head[6]));
        Assert.Equal(("mark", 7), (relative.Rel[5], relative.Head[5]));
        Assert.Equal(("advcl", 4), (relative.Rel[7], relative.Head[7]));
        // a participle stays a reduced relative: "after crowds angered by the vote"
        const string participle = "Japan condemned Kenya after crowds angered by the vote burned its embassy.";
        const string participleParse = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj after/ADP/IN>4:case "
            + "crowds/NOUN/NNS>9:nsubj angered/VERB/VBN>4:acl by/ADP/IN>8:case the/DET/DT>8:det vote/NOUN/NN>5:obl burned/VERB/VBD>1:advcl "
            + "its/PRON/PRP$>11:nmod:poss embassy/NOUN/NN>9:obj ./PUNCT/.>1:punct";
        Assert.Equal(("acl", 4), (View(participle, participleParse).Rel[5], View(participle, participleParse).Head[5]));
        // a coordinated verb keeps the first verb's subject: "after lunch" stays a phrase
        const string coordinated = "Japan met Kenya and after lunch signed a deal.";
        const string coordinatedParse = "Japan/PROPN/NNP>1:nsubj met/VERB/VBD>-1:root Kenya/PROPN/NNP>1:obj and/CCONJ/CC>6:cc "
            + "after/ADP/IN>5:case lunch/NOUN/NN>6:obl signed/VERB/VBD>1:conj a/DET/DT>8:det deal/NOUN/NN>6:obj ./PUNCT/.>1:punct";
        var kept = View(coordinated, coordinatedParse);
        Assert.Equal(("obl", 6), (kept.Rel[5], kept.Head[5]));
        Assert.Equal(("conj", 1), (kept.Rel[6], kept.Head[6]));
    }

    [Fact]
    public void A_verb_taken_for_a_modifier_of_a_noun_coordinated_with_a_day_is_a_verb_conjunct()
    {
        const string text = "Kenya condemned the raid on Monday and promised aid to Japan.";
        const string asModifier = "Kenya/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>1:obj on/ADP/IN>5:case "
            + "Monday/PROPN/NNP>3:nmod and/CCONJ/CC>8:cc promised/VERB/VBN>8:amod aid/NOUN/NN>5:conj to/ADP/IN>10:case "
            + "Japan/PROPN/NNP>8:nmod ./PUNCT/.>1:punct";
        var view = View(text, asModifier);
        Assert.Equal(("conj", 1), (view.Rel[7], view.Head[7]));
        Assert.Equal(("obj", 7), (view.Rel[8], view.Head[8]));
        Assert.Equal(("cc", 7), (view.Rel[6], view.Head[6]));
        // two times, or a noun conjunct of another noun, keep their coordination
        const string times = "Kenya condemned the raid on Monday and wounded soldiers.";
        const string timesParse = "Kenya/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>1:obj on/ADP/IN>5:case "
            + "Monday/PROPN/NNP>3:nmod and/CCONJ/CC>8:cc wounded/VERB/VBN>8:amod soldiers/NOUN/NNS>3:conj ./PUNCT/.>1:punct";
        var timesView = View(times, timesParse);
        Assert.Equal(("amod", 8), (timesView.Rel[7], timesView.Head[7]));
        Assert.Equal(("conj", 3), (timesView.Rel[8], timesView.Head[8]));
    }

    [Fact]
    public void A_parenthetical_taken_for_the_root_gives_the_root_back_to_the_main_clause()
    {
        const string text = "Kenya is said, it seems, to back France.";
        const string parenthetical = "Kenya/PROPN/NNP>2:nsubj:pass is/AUX/VBZ>2:aux:pass said/VERB/VBN>5:advcl ,/PUNCT/,>2:punct "
            + "it/PRON/PRP>5:expl seems/VERB/VBZ>-1:root ,/PUNCT/,>8:punct to/PART/TO>8:mark back/VERB/VB>5:xcomp "
            + "France/PROPN/NNP>8:obj ./PUNCT/.>5:punct";
        var view = View(text, parenthetical);
        Assert.Equal(("root", -1), (view.Rel[2], view.Head[2]));
        Assert.Equal(("ccomp", 2), (view.Rel[5], view.Head[5]));
        // a fronted clause with a subordinator is a real adverbial clause; a closing pronoun subject is a clause of its own
        const string when = "When Kenya left, it seemed calm.";
        const string whenParse = "When/SCONJ/WRB>2:mark Kenya/PROPN/NNP>2:nsubj left/VERB/VBD>5:advcl ,/PUNCT/,>2:punct "
            + "it/PRON/PRP>5:expl seemed/VERB/VBD>-1:root calm/ADJ/JJ>5:xcomp ./PUNCT/.>5:punct";
        Assert.Equal(-1, View(when, whenParse).Head[5]);
        const string two = "Kenya left, it rained.";
        const string twoParse = "Kenya/PROPN/NNP>1:nsubj left/VERB/VBD>4:ccomp ,/PUNCT/,>1:punct it/PRON/PRP>4:nsubj "
            + "rained/VERB/VBD>-1:root ./PUNCT/.>4:punct";
        Assert.Equal(-1, View(two, twoParse).Head[4]);
    }

    [Fact]
    public void A_possessor_hung_from_the_verb_belongs_to_the_subject_after_it()
    {
        const string text = "Kenya's Foreign Minister Mara Odell condemned Germany.";
        const string wellFormed = "Kenya/PROPN/NNP>5:nmod:poss 's/PART/POS>0:case Foreign/PROPN/NNP>3:compound Minister/PROPN/NNP>5:compound "
            + "Mara/PROPN/NNP>6:nsubj Odell/PROPN/NNP>4:flat condemned/VERB/VBD>-1:root Germany/PROPN/NNP>6:obj ./PUNCT/.>6:punct";
        const string onVerb = "Kenya/PROPN/NNP>6:nmod:poss 's/PART/POS>0:case Foreign/PROPN/NNP>3:compound Minister/PROPN/NNP>4:nmod:desc "
            + "Mara/PROPN/NNP>6:nsubj Odell/PROPN/NNP>4:flat condemned/VERB/VBD>-1:root Germany/PROPN/NNP>6:obj ./PUNCT/.>6:punct";
        Assert.Equal(("nmod:poss", 4), (View(text, onVerb).Rel[0], View(text, onVerb).Head[0]));
        Assert.Equal(["KENGOVFRM DEU 122"], Code(text, wellFormed));
        Assert.Equal(["KENGOVFRM DEU 122"], Code(text, onVerb));
        // with a word of another phrase between them, the possessor is left where it is
        const string apart = "Kenya's, Mara Odell condemned Germany.";
        const string apartParse = "Kenya/PROPN/NNP>5:nmod:poss 's/PART/POS>0:case ,/PUNCT/,>5:punct Mara/PROPN/NNP>5:nsubj "
            + "Odell/PROPN/NNP>3:flat condemned/VERB/VBD>-1:root Germany/PROPN/NNP>5:obj ./PUNCT/.>5:punct";
        Assert.Equal(5, View(apart, apartParse).Head[0]);
    }

    [Fact]
    public void A_closing_report_gives_the_words_before_its_comma_back_to_the_clause()
    {
        const string text = "Japan condemned the raid on Kenya days later, an official said.";
        const string wellFormed = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>1:obj on/ADP/IN>5:case "
            + "Kenya/PROPN/NNP>3:nmod days/NOUN/NNS>7:obl:unmarked later/ADV/RBR>1:advmod ,/PUNCT/,>11:punct an/DET/DT>10:det "
            + "official/NOUN/NN>11:nsubj said/VERB/VBD>1:parataxis ./PUNCT/.>1:punct";
        const string grabbed = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>1:obj on/ADP/IN>5:case "
            + "Kenya/PROPN/NNP>6:nmod days/NOUN/NNS>7:obl:unmarked later/ADV/RBR>11:advmod ,/PUNCT/,>7:punct an/DET/DT>10:det "
            + "official/NOUN/NN>11:nsubj said/VERB/VBD>1:conj ./PUNCT/.>1:punct";
        var view = View(text, grabbed);
        Assert.Equal(("advmod", 1), (view.Rel[7], view.Head[7]));
        Assert.Equal(11, view.Head[8]);
        Assert.Equal(["JPN KEN 122"], Code(text, wellFormed));
        Assert.Equal(["JPN KEN 122"], Code(text, grabbed));
        // a report with an object of its own is a clause, not a closing report
        const string own = "Japan condemned the raid days later, an official told Kenya.";
        const string ownParse = "Japan/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>1:obj "
            + "days/NOUN/NNS>5:obl:unmarked later/ADV/RBR>9:advmod ,/PUNCT/,>9:punct an/DET/DT>8:det official/NOUN/NN>9:nsubj "
            + "told/VERB/VBD>1:conj Kenya/PROPN/NNP>9:obj ./PUNCT/.>1:punct";
        Assert.Equal(9, View(own, ownParse).Head[5]);
    }

    [Fact]
    public void Two_names_coordinated_before_one_noun_are_conjuncts()
    {
        const string text = "Japan and Kenya officials condemned France.";
        const string wellFormed = "Japan/PROPN/NNP>3:compound and/CCONJ/CC>2:cc Kenya/PROPN/NNP>0:conj officials/NOUN/NNS>4:nsubj "
            + "condemned/VERB/VBD>-1:root France/PROPN/NNP>4:obj ./PUNCT/.>4:punct";
        const string flat = "Japan/PROPN/NNP>3:compound and/CCONJ/CC>3:cc Kenya/PROPN/NNP>3:compound officials/NOUN/NNS>4:nsubj "
            + "condemned/VERB/VBD>-1:root France/PROPN/NNP>4:obj ./PUNCT/.>4:punct";
        var view = View(text, flat);
        Assert.Equal(("conj", 0), (view.Rel[2], view.Head[2]));
        Assert.Equal(("cc", 2), (view.Rel[1], view.Head[1]));
        Assert.Equal(Code(text, wellFormed), Code(text, flat));
        // a compound with no coordinator before it stays a compound
        const string plain = "Japan border officials condemned France.";
        const string plainParse = "Japan/PROPN/NNP>2:compound border/NOUN/NN>2:compound officials/NOUN/NNS>3:nsubj "
            + "condemned/VERB/VBD>-1:root France/PROPN/NNP>3:obj ./PUNCT/.>3:punct";
        Assert.Equal(("compound", 2), (View(plain, plainParse).Rel[1], View(plain, plainParse).Head[1]));
    }

    [Fact]
    public void A_closing_report_whose_subject_starts_with_words_hung_elsewhere_is_still_a_report()
    {
        const string text = "France condemned the raid after a long truce, the state news agency KNA said.";
        const string parse = "France/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>1:obj after/ADP/IN>8:case "
            + "a/DET/DT>8:det long/ADJ/JJ>8:amod truce/NOUN/NN>1:obl ,/PUNCT/,>12:punct the/DET/DT>12:det state/NOUN/NN>12:compound "
            + "news/NOUN/NN>12:compound agency/NOUN/NN>8:appos KNA/PROPN/NNP>14:nsubj said/VERB/VBD>1:advcl ./PUNCT/.>1:punct";
        var view = View(text, parse);
        Assert.Equal(("parataxis", 1), (view.Rel[14], view.Head[14]));
        // without the comma the clause is left as the parse gave it
        const string noComma = "France condemned the raid after a long truce the state news agency KNA said.";
        const string noCommaParse = "France/PROPN/NNP>1:nsubj condemned/VERB/VBD>-1:root the/DET/DT>3:det raid/NOUN/NN>1:obj after/ADP/IN>7:case "
            + "a/DET/DT>7:det long/ADJ/JJ>7:amod truce/NOUN/NN>1:obl the/DET/DT>11:det state/NOUN/NN>11:compound "
            + "news/NOUN/NN>11:compound agency/NOUN/NN>7:appos KNA/PROPN/NNP>13:nsubj said/VERB/VBD>1:advcl ./PUNCT/.>1:punct";
        Assert.Equal("advcl", View(noComma, noCommaParse).Rel[13]);
    }

    private static PetrarchCoder.SentenceView View(string text, string parse)
    {
        var tokens = NewsTokenizer.Default.Tokenize(text);
        var layer = new FixedParse(parse).Analyze(tokens);
        return new PetrarchCoder.SentenceView(tokens, layer, tokens.Sentences[0], Dictionaries.Value);
    }
}
