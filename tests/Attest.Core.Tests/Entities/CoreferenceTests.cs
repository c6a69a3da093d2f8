using Attest.Entities;

namespace Attest.Tests.Entities;

public class CoreferenceTests
{
    private static EntityLayer Analyze(string text, string? date = "2019-01-14") =>
        DictionaryEntityAnalyzer.CreateDefault().Analyze(TestSyntax.Build(text), date);

    private static Attest.Model.Actor ActorOf(EntityLayer layer, string mention, int occurrence = 0)
    {
        var m = layer.Mentions.Where(x => x.Text == mention).ElementAtOrDefault(occurrence)
                ?? throw new Xunit.Sdk.XunitException($"no mention '{mention}' #{occurrence} in: " + string.Join(" | ", layer.Mentions.Select(x => x.Text)));
        return layer.ActorById(m.ActorId)!;
    }

    [Fact]
    public void Shorter_name_of_an_organisation_is_that_organisation()
    {
        var layer = Analyze("Germany's Federal Ministry of Defence said two jets had scrambled. Later the Defence Ministry said the jets had returned.");
        var first = ActorOf(layer, "Germany's Federal Ministry of Defence");
        Assert.Same(first, ActorOf(layer, "the Defence Ministry"));
        Assert.Equal("DEUGOV", first.Code);
    }

    [Fact]
    public void Uncoded_national_ministry_takes_the_country_of_the_same_ministry_named_before()
    {
        var layer = Analyze("OSLO, Jan 14 - Egypt's Ministry of Trade said it opposed the duties. A Trade Ministry spokesman, Karim Nabil, said talks would go on.");
        Assert.Equal("EGYGOV", ActorOf(layer, "Karim Nabil").Code);
    }

    [Fact]
    public void Recognizer_adds_places_and_organisations_the_dictionary_lacks()
    {
        var layer = Analyze("Fighting spread to Kafr Batna on Sunday, and the Halvorsen Shipping Company said it had suspended deliveries to Aleppo.");
        Assert.Contains(layer.Entities, e => e.Text == "Kafr Batna" && e.Type is "GPE" or "LOC");
        Assert.Contains(layer.Entities, e => e.Text.Contains("Halvorsen Shipping Company", StringComparison.Ordinal) && e.Type == "ORG");
    }

    [Fact]
    public void Short_name_joins_the_full_name()
    {
        var layer = Analyze("Ali Varzan, who sits on Tehran's National Security Council, spoke first. Later Varzan met the press.");
        var a = ActorOf(layer, "Varzan");
        Assert.Equal("Ali Varzan", a.Name);
        Assert.Same(a, ActorOf(layer, "Ali Varzan"));
        Assert.Equal("IRNGOV", a.Code);
    }

    [Fact]
    public void Earlier_short_name_joins_a_later_full_name()
    {
        var layer = Analyze("Ministers praised Kolbe on Monday. Then Edda Kolbe, a Polish diplomat, replied.");
        Assert.Same(ActorOf(layer, "Kolbe"), ActorOf(layer, "Edda Kolbe"));
    }

    [Fact]
    public void Pronoun_takes_the_nearest_person()
    {
        var layer = Analyze("Dr. Nina Halvorsen believes the statement is false. \"Nothing happened,\" she told reporters.");
        var she = layer.Mentions.Single(m => m.Text == "she");
        Assert.Equal(MentionKind.Pronoun, she.Kind);
        Assert.Equal("Nina Halvorsen", layer.ActorById(she.ActorId)!.Name);
    }

    [Fact]
    public void Possessive_pronoun_in_the_same_sentence()
    {
        var layer = Analyze("President Trump adopted a tougher stance than his predecessor Barack Obama.", "2019-01-14");
        var his = layer.Mentions.Single(m => m.Text == "his");
        Assert.Equal("Donald Trump", layer.ActorById(his.ActorId)!.Name);
    }

    [Fact]
    public void They_takes_the_latest_group()
    {
        var layer = Analyze("U.S. officials repudiated the claim, but they said Washington was prepared to talk.");
        var they = layer.Mentions.Single(m => m.Text == "they");
        Assert.Equal("USAGOV", layer.ToRef(they).Code);
    }

    [Fact]
    public void Title_refers_back_to_the_person_who_holds_it()
    {
        var layer = Analyze("Russian Foreign Ministry spokeswoman Irina Lasko called the move baseless. The spokeswoman added that Russia would respond.");
        var a = ActorOf(layer, "The spokeswoman");
        Assert.Equal("Irina Lasko", a.Name);
        Assert.Equal("RUSGOV", a.Code);
    }

    [Fact]
    public void The_ministry_refers_back_to_the_ministry()
    {
        var layer = Analyze("The Polish Foreign Ministry summoned the ambassador. In a statement, the ministry said the step was necessary.");
        Assert.Same(ActorOf(layer, "The Polish Foreign Ministry"), ActorOf(layer, "the ministry"));
        Assert.Equal("POLGOV", layer.ToRef(layer.Mentions.First(m => m.Text == "the ministry")).Code);
    }

