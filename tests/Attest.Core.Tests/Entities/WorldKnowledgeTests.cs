using Attest.Entities;
using static Attest.Tests.Entities.EntityTestText;
using Attest.Entities.Ner;

namespace Attest.Tests.Entities;

/// <summary>The world-knowledge files of the actor dictionary (organisations.actors, places.actors) and the given-name
/// list. Sentences written for these tests; people are fictional.</summary>
public class WorldKnowledgeTests
{
    private static EntityLayer Analyze(string text, string? date = "2024-05-14") =>
        DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.Build(text), date);

    [Theory]
    // companies
    [InlineData("ExxonMobil said its refinery output rose in April.", "ExxonMobil", "USABUS")]
    [InlineData("Shares of Samsung Electronics fell after the report.", "Samsung Electronics", "KORBUS")]
    [InlineData("Regulators fined Deutsche Bank over the transfers.", "Deutsche Bank", "DEUBUS")]
    [InlineData("Investors sold Shell stock on Tuesday.", "Shell", "GBRBUS")]
    [InlineData("Gazprom halted deliveries to the plant.", "Gazprom", "RUSBUS")]
    [InlineData("The contract went to Huawei last year.", "Huawei", "CHNBUS")]
    [InlineData("Passengers stranded by Lufthansa waited for hours.", "Lufthansa", "DEUBUS")]
    // news media
    [InlineData("Reuters reported the deal on Monday.", "Reuters", "GBRMED")]
    [InlineData("CNBC aired the interview with Dana Orlov.", "CNBC", "USAMED")]
    [InlineData("The claim was first made by Kyiv Post reporters.", "Kyiv Post", "UKRMED")]
    [InlineData("According to Dawn newspaper, the talks stalled.", "Dawn newspaper", "PAKMED")]
    // universities, think tanks
    [InlineData("Harvard University hired Dr. Lena Ostrova last year.", "Harvard University", "USAEDU")]
    [InlineData("A study by Peking University found no link.", "Peking University", "CHNEDU")]
    // international bodies and NGOs
    [InlineData("The OECD cut its growth forecast.", "OECD", "IGOWSTOEC")]
    [InlineData("ECOWAS suspended the country after the coup.", "ECOWAS", "IGOAFR")]
    [InlineData("Greenpeace criticised the drilling plan.", "Greenpeace", "NGOENV")]
    [InlineData("The figures come from Transparency International.", "Transparency International", "NGOHRI")]
    // parties
    [InlineData("Likud won 32 seats in the vote.", "Likud", "ISRPTY")]
    [InlineData("The Bharatiya Janata Party lost the state election.", "Bharatiya Janata Party", "INDPTY")]
    // government agencies
    [InlineData("Agents of the FBI searched the house.", "FBI", "USAGOV")]
    [InlineData("The Bundestag approved the budget.", "Bundestag", "DEULEG")]
    [InlineData("Officials blamed Mossad for the killing.", "Mossad", "ISRSPY")]
    [InlineData("He was questioned by the FSB for six hours.", "FSB", "RUSSPY")]
    // armed groups
    [InlineData("The Rapid Support Forces shelled the market.", "Rapid Support Forces", "SDNREB")]
    [InlineData("Kataib Hezbollah claimed the drone attack.", "Kataib Hezbollah", "IRQREB")]
    // places of a country
    [InlineData("Floods hit Texas overnight.", "Texas", "USA")]
    [InlineData("Wildfires spread across Alberta.", "Alberta", "CAN")]
    [InlineData("Fighting continued in Donbas.", "Donbas", "UKR")]
    [InlineData("Two villages in Tigray were burned.", "Tigray", "ETH")]
    public void World_knowledge_entries_resolve(string text, string mention, string code)
    {
        var layer = Analyze(text);
        var m = layer.Mentions.FirstOrDefault(x => x.Text == mention || x.Text == "the " + mention || x.Text == "The " + mention)
                ?? throw new Xunit.Sdk.XunitException($"no mention '{mention}' in: " + string.Join(" | ", layer.Mentions.Select(x => x.Text)));
        Assert.Equal(code, layer.ToRef(m).Code);
    }

    [Theory]
    [InlineData("Shell fragments hit the school.")]
    [InlineData("Target practice resumed at dawn.")]
    [InlineData("Orange smoke rose over the port.")]
    public void Common_word_names_are_not_matched_at_sentence_start(string text)
    {
        var layer = Analyze(text);
        Assert.DoesNotContain(layer.Mentions, m => layer.ToRef(m).Code is { } c && c.EndsWith("BUS", StringComparison.Ordinal));
    }

    [Fact]
    public void Noninitial_option_is_read_and_applies_after_quotes_too()
    {
        var d = new ActorDictionary.Builder().AddAttest(new StringReader("organization | USABUS | Anvil | noninitial\n")).Build();
        var buf = new List<ActorEntry>();
        var t1 = TestSyntax.Build("Anvil prices rose.").Tokens;
        Assert.Equal(0, d.LongestMatch(t1, 0, t1.TokenCount, buf));
        var t2 = TestSyntax.Build("\" Anvil prices rose.").Tokens;
        Assert.Equal(0, d.LongestMatch(t2, 1, t2.TokenCount, buf));
        var t3 = TestSyntax.Build("Traders said Anvil prices rose.").Tokens;
        Assert.Equal(1, d.LongestMatch(t3, 2, t3.TokenCount, buf));
        Assert.True(buf[0].NonInitial);
    }

    [Fact]
    public void Generic_institution_names_keep_their_country()
    {
        // the world-knowledge files must not turn "Tehran's National Security Council" into a US body
        var layer = Analyze("He sits on Tehran's National Security Council.");
        Assert.Equal("IRNGOV", CodeOf(layer, "Tehran's National Security Council"));
    }

    [Fact]
    public void Organisation_file_has_1500_names_and_classic_dictionary_leaves_it_out()
    {
        var full = ActorDictionary.LoadDefault();
        var classic = ActorDictionary.LoadClassic();
        Assert.True(full.Count - classic.Count >= 1500, $"only {full.Count - classic.Count} world-knowledge names");
        Assert.Contains(full.Lookup("ExxonMobil"), e => e.Code == "USABUS");
        Assert.Empty(classic.Lookup("ExxonMobil"));
        Assert.Contains(full.Lookup("Texas"), e => e.Kind == ActorEntryKind.City && e.Code == "USA");
        Assert.Contains(full.Lookup("Sub-Saharan Africa"), e => e.Kind == ActorEntryKind.Place && e.Code is null);
        Assert.Same(classic, NerTagger.DictionaryFor(full, worldDictionaries: false));
        Assert.Same(full, NerTagger.DictionaryFor(full, worldDictionaries: true));
    }

    [Theory]
    [InlineData("Amara", true)]
    [InlineData("Siobhan", true)]
    [InlineData("Oleksandr", true)]
    [InlineData("Yuki", true)]
    [InlineData("Paris", false)]
    [InlineData("said", false)]
    [InlineData("will", false)]
    public void Given_name_list_is_embedded(string word, bool listed) => Assert.Equal(listed, NerTagger.IsListedName(word));
}
