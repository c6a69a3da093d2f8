using Attest.Model;

namespace Attest.Tests.Events;

/// <summary>Sentences written for these tests: source code prefix, target code prefix (or empty), CAMEO code prefix, status.</summary>
public class PatternEventCoderTests
{
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        { "The United States imposed new sanctions on Venezuela on Monday.", "USA", "VEN", "163", EventStatus.Reported },
        { "Washington slapped tariffs on Chinese steel last week.", "USA", "CHN", "163", EventStatus.Reported },
        { "Poland expelled two Russian diplomats on Tuesday.", "POL", "RUS", "174", EventStatus.Reported },
        { "Police arrested at least 40 protesters in Nairobi.", "", "", "173", EventStatus.Reported },
        { "Israeli troops attacked a camp near Jenin.", "ISR", "", "19", EventStatus.Reported },
        { "North Korea fired two ballistic missiles into the sea.", "PRK", "", "150", EventStatus.Reported },
        { "Russia staged large military exercises near the Finnish border.", "RUS", "", "150", EventStatus.Reported },
        { "The Turkish foreign minister visited Baghdad on Sunday.", "TUR", "IRQ", "042", EventStatus.Reported },
        { "Chile signed a trade agreement with Peru.", "CHL", "PER", "057", EventStatus.Reported },
        { "Japan lodged a protest with China over the incident.", "JPN", "CHN", "114", EventStatus.Reported },
        { "Iran rejected the accusations.", "IRN", "", "127", EventStatus.Reported },
        { "Egypt condemned the attack on the embassy.", "EGY", "", "111", EventStatus.Reported },
        { "Germany will send humanitarian aid to Sudan.", "DEU", "SDN", "07", EventStatus.Hypothetical },
        { "India did not attack Pakistan.", "IND", "PAK", "19", EventStatus.Denied },
        { "Greece threatened to impose sanctions on Turkey.", "GRC", "TUR", "13", EventStatus.Reported },
        { "Kenya urged Somalia to resume talks.", "KEN", "SOM", "02", EventStatus.Reported },
        { "Ukraine and Russia agreed to a ceasefire in March.", "UKR", "", "0871", EventStatus.Reported },
        { "Niger's military government ordered the French ambassador to leave.", "NER", "FRA", "174", EventStatus.Reported },
        { "Chilean protesters demonstrated against the pension reform.", "CHL", "", "14", EventStatus.Reported },
        { "The Saudi-led coalition denied that its aircraft had bombed the market.", "SAU", "", "127", EventStatus.Reported },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Codes_source_target_code_and_status(string text, string source, string target, string code, string status)
    {
        var a = PipelineFixture.Analyze(text);
        var ev = a.Events.FirstOrDefault(e => e.Cameo.StartsWith(code, StringComparison.Ordinal));
        Assert.True(ev is not null, $"no {code} event; got {string.Join(", ", a.Events.Select(e => $"{e.Cameo} {e.Source.Code}->{e.Target?.Code} '{e.Trigger.Text}'"))}");
        if (source.Length > 0) Assert.StartsWith(source, ev!.Source.Code ?? "");
        if (target.Length > 0) Assert.StartsWith(target, ev!.Target?.Code ?? "(none)");
        Assert.Equal(status, ev!.Status);
        Assert.Equal(ev.Cameo[..2], ev.Root);
        Assert.NotNull(ev.Goldstein);
        Assert.InRange(ev.QuadClass!.Value, 1, 4);
    }

    [Fact]
    public void Event_inside_a_statement_is_claimed_and_points_at_it()
    {
        var a = PipelineFixture.Analyze("Officials in Kyiv said Russian forces shelled the city of Kharkiv overnight.");
        var ev = Assert.Single(a.Events, e => e.Cameo.StartsWith("19", StringComparison.Ordinal));
        Assert.Equal(EventStatus.Claimed, ev.Status);
        Assert.Equal(Assert.Single(a.Statements).Id, ev.Statement);
    }

    [Fact]
    public void Event_date_comes_from_the_sentence()
    {
        var a = PipelineFixture.Analyze("The United States imposed sanctions on Iran in November.", "2019-01-14");
        Assert.Equal("2018-11", Assert.Single(a.Events).Date);
    }
}
