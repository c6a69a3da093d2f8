using Attest.Model;

namespace Attest.Tests.Events;

/// <summary>Two event shapes with no actor written as the source (issue #4): a protest noun as the subject of a verb
/// of spreading, continuing or erupting, and an agency that "reached" people with aid. Sentences written for these tests.</summary>
public class OngoingProtestAndAidTests
{
    private static string Describe(Analysis a) =>
        string.Join(", ", a.Events.Select(e => $"{e.Cameo} {e.Source.Code}->{e.Target?.Code} '{e.Trigger.Text}'"));

    [Theory]
    [InlineData("Protests over fuel prices have spread to four other provinces in Iran.", "IRN")]
    [InlineData("Demonstrations erupted in several cities in Ecuador on Sunday.", "ECU")]
    [InlineData("The teachers' strike continued for a third day in Nigeria, closing schools.", "NGA")]
    [InlineData("QUITO, Ecuador (Reuters) - The protests, now in their third week, began over fuel subsidies and have spread to two more provinces.", "ECU")]
    [InlineData("LIMA, Peru \u2014 Riots broke out again on Monday after the vote.", "PER")]
    [InlineData("Bolivian miners blocked roads near La Paz. The protests continued on Tuesday.", "BOL")]
    public void A_protest_that_spreads_or_continues_is_a_protest_by_the_places_people(string text, string country)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-05");
        var ev = a.Events.FirstOrDefault(e => e.Root == "14");
        Assert.True(ev is not null, $"no protest event; got {Describe(a)}");
        Assert.StartsWith(country, ev!.Source.Code ?? "");
        Assert.Null(ev.Target?.Code);
        Assert.Equal(EventStatus.Reported, ev.Status);
    }

    [Theory]
    [InlineData("The protests in Chile were peaceful, organisers said.")]
    [InlineData("The protests in Kenya ended on Friday.")]
    [InlineData("Analysts in Turkey fear that the protests will spread.")]
    [InlineData("The protests in Ghana did not spread beyond the capital.")]
    [InlineData("NAIROBI (Reuters) - The demonstrations were largely peaceful.")]
    public void A_protest_noun_without_an_act_of_spreading_is_no_new_event(string text)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-05");
        Assert.DoesNotContain(a.Events, e => e.Root == "14" && e.Status == EventStatus.Reported);
    }

    [Theory]
    [InlineData("The World Food Programme said it had reached 3 million Afghans with food aid in January.", "IGO", "AFG")]
    [InlineData("UNICEF, which said on Tuesday it had reached 500,000 Somali children with emergency supplies, warned of a drought.", "IGO", "SOM")]
    [InlineData("The Red Cross reached thousands of Sudanese families with medical assistance.", "", "SDN")]
    [InlineData("Turkey brought food to Syrian refugees near the border.", "TUR", "SYR")]
    [InlineData("Japan delivered aid to Philippine villages hit by the typhoon.", "JPN", "PHL")]
    public void Reaching_people_with_aid_provides_aid(string text, string source, string target)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-05");
        var ev = a.Events.FirstOrDefault(e => e.Root == "07");
        Assert.True(ev is not null, $"no aid event; got {Describe(a)}");
        if (source.Length > 0) Assert.StartsWith(source, ev!.Source.Code ?? "");
        Assert.StartsWith(target, ev!.Target?.Code ?? "(none)");
    }

    [Fact]
    public void The_aid_is_dated_by_its_own_clause_not_by_the_report()
    {
        var a = PipelineFixture.Analyze("The World Health Organization, which said last week it had reached a record 2 million Sudanese "
            + "with food aid in March, warned on Monday that fighting was hampering deliveries.", "2024-05-10");
        var ev = a.Events.FirstOrDefault(e => e.Root == "07");
        Assert.True(ev is not null, $"no aid event; got {Describe(a)}");
        Assert.Equal("2024-03", ev!.Date);
    }

    [Theory]
    [InlineData("The World Food Programme reached an agreement with Ethiopia on Monday.")]
    [InlineData("Rebel fighters reached the outskirts of the city in Mali, cutting off food supplies.")]
    [InlineData("The talks in Qatar reached a deadlock over aid deliveries.")]
    public void Reaching_a_deal_or_a_place_is_no_aid(string text)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-05");
        Assert.DoesNotContain(a.Events, e => e.Root == "07");
    }
}
