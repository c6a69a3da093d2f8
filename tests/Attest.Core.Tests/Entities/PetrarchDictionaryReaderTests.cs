using Attest.Entities;

namespace Attest.Tests.Entities;

public class PetrarchDictionaryReaderTests
{
    // hand-written snippets in the PETRARCH / TABARI syntax
    private const string Actors = """
        # comment line
        RURITANIA_  [RUR]
        +RURITANIAN_
        +STRELSAU_  # the capital

        RURITANIAN_ARMY_
        +RURITANIAN_SOLDIERS
        	[RURMIL]

        RUDOLF_RASSENDYLL_  # dated offices
        +KING_RUDOLF
        	[RURGOV 940101-091231]
        	[RURELI >20100101]

        BLACK_ELPHBERG_BRIGADE_ [RURREB] # kkl 21 Mar 13
        SARAH_SAPT_	[IGOUNO 070101-120101] [---] # several codes on one line
        """;

    private const string Agents = """
        # agents
        !PERSON! = MAN, WOMAN
        LANCER [~MIL]
        CHAMBER_OF_TRADE {CHAMBERS_OF_TRADE} [~BUS]
        RIOT_POLICE {} [~COP]
        SPOKES!PERSON! [~GOV]
        BROKEN_LINE ~GOV
        """;

    private static (ActorDictionary Dictionary, PetrarchDictionaryReader Reader) Load()
    {
        var b = new ActorDictionary.Builder();
        var r = new PetrarchDictionaryReader(b);
        r.ReadActors(new StringReader(Actors), "test.actors");
        r.ReadAgents(new StringReader(Agents), "test.agents");
        return (b.Build(), r);
    }

    [Fact]
    public void Reads_country_entries_and_synonyms()
    {
        var (d, _) = Load();
        Assert.Contains(d.Lookup("Ruritania"), e => e.Kind == ActorEntryKind.Country && e.Code == "RUR");
        Assert.Contains(d.Lookup("Strelsau"), e => e.Code == "RUR" && e.Name == "Ruritania");
        Assert.Equal("Ruritania", d.CountryName("RUR"));
    }

    [Fact]
    public void Codes_on_following_lines_belong_to_the_entry()
    {
        var (d, _) = Load();
        Assert.Contains(d.Lookup("Ruritanian Soldiers"), e => e.Code == "RURMIL" && e.Name == "Ruritanian Army");
    }

    [Fact]
    public void Dated_codes_become_dated_entries()
    {
        var (d, _) = Load();
        var entries = d.Lookup("King Rudolf");
        var gov = Assert.Single(entries, e => e.Code == "RURGOV");
        Assert.Equal(new DateOnly(1994, 1, 1), gov.From);
        Assert.Equal(new DateOnly(2009, 12, 31), gov.To);
        var eli = Assert.Single(entries, e => e.Code == "RURELI");
        Assert.Equal(new DateOnly(2010, 1, 1), eli.From);
        Assert.Null(eli.To);
        Assert.True(gov.InOffice(new DateOnly(2000, 5, 5)));
        Assert.False(gov.InOffice(new DateOnly(2011, 5, 5)));
    }

    [Fact]
    public void Several_codes_on_one_line_and_null_codes()
    {
        var (d, _) = Load();
        var e = Assert.Single(d.Lookup("Sarah Sapt"));
        Assert.Equal("IGOUNO", e.Code);
        Assert.Equal(new DateOnly(2007, 1, 1), e.From);
        Assert.Contains(d.Lookup("Black Elphberg Brigade"), x => x.Code == "RURREB");
    }

    [Fact]
    public void Agents_become_roles_with_plurals_and_substitutions()
    {
        var (d, _) = Load();
        Assert.Contains(d.Lookup("lancer"), e => e.Kind == ActorEntryKind.Role && e.Code == "MIL" && e.Form == RoleForm.Person);
        Assert.Contains(d.Lookup("lancers"), e => e.Code == "MIL" && e.Form == RoleForm.Group);
        Assert.Contains(d.Lookup("chambers of trade"), e => e.Code == "BUS");
        Assert.Empty(d.Lookup("riot polices"));
        Assert.Contains(d.Lookup("riot police"), e => e.Code == "COP");
        Assert.Contains(d.Lookup("spokeswoman"), e => e.Code == "GOV");
        Assert.Contains(d.Lookup("spokesman"), e => e.Code == "GOV");
    }

    [Fact]
    public void Malformed_lines_are_warned_about()
    {
        var (_, r) = Load();
        Assert.Contains(r.Warnings, w => w.StartsWith("test.agents:7:", StringComparison.Ordinal));
    }

    [Fact]
    public void Loaded_dictionary_codes_text()
    {
        var (d, _) = Load();
        var analyzer = new DictionaryEntityAnalyzer(d);
        var layer = analyzer.Analyze(TestSyntax.Build("Ruritanian lancers crossed the river, and King Rudolf protested."), "2005-06-01");
        Assert.Contains(layer.Mentions, m => m.Text == "Ruritanian lancers" && layer.ToRef(m).Code == "RURMIL");
        Assert.Contains(layer.Mentions, m => m.Text == "King Rudolf" && layer.ToRef(m).Code == "RURGOV");
    }

    [Theory]
    [InlineData("940101", 1994, 1, 1)]
    [InlineData("091231", 2009, 12, 31)]
    [InlineData("20130408", 2013, 4, 8)]
    public void Parses_petrarch_dates(string s, int y, int m, int d)
    {
        Assert.Equal(new DateOnly(y, m, d), PetrarchDictionaryReader.ParseDate(s));
    }

    [SkippableFact]
    public void Loads_the_reference_phoenix_files_when_present()
    {
        var countries = SharedData.Require("reference/petrarch2/Phoenix.Countries.actors.txt");
        var agents = SharedData.Require("reference/petrarch2/Phoenix.agents.txt");
        var b = new ActorDictionary.Builder();
        var r = new PetrarchDictionaryReader(b);
        using (var s = new StreamReader(countries)) r.ReadActors(s, "countries");
        using (var s = new StreamReader(agents)) r.ReadAgents(s, "agents");
        var d = b.Build();
        Assert.True(r.Added > 10000, $"{r.Added} entries");
        Assert.Contains(d.Lookup("Kabul"), e => e.Code == "AFG");
        Assert.Contains(d.Lookup("police"), e => e.Code == "COP");
    }
}
