using Attest.Entities;
using Attest.Events.Petrarch;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Tests.Events.Petrarch;

/// <summary>The coder over Attest's own tokenizer and parser, with small hand-written dictionaries.</summary>
public class PetrarchCoderTests
{
    private const string Verbs = """
        &CURRENCY
        +EUROS
        +SWISS FRANCS

        --- CONDEMN  [122]  ---
        CONDEMN

        --- CRITICIZE  [121]  ---
        CRITICIZE
        - HEAVILY *  [122]

        --- ARREST  [173]  ---
        ARREST

        --- PLEDGE  [050]  ---
        PLEDGE
        - * &CURRENCY  [071]

        --- VISIT  [042:043]  ---
        VISIT

        --- EXCLUDE  [1721] ---
        EXCLUDE
        +CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF }

        --- AGREE  [081]  ---
        AGREE
        - % *  [030:030]

        --- FREE  [066] ---
        FREE
        - + * FROM $  [067]

        --- SAID  [023] ---
        SAID
        """;

    private const string Actors = """
        FRANCE_ [FRA]
        +FRENCH_
        GERMANY_ [DEU]
        +GERMAN_
        JAPAN_ [JPN]
        KENYA_ [KEN]
        +NAIROBI_
        UNITED_NATIONS [IGOUNO]
        HELENA_MARSH
            [GBRGOV 20100101-20141231]
            [GBRELI >20141231]
            [GBR]
        """;

    private const string Agents = """
        POLICE {} [~COP]
        STUDENT [~EDU]
        FOREIGN_MINISTER [~GOVFRM]
        OFFICIAL [~GOV]
        RELIEF_AGENCY [NGO~]
        """;

    private static readonly Lazy<PetrarchCoder> Coder = new(() =>
    {
        var problems = new List<string>();
        var actors = PetrarchDictionaryReader.ParseActors(new StringReader(Actors), "test.actors", problems);
        var agents = PetrarchDictionaryReader.ParseAgents(new StringReader(Agents), "test.agents", problems);
        Assert.Empty(problems);
        var dictionaries = new PetrarchDictionaries(
            PetrarchVerbDictionary.Read(new StringReader(Verbs), "test.verbs"),
            PetrarchDictionaries.BuildActors(actors),
            PetrarchDictionaries.BuildAgents(agents),
            PetrarchDictionaries.ReadDiscards(new StringReader("FOOTBALL MATCH\n+SONG CONTEST\n"), "test.discards"),
            problems);
        return new PetrarchCoder(dictionaries, NewsTokenizer.Default, PerceptronSyntaxAnalyzer.LoadDefault());
    });

    private static string[] Code(string text, DateOnly? date = null, bool requireDyad = true) =>
        [.. Coder.Value.Code(text, date, new PetrarchCoderOptions { RequireDyad = requireDyad }).Select(c => c.ToString())];

    [Theory]
    [InlineData("France condemned Germany on Monday.", "FRA DEU 122")]
    [InlineData("Japan heavily criticized Kenya over the dispute.", "JPN KEN 122")]
    [InlineData("Japan criticized Kenya over the dispute.", "JPN KEN 121")]
    [InlineData("Japan pledged a million euros to Kenya.", "JPN KEN 071")]
    [InlineData("Japan pledged a million swiss francs to Kenya.", "JPN KEN 071")]
    [InlineData("Japan pledged support to Kenya.", "JPN KEN 050")]
    public void Codes_default_codes_and_patterns(string text, string expected)
    {
        Assert.Contains(expected, Code(text));
    }

    [Fact]
    public void Combines_actors_with_agents()
    {
        Assert.Contains("FRACOP DEUEDU 173", Code("French police arrested German students in Lyon."));
        Assert.Contains("FRAGOVFRM JPN 122", Code("The French foreign minister condemned Japan."));
        Assert.Contains("NGOKEN DEU 122", Code("A Kenya relief agency condemned Germany."));
    }

