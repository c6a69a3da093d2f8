using Attest.Entities;

namespace Attest.Tests.Entities;

public class ActorDictionaryTests
{
    [Fact]
    public void Embedded_dictionary_loads()
    {
        var d = ActorDictionary.LoadDefault();
        Assert.True(d.Count > 1500, $"only {d.Count} names");
        Assert.Same(d, ActorDictionary.LoadDefault());
        Assert.Contains(d.Lookup("the Islamic Republic"), e => e.Kind == ActorEntryKind.Country && e.Code == "IRN");
        Assert.Contains(d.Lookup("Kremlin"), e => e.Code == "RUSGOV");
        Assert.Contains(d.Lookup("Tehran"), e => e.Kind == ActorEntryKind.Capital && e.Code == "IRN");
        Assert.Contains(d.Lookup("Israeli"), e => e.Kind == ActorEntryKind.Adjective && e.Code == "ISR");
        Assert.Contains(d.Lookup("troops"), e => e.Kind == ActorEntryKind.Role && e.Code == "MIL");
        Assert.Equal("United States", d.CountryName("USA"));
    }

    [Fact]
    public void Generated_country_file_covers_iso_countries()
    {
        var d = ActorDictionary.LoadDefault();
        foreach (var (name, code) in new[] { ("Afghanistan", "AFG"), ("Poland", "POL"), ("Yemen", "YEM"), ("Japan", "JPN"), ("Chile", "CHL"), ("Warsaw", "POL") })
            Assert.Contains(d.Lookup(name), e => e.Code == code);
    }

    [Theory]
    [InlineData("president", "USA", "2009-01-20", "Barack Obama")]
    [InlineData("president", "USA", "2017-01-19", "Barack Obama")]
    [InlineData("president", "USA", "2017-01-20", "Donald Trump")]
    [InlineData("president", "USA", "2021-06-01", "Joe Biden")]
    [InlineData("president", "USA", "2025-03-01", "Donald Trump")]
    [InlineData("president", "IRN", "2016-01-01", "Hassan Rouhani")]
    [InlineData("president", "IRN", "2022-01-01", "Ebrahim Raisi")]
    [InlineData("president", "IRN", "2025-01-01", "Masoud Pezeshkian")]
    [InlineData("supreme leader", "IRN", "2019-01-01", "Ali Khamenei")]
    [InlineData("prime minister", "GBR", "2019-01-01", "Theresa May")]
    [InlineData("prime minister", "GBR", "2020-01-01", "Boris Johnson")]
    [InlineData("chancellor", "DEU", "2023-01-01", "Olaf Scholz")]
    [InlineData("prime minister", "ISR", "2022-01-01", "Naftali Bennett")]
    [InlineData("president", "CHN", "2019-01-01", "Xi Jinping")]
    [InlineData("leader", "PRK", "2019-01-01", "Kim Jong Un")]
    public void Leader_table_is_dated(string title, string country, string date, string name)
    {
        var leader = ActorDictionary.LoadDefault().LeaderInOffice(country, title, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(leader);
        Assert.Equal(name, leader.Name);
    }

    [Fact]
    public void Leader_table_has_at_least_25_countries()
    {
        var countries = ActorDictionary.LoadDefault().Leaders.Select(l => l.CountryPart).Where(c => c is not null).Distinct().Count();
        Assert.True(countries >= 25, $"{countries} countries");
    }

    [Fact]
    public void Reads_the_attest_format_and_later_lines_win()
    {
        var text = """
            # a user file
            country   | XAN | Xanadu; Republic of Xanadu
            capital   | XAN | Shangdu
            adjective | XAN | Xanaduan
            role      | MIL | lancers | form=group national
            outlet    | XANMED | Xanadu Herald
            leader    | XANGOV | Kubla Khan; Kubla Khan II | from=2010-01-01 to=2020-01-01 short=Khan title=emperor
            outlet    | XANMED2 | Xanadu Herald   # replaces the line above for this name
            """;
        var d = new ActorDictionary.Builder().AddAttest(new StringReader(text), "user").Build();
        Assert.Equal("Xanadu", d.CountryName("XAN"));
        Assert.Contains(d.Lookup("Republic of Xanadu"), e => e.Kind == ActorEntryKind.Country && e.Name == "Xanadu");
        Assert.Equal("XANMED2", Assert.Single(d.Lookup("Xanadu Herald")).Code);
        var khan = Assert.Single(d.Lookup("Khan"));
        Assert.True(khan.IsShortName);
        Assert.True(khan.InOffice(new DateOnly(2015, 1, 1)));
        Assert.False(khan.InOffice(new DateOnly(2020, 1, 1)));
        Assert.Equal("emperor", khan.Title);
        Assert.True(Assert.Single(d.Lookup("lancers")).National);
    }

    [Theory]
    [InlineData("country | XAN")]
    [InlineData("planet | XAN | Xanadu")]
    [InlineData("leader | XANGOV | Kubla Khan | from=2010")]
    [InlineData("role | MIL | lancers | form=herd")]
    [InlineData("role | MIL | lancers | colour=red")]
    public void Bad_lines_are_reported_with_their_line_number(string line)
    {
        var ex = Assert.Throws<FormatException>(() => new ActorDictionary.Builder().AddAttest(new StringReader("# header\n" + line), "user.actors"));
        Assert.StartsWith("user.actors:2:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void User_dictionary_extends_the_analyzer()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "group | NGAREB | Ansaru\nleader | KENGOV | William Ruto | from=2022-09-13 short=Ruto title=president\n");
            var analyzer = DictionaryEntityAnalyzer.CreateWithUserDictionary(path);
            var layer = analyzer.Analyze(TestSyntax.Build("Ansaru fighters attacked a convoy, and Ruto condemned it."), "2023-03-01");
            Assert.Contains(layer.Actors, a => a.Code == "NGAREB");
            Assert.Contains(layer.Actors, a => a.Code == "KENGOV" && a.Name == "William Ruto");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Acronyms_need_capitals()
    {
        var d = ActorDictionary.LoadDefault();
        var text = TestSyntax.Build("Tell us what the US wants.").Tokens;
        var buf = new List<ActorEntry>();
        Assert.Equal(0, d.LongestMatch(text, 1, text.TokenCount, buf)); // "us"
        Assert.Equal(1, d.LongestMatch(text, 4, text.TokenCount, buf)); // "US"
        Assert.Contains(buf, e => e.Code == "USA");
    }

    [Fact]
    public void Lookup_is_thread_safe()
    {
        var analyzer = DictionaryEntityAnalyzer.CreateDefault();
        var text = "U.S. officials said Israeli troops and the Kremlin disagreed on Tuesday.";
        var results = new string?[64];
        Parallel.For(0, results.Length, i =>
        {
            var layer = analyzer.Analyze(TestSyntax.Build(text), "2019-01-14");
            results[i] = string.Join(",", layer.Mentions.Select(m => layer.ToRef(m).Code));
        });
        Assert.Single(results.Distinct());
        Assert.Equal("USAGOV,USA,ISRMIL,RUSGOV", results[0]);
    }
}
