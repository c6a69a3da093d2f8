using Attest.Events.Petrarch;

namespace Attest.Tests.Events.Petrarch;

public class PetrarchSuiteTests
{
    [Fact]
    public void Scores_each_expected_coding_once()
    {
        var a = new PetrarchCoding("FRA", "DEU", "122");
        var b = new PetrarchCoding("DEU", "FRA", "122");
        var s = PetrarchSuite.Score([a, b, a], [a, a, new PetrarchCoding("JPN", "KEN", "010")]);
        Assert.Equal(3, s.Expected);
        Assert.Equal(2, s.Reproduced);
        Assert.Equal(1, s.Missed);
        Assert.Equal(1, s.Extra);
        Assert.Equal(2.0 / 3, s.ExactShare, 6);
        Assert.Equal(1.0, PetrarchSuite.Score([], []).ExactShare);
    }

    [Fact]
    public void Reads_records_environment_and_config()
    {
        var path = Path.Combine(Path.GetTempPath(), $"attest-petr-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, """
            <Validation>
            <Environment>
                <Verbfile>my.verbs.txt</Verbfile>
                <Actorfile>my.actors.txt</Actorfile>
                <Agentfile>my.agents.txt</Agentfile>
                <Discardfile>my.discards.txt</Discardfile>
            </Environment>
            <Sentences>
            <Sentence date="20010203" id="T-1" category="DEMO" sentence="true">
            <EventCoding sourcecode="FRA" targetcode="DEU" eventcode="122"></EventCoding>
            <EventCoding sourcecode='DEU' targetcode="FRA" eventcode="122"></EventCoding>
            <Text>
            France condemned
            Germany.
            </Text>
            <Parse>(ROOT (S))</Parse>
            </Sentence>
            <Config option="require_dyad" value="False"></Config>
            <Config option="new_actor_length" value="4"></Config>
            <Sentence date = "20010204" id ="T-2" category="ERROR" sentence="true">
            <EventCoding noevents = "True"></EventCoding>
            <Text>Nothing happened.</Text>
            </Sentence>
            <Sentence date="20010205" id="T-3" category="ERROR" sentence="true">
            <EventCoding error="storydiscard"></EventCoding>
            <Text>The football match.</Text>
            </Sentence>
            </Sentences>
            </Validation>
            """);
        try
        {
            var file = PetrarchRecordsFile.Load(path);
            Assert.Equal("my.verbs.txt", file.VerbFile);
            Assert.Equal(["my.actors.txt"], file.ActorFiles);
            Assert.Equal(3, file.Records.Count);
            var first = file.Records[0];
            Assert.Equal("France condemned Germany.", first.Text);
            Assert.Equal(new DateOnly(2001, 2, 3), first.Date);
            Assert.Equal(2, first.Expected.Count);
            Assert.True(first.RequireDyad);
            Assert.False(file.Records[1].RequireDyad);
            Assert.Equal(0, first.NewActorLength);
            Assert.Equal(4, file.Records[1].NewActorLength);
            Assert.True(file.Records[1].NoEvents);
            Assert.Equal("storydiscard", file.Records[2].Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_malformed_records_file_names_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"attest-petr-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, "<Validation>\n<Sentences>\n<Sentence id=\"X\">\n</Validation>\n");
        try
        {
            var e = Assert.Throws<FormatException>(() => PetrarchRecordsFile.Load(path));
            Assert.Contains(":4:", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
