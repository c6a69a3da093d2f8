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
        { "Pakistan appealed for international aid after the floods.", "PAK", "", "02", EventStatus.Reported },
        { "Colombia offered to host talks between the two sides.", "COL", "", "03", EventStatus.Reported },
        { "China's foreign minister met his Australian counterpart in Beijing.", "CHN", "AUS", "04", EventStatus.Reported },
        { "Qatar mediated between the Taliban and the United States.", "QAT", "", "045", EventStatus.Reported },
        { "Brazil praised the agreement on Amazon protection.", "BRA", "", "051", EventStatus.Reported },
        { "Saudi Arabia restored diplomatic relations with Iran.", "SAU", "IRN", "05", EventStatus.Reported },
        { "Norway shared intelligence with Sweden about the sabotage.", "NOR", "SWE", "064", EventStatus.Reported },
        { "Japan provided emergency aid to the Philippines.", "JPN", "PHL", "07", EventStatus.Reported },
        { "Venezuela released six American prisoners on Saturday.", "VEN", "", "0841", EventStatus.Reported },
        { "Prosecutors in Seoul investigated the former president.", "KOR", "", "09", EventStatus.Reported },
        { "Ukraine demanded the withdrawal of Russian troops.", "UKR", "", "10", EventStatus.Reported },
        { "France criticized Mali's military government.", "FRA", "MLI", "111", EventStatus.Reported },
        { "Morocco accused Algeria of arming the separatists.", "MAR", "DZA", "112", EventStatus.Reported },
        { "Israel rejected the proposal for a ceasefire.", "ISR", "", "12", EventStatus.Reported },
        { "Russia threatened to cut gas supplies to Moldova.", "RUS", "MDA", "13", EventStatus.Reported },
        { "Serbian students protested against the government in Belgrade.", "SRB", "", "14", EventStatus.Reported },
        { "China deployed warships near the disputed reef.", "CHN", "", "154", EventStatus.Reported },
        { "Lithuania expelled a Belarusian diplomat on Friday.", "LTU", "BLR", "174", EventStatus.Reported },
        { "Burkina Faso severed relations with Ukraine.", "BFA", "UKR", "161", EventStatus.Reported },
        { "The United States halted military aid to Niger.", "USA", "NER", "162", EventStatus.Reported },
        { "Turkish police detained 30 journalists in Istanbul.", "TUR", "", "173", EventStatus.Reported },
        { "Iranian forces seized an oil tanker in the Gulf.", "IRN", "", "171", EventStatus.Reported },
        { "Malian militants kidnapped two French tourists.", "MLI", "", "181", EventStatus.Reported },
        { "Syrian government forces shelled the town of Idlib.", "SYR", "", "19", EventStatus.Reported },
        { "Russian aircraft bombed a hospital in Aleppo.", "RUS", "", "195", EventStatus.Reported },
        { "Ethiopia would never attack Eritrea, the prime minister said.", "ETH", "ERI", "19", EventStatus.Denied },
        { "If talks fail, Egypt may impose sanctions on Sudan.", "EGY", "SDN", "163", EventStatus.Hypothetical },
        { "Kenyan officials said Somali troops attacked a border post.", "SOM", "", "19", EventStatus.Claimed },
        { "Sudan was accused by the United Nations of blocking aid.", "IGO", "SDN", "112", EventStatus.Reported },
        { "Armenia and Azerbaijan signed a peace agreement in Washington.", "ARM", "", "057", EventStatus.Reported },
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