    [Fact]
    public void Codes_every_member_of_a_compound_actor()
    {
        var codes = Code("France and Germany condemned Japan on Tuesday.");
        Assert.Contains("FRA JPN 122", codes);
        Assert.Contains("DEU JPN 122", codes);
        var targets = Code("Japan condemned France and Germany on Tuesday.");
        Assert.Contains("JPN FRA 122", targets);
        Assert.Contains("JPN DEU 122", targets);
    }

    [Fact]
    public void Compound_marker_codes_the_members_against_each_other()
    {
        var codes = Code("France and Germany agree that the treaty should be signed.");
        Assert.Contains("FRA DEU 030", codes);
        Assert.Contains("DEU FRA 030", codes);
    }

    [Fact]
    public void Passive_with_an_agent_swaps_source_and_target()
    {
        Assert.Contains("FRA DEU 122", Code("Germany was condemned by France on Monday."));
    }

    [Fact]
    public void Pattern_markers_bind_source_and_target()
    {
        // "+ * FROM $": the subject is the target, the actor after FROM the source
        Assert.Contains("KEN JPN 067", Code("Japan was freed from Kenya after a long dispute."));
    }

    [Fact]
    public void Secondary_codes_reverse_the_roles()
    {
        var codes = Code("The Japan foreign minister visited Kenya on Friday.");
        Assert.Contains("JPNGOVFRM KEN 042", codes);
        Assert.Contains("KEN JPNGOVFRM 043", codes);
    }

    [Fact]
    public void Compound_verbs_are_recognised()
    {
        Assert.Contains("DEU FRA 1721", Code("Germany cordoned off the border with France."));
    }

    [Fact]
    public void Date_restricted_actor_codes_follow_the_record_date()
    {
        const string text = "Helena Marsh condemned Kenya on Monday.";
        Assert.Contains("GBRGOV KEN 122", Code(text, new DateOnly(2012, 5, 1)));
        Assert.Contains("GBRELI KEN 122", Code(text, new DateOnly(2016, 5, 1)));
        Assert.Contains("GBR KEN 122", Code(text, new DateOnly(2005, 5, 1)));
    }

    [Fact]
    public void Discarded_sentences_give_nothing()
    {
        Assert.Empty(Code("France condemned Germany after the football match in Paris."));
        // a sentence discard drops its sentence only; a story discard drops the whole text
        Assert.Equal(["JPN KEN 122"], Code("France condemned Germany after the football match. Japan condemned Kenya on Monday."));
        Assert.Empty(Code("Japan condemned Kenya on Monday. The song contest was held in Paris."));
    }

    [Fact]
    public void Require_dyad_drops_codings_without_a_target()
    {
        const string text = "A French official said on Monday.";
        Assert.Empty(Code(text));
        Assert.Contains("FRAGOV --- 023", Code(text, requireDyad: false));
    }

    [Fact]
    public void New_actor_length_reports_short_uncoded_phrases_as_text()
    {
        const string text = "The Ruritanian council condemned Japan on Monday.";
        Assert.DoesNotContain(Code(text), c => c.EndsWith(" 122", StringComparison.Ordinal));
        var codes = Coder.Value.Code(text, null, new PetrarchCoderOptions { NewActorLength = 3 }).Select(c => c.ToString());
        Assert.Contains("\"THE RURITANIAN COUNCIL\" JPN 122", codes);
        var shorter = Coder.Value.Code(text, null, new PetrarchCoderOptions { NewActorLength = 2 });
        Assert.Empty(shorter);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PetrarchCoderOptions { NewActorLength = -1 });
    }

    [Fact]
    public void A_coded_verb_absorbs_the_verb_of_its_complement()
    {
        // "condemned" is coded; "arrest" inside its object clause is not coded again
        var codes = Code("France condemned the plan to arrest Kenya students.");
        Assert.Contains("FRA KENEDU 122", codes);
        Assert.DoesNotContain(codes, c => c.EndsWith(" 173", StringComparison.Ordinal));
    }
}