    [Fact]
    public void The_official_refers_back_to_a_described_official()
    {
        var layer = Analyze("A senior Polish security official said the network was dismantled. The official did not give details.");
        Assert.Same(ActorOf(layer, "A senior Polish security official"), ActorOf(layer, "The official"));
    }

    [Fact]
    public void Apposition_gives_the_person_a_code()
    {
        var layer = Analyze("Omar Haddad, a spokesman for the Iraqi Interior Ministry, denied the report.");
        var a = ActorOf(layer, "Omar Haddad");
        Assert.Equal("IRQGOV", a.Code);
        Assert.Contains(a.Mentions, s => s.Text.Contains("spokesman", StringComparison.Ordinal));
    }

    [Fact]
    public void Who_clause_gives_the_person_a_code()
    {
        var layer = Analyze("Ali Varzan, who sits on Tehran's National Security Council, was quoted by local media.");
        Assert.Equal("IRNGOV", ActorOf(layer, "Ali Varzan").Code);
    }

    [Fact]
    public void Metonyms_resolve_to_the_country_actor()
    {
        var layer = Analyze("Russia denied it. Moscow said the charges were invented, and the Kremlin called them hostile.");
        Assert.Same(ActorOf(layer, "Russia"), ActorOf(layer, "Moscow"));
        Assert.Equal(MentionKind.Metonym, layer.Mentions.First(m => m.Text == "Moscow").Kind);
        Assert.Equal("RUSGOV", layer.ToRef(layer.Mentions.First(m => m.Text == "the Kremlin")).Code);
    }

    [Fact]
    public void The_same_description_group_is_one_actor()
    {
        var layer = Analyze("U.S. officials met on Monday. On Tuesday, U.S. officials met again.");
        var ids = layer.Mentions.Where(m => m.Text == "U.S. officials").Select(m => m.ActorId).Distinct();
        Assert.Single(ids);
    }

    [Fact]
    public void Every_mention_is_listed_on_its_actor()
    {
        var layer = Analyze("Iran's foreign minister met Ali Varzan in Tehran. Varzan said Iran would not yield, and he left.");
        foreach (var m in layer.Mentions)
        {
            var a = layer.ActorById(m.ActorId)!;
            Assert.Contains(a.Mentions, s => s.Start == m.Start && s.End == m.End && s.Text == m.Text);
        }
        Assert.All(layer.Mentions, m => Assert.Equal(m.Text, layer.Mentions.Length > 0 ? TextOf(m) : m.Text));

        string TextOf(ActorMention m) => "Iran's foreign minister met Ali Varzan in Tehran. Varzan said Iran would not yield, and he left."[m.Start..m.End];
    }

    [Fact]
    public void Partitive_members_of_a_group_keep_its_code()
    {
        var layer = Analyze("Some of the Iraqi lawmakers walked out.");
        Assert.Equal("IRQLEG", layer.ToRef(layer.Mentions.First(m => m.Text == "Some of the Iraqi lawmakers")).Code);
    }

    [Fact]
    public void Description_followed_by_a_name_is_one_actor()
    {
        var layer = Analyze("A top Iranian security official claims Washington asked for talks. "
                            + "Ali Varzan, who sits on Tehran's National Security Council, was quoted by local media.");
        Assert.Same(ActorOf(layer, "A top Iranian security official"), ActorOf(layer, "Ali Varzan"));
        Assert.Equal("Ali Varzan", ActorOf(layer, "Ali Varzan").Name);
    }

    [Fact]
    public void Uncoded_description_defined_by_another_person_is_named_in_the_next_sentence()
    {
        var layer = Analyze("Diplomats said a senior aide of Malian President Amadou Keita had met rebel leaders. "
                            + "Malian Foreign Minister Ousmane Diallo denied any meeting.");
        Assert.Same(ActorOf(layer, "a senior aide"), ActorOf(layer, "Malian Foreign Minister Ousmane Diallo"));
        Assert.NotSame(ActorOf(layer, "Malian President Amadou Keita"), ActorOf(layer, "Malian Foreign Minister Ousmane Diallo"));
    }

    [Fact]
    public void Uncoded_description_does_not_reach_two_sentences_ahead()
    {
        var layer = Analyze("A close aide of the mayor spoke to reporters. The city council met on Monday. "
                            + "Ousmane Diallo later resigned.");
        Assert.NotSame(ActorOf(layer, "aide"), ActorOf(layer, "Ousmane Diallo"));
    }

    [Fact]
    public void Description_and_a_different_country_name_stay_apart()
    {
        var layer = Analyze("A senior Polish security official said the network was dismantled. "
                            + "Ali Varzan, who sits on Tehran's National Security Council, disagreed.");
        Assert.NotSame(ActorOf(layer, "A senior Polish security official"), ActorOf(layer, "Ali Varzan"));
    }

    [Fact]
    public void Its_spokesman_named_in_apposition()
    {
        var layer = Analyze("The Saudi-led coalition dismissed the reports. Its spokesman, Colonel Fahd al-Harbi, told reporters nothing happened.");
        var a = ActorOf(layer, "Colonel Fahd al-Harbi");
        Assert.Equal("Fahd al-Harbi", a.Name);
        Assert.Equal("SAUMIL", a.Code);
        Assert.Same(a, ActorOf(layer, "spokesman"));
    }
}
