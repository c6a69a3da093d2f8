using Attest.Entities;
using Attest.Events.Petrarch;

namespace Attest.Tests.Events.Petrarch;

public class PetrarchDictionariesTests
{
    private const string Actors = """
        FRANCE_ [FRA]
        +FRENCH
        AMELIE_DUROC  # a fictional minister with dated codes
        +MINISTER_DUROC
            [FRAGOV 20100101-20141231]
            [FRAELI >20141231]
            [FRACVL]
        KLAUS_BERGMANN
            [DEU < 950601]
            [DEUGOV 19950601 - 19990815]
        BENELUX_STATES [BEL/NLD/LUX]
        NOBODY_IN_PARTICULAR [---]
        BAD_DATE [FRA 2020x]
        """;

    private const string Agents = """
        !PERSON! = MAN, WOMAN
        POLICE {} [~COP]
        STUDENT [~EDU]
        CHAMBER_OF_TRADE {CHAMBERS_OF_TRADE} [~BUS]
        RELIEF_AGENCY [NGO~]
        SPOKES!PERSON! [~GOV]
        !PERSON!_OF_LETTERS [~EDU]
        """;

    private static List<PetrarchActorRecord> ParseActors(List<string> problems) =>
        [.. PetrarchDictionaryReader.ParseActors(new StringReader(Actors), "test.actors", problems)];

    [Fact]
    public void Actor_records_keep_names_and_dated_codes_in_order()
    {
        var problems = new List<string>();
        var records = ParseActors(problems);
        var duroc = records.Single(r => r.Names[0] == "AMELIE_DUROC");
        Assert.Equal(["AMELIE_DUROC", "MINISTER_DUROC"], duroc.Names);
        Assert.Equal(["FRAGOV", "FRAELI", "FRACVL"], duroc.Codes.Select(c => c.Code));
        // spaces inside a date restriction are allowed
        var klaus = records.Single(r => r.Names[0] == "KLAUS_BERGMANN");
        Assert.Equal(new DateOnly(1995, 6, 1), klaus.Codes[1].From);
        Assert.Equal(new DateOnly(1999, 8, 15), klaus.Codes[1].To);
        Assert.Contains(problems, p => p.StartsWith("test.actors:", StringComparison.Ordinal) && p.Contains("2020x", StringComparison.Ordinal));
    }

    [Fact]
    public void Codes_are_chosen_by_date()
    {
        var records = ParseActors([]);
        var duroc = new PetrarchActor("AMELIE_DUROC", records.Single(r => r.Names[0] == "AMELIE_DUROC").Codes, 1);
        Assert.Equal(["FRAGOV"], duroc.CodesOn(new DateOnly(2012, 3, 1)));
        Assert.Equal(["FRAELI"], duroc.CodesOn(new DateOnly(2016, 3, 1)));
        Assert.Equal(["FRACVL"], duroc.CodesOn(new DateOnly(2005, 3, 1)));
        Assert.Equal(["FRACVL"], duroc.CodesOn(null));
        var klaus = new PetrarchActor("KLAUS", records.Single(r => r.Names[0] == "KLAUS_BERGMANN").Codes, 1);
        Assert.Equal(["DEU"], klaus.CodesOn(new DateOnly(1994, 1, 1)));
        Assert.Equal(["DEUGOV"], klaus.CodesOn(new DateOnly(1995, 6, 1)));
        Assert.Empty(klaus.CodesOn(new DateOnly(2001, 1, 1)));
        var benelux = new PetrarchActor("B", records.Single(r => r.Names[0] == "BENELUX_STATES").Codes, 1);
        Assert.Equal(["BEL", "NLD", "LUX"], benelux.CodesOn(null));
        var nobody = new PetrarchActor("N", records.Single(r => r.Names[0] == "NOBODY_IN_PARTICULAR").Codes, 1);
        Assert.Empty(nobody.CodesOn(null));
    }

    [Fact]
    public void Agents_keep_their_tilde_and_plurals()
    {
        var problems = new List<string>();
        var agents = PetrarchDictionaryReader.ParseAgents(new StringReader(Agents), "test.agents", problems);
        Assert.Empty(problems);
        var police = agents.Single(a => a.Names[0] == "POLICE");
        Assert.Equal("~COP", police.Code);
        Assert.Empty(police.Plurals);
        Assert.Equal(["STUDENTS"], agents.Single(a => a.Names[0] == "STUDENT").Plurals);
        Assert.Equal(["CHAMBERS_OF_TRADE"], agents.Single(a => a.Names[0] == "CHAMBER_OF_TRADE").Plurals);
        Assert.Equal("NGO~", agents.Single(a => a.Names[0] == "RELIEF_AGENCY").Code);
        Assert.Equal(["SPOKESMAN", "SPOKESWOMAN"], agents.Single(a => a.Code == "~GOV").Names);
        // a substitution set at the start of an entry is not a set definition
        Assert.Contains(agents, a => a.Names.Contains("MAN_OF_LETTERS"));
        var dictionary = PetrarchDictionaries.BuildAgents(agents);
        Assert.True(dictionary.TryMatch(["THE", "CHAMBERS", "OF", "TRADE"], 1, out var m));
        Assert.Equal("~BUS", m.Value);
        Assert.Equal(4, m.End);
    }

    [Fact]
    public void Phrase_lookup_prefers_the_longest_entry_and_hyphen_variants()
    {
        var actors = PetrarchDictionaries.BuildActors(
        [
            new PetrarchActorRecord(["NEW_ZEALAND"], [new PetrarchCode("NZL", null, null)], 1),
            new PetrarchActorRecord(["ZEALAND"], [new PetrarchCode("DNK", null, null)], 2),
            new PetrarchActorRecord(["GUINEA-BISSAU"], [new PetrarchCode("GNB", null, null)], 3),
        ]);
        var found = actors.FindAll(["NEW", "ZEALAND", "AND", "ZEALAND", "AND", "GUINEA", "-", "BISSAU"]);
        Assert.Equal(["NZL", "DNK", "GNB"], found.Select(f => f.Value.CodesOn(null)[0]));
        Assert.Equal((0, 2), (found[0].Start, found[0].End));
    }

    [Fact]
    public void Discards_mark_story_level_phrases()
    {
        var d = PetrarchDictionaries.ReadDiscards(new StringReader("# comment\nFOOTBALL MATCH\n+World Cup  # story\n"), "test.discards");
        Assert.True(d.TryMatch(["FOOTBALL", "MATCH"], 0, out var m) && !m.Value);
        Assert.True(d.TryMatch(["WORLD", "CUP"], 0, out var s) && s.Value);
        var e = Assert.Throws<FormatException>(() => PetrarchDictionaries.ReadDiscards(new StringReader("OK\n+\n"), "test.discards"));
        Assert.StartsWith("test.discards:2:", e.Message, StringComparison.Ordinal);
    }
}
