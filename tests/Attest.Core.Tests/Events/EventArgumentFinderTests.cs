using Attest.Events;
using Attest.Model;

namespace Attest.Tests.Events;

/// <summary>The parse-based argument finder on its own (sentences written for these tests) and the places, counts and
/// statuses it gives the coder.</summary>
public class EventArgumentFinderTests
{
    private static (EventArgumentFinder Finder, Func<string, int> Token) Prepare(string sentence)
    {
        var p = PipelineFixture.Pipeline;
        var tokens = p.Tokenizer.Tokenize(sentence);
        var syntax = p.Syntax.Analyze(tokens);
        var entities = p.Entities.Analyze(syntax, "2021-03-01");
        int TokenOf(string word)
        {
            for (int i = 0; i < tokens.TokenCount; i++)
                if (tokens.TokenText(i).SequenceEqual(word)) return i;
            throw new ArgumentException($"no token '{word}'");
        }
        return (new EventArgumentFinder(syntax, entities), TokenOf);
    }

    [Theory]
    [InlineData("Denmark condemned the decision.", "condemned", "DNK", null, false)]
    [InlineData("Sanctions on Syria were imposed by Canada.", "imposed", "CAN", "SYR", true)]
    [InlineData("Croatia tried to establish contacts with Slovenia.", "establish", "HRV", "SVN", false)]
    [InlineData("Latvia urged Estonia to expel the envoy.", "expel", "EST", null, false)]
    [InlineData("Kenya, which hosted the talks, criticized Uganda.", "hosted", "KEN", null, false)]
    [InlineData("Mali, which Algeria accused last week, rejected the charge.", "accused", "DZA", "MLI", false)]
    [InlineData("Peru denied the report and threatened Bolivia.", "threatened", "PER", "BOL", false)]
    [InlineData("Norway and Iceland signed an agreement with Greenland.", "signed", "NOR", null, false)]
    [InlineData("Ghana imposed duties on a range of Nigerian products.", "imposed", "GHA", "NGA", false)]
    public void Finds_source_and_target_of_a_verb(string sentence, string trigger, string source, string? target, bool passive)
    {
        var (finder, token) = Prepare(sentence);
        Assert.True(finder.HasParse);
        int t = token(trigger);
        var args = finder.Find(t, t, TriggerKind.Verb);
        Assert.StartsWith(source, args.Source?.Code ?? "(none)");
        if (target is not null) Assert.StartsWith(target, args.Target?.Code ?? "(none)");
        Assert.Equal(passive, args.Passive);
    }

    [Fact]
    public void Coordinated_subjects_are_all_sources_first_conjunct_first()
    {
        var (finder, token) = Prepare("Norway and Iceland signed an agreement.");
        int t = token("signed");
        var args = finder.Find(t, t, TriggerKind.Verb);
        Assert.Equal(["NOR", "ISL"], args.Sources.Select(s => s.Code![..3]));
    }

    [Theory]
    [InlineData("Russia's invasion of Ukraine shocked Europe.", "invasion", "RUS", "UKR")]
    [InlineData("The Turkish offensive against Kurdish fighters continued.", "offensive", "TUR", null)]
    public void Finds_source_and_target_of_an_event_noun(string sentence, string trigger, string source, string? target)
    {
        var (finder, token) = Prepare(sentence);
        int t = token(trigger);
        var args = finder.Find(t, t, TriggerKind.Noun);
        Assert.StartsWith(source, args.Source?.Code ?? "(none)");
        if (target is not null) Assert.StartsWith(target, args.Target?.Code ?? "(none)");
    }

    [Theory]
    [InlineData("Chad did not attack Libya.", "attack", true, false)]
    [InlineData("Chad would attack Libya.", "attack", false, true)]
    [InlineData("Chad threatened to attack Libya.", "attack", false, true)]
    [InlineData("Chad attacked Libya.", "attacked", false, false)]
    public void Reads_negation_and_modality(string sentence, string trigger, bool negated, bool hypothetical)
    {
        var (finder, token) = Prepare(sentence);
        int t = token(trigger);
        var args = finder.Find(t, t, TriggerKind.Verb);
        Assert.Equal(negated, args.Negated);
        Assert.Equal(hypothetical, args.Hypothetical);
    }

    [Fact]
    public void Without_a_parse_it_finds_nothing()
    {
        var p = PipelineFixture.Pipeline;
        var tokens = p.Tokenizer.Tokenize("Chad attacked Libya.");
        var parsed = p.Syntax.Analyze(tokens);
        var bare = new Attest.Syntax.SyntaxLayer(tokens, parsed.Upos, parsed.Xpos, parsed.Lemmas, parsed.Heads, parsed.Relations) { HasParse = false };
        var finder = new EventArgumentFinder(bare, p.Entities.Analyze(bare, null));
        Assert.False(finder.HasParse);
        Assert.Null(finder.Find(1, 1, TriggerKind.Verb).Source);
    }

    [Theory]
    [InlineData("Egyptian police arrested 12 activists in Cairo.", "173", 12, "activists", "Cairo")]
    [InlineData("North Korea fired at least seven medium-range missiles into the sea.", "150", 7, "missiles", null)]
    [InlineData("Turkish police detained 1,200 people in Ankara.", "173", 1200, "people", "Ankara")]
    [InlineData("Three journalists were detained by Turkish police.", "173", 3, "journalists", null)]
    [InlineData("Russian forces killed 14 civilians in Kyiv.", "190", 14, "civilians", "Kyiv")]
    public void Events_carry_counts_and_places(string sentence, string code, double value, string unit, string? place)
    {
        var ev = Assert.Single(PipelineFixture.Analyze(sentence).Events, e => e.Cameo.StartsWith(code, StringComparison.Ordinal));
        Assert.Equal(new Quantity(value, unit), ev.Quantity);
        if (place is null) Assert.Null(ev.Location);
        else Assert.Equal(place, ev.Location?.Text);
    }

    [Fact]
    public void A_year_in_a_name_is_not_a_count()
    {
        var ev = Assert.Single(PipelineFixture.Analyze("Russia staged the Zapad 2021 military exercises.").Events);
        Assert.Null(ev.Quantity);
    }

    [Fact]
    public void A_place_under_an_attack_with_no_actor_named_gives_the_target_country()
    {
        var ev = Assert.Single(PipelineFixture.Analyze("Russian aircraft bombed a market in Syria.").Events);
        Assert.Equal("SYR", ev.Target?.Code);
        Assert.Equal("Syria", ev.Location?.Text);
    }

    [Fact]
    public void A_noun_that_a_coded_verb_is_about_is_not_a_second_event()
    {
        var a = PipelineFixture.Analyze("Egypt condemned the attack on the embassy.");
        Assert.DoesNotContain(a.Events, e => e.Root == "19");
        Assert.Contains(a.Events, e => e.Cameo == "111");
    }

    [Fact]
    public void A_speakers_own_verbal_act_inside_its_statement_is_reported()
    {
        var a = PipelineFixture.Analyze("Iranian officials said Iran rejects the proposal.");
        var ev = Assert.Single(a.Events, e => e.Root == "12");
        Assert.Equal(EventStatus.Reported, ev.Status);
        var other = PipelineFixture.Analyze("Kenyan officials said Somalia rejected the proposal.");
        Assert.Equal(EventStatus.Claimed, Assert.Single(other.Events, e => e.Root == "12").Status);
    }

    [Theory]
    [InlineData("Hungary accused Serbia of spying. Serbia rejected the accusation.", "127", "SRB", "HUN")]
    [InlineData("Lithuania expelled two Belarusian diplomats on Monday, and Minsk vowed to retaliate.", "130", "BLR", "LTU")]
    // a place named last (a Greek island) does not accuse: the Greek government does
    [InlineData("The Greek government said Turkish jets had flown over the island of Rhodes. Turkey rejected the accusation.", "127", "TUR", "GRCGOV")]
    public void A_rejection_or_threat_with_no_one_named_answers_the_last_foreign_party(string text, string code, string source, string target)
    {
        var ev = Assert.Single(PipelineFixture.Analyze(text).Events, e => e.Cameo == code);
        Assert.StartsWith(source, ev.Source.Code);
        Assert.StartsWith(target, ev.Target?.Code ?? "(none)");
    }

    [Fact]
    public void Other_events_with_no_one_named_get_no_target_from_earlier_sentences()
    {
        var ev = Assert.Single(PipelineFixture.Analyze("Hungary accused Serbia of spying. Serbia deployed troops.").Events, e => e.Root == "15");
        Assert.Null(ev.Target?.Code);
    }

    [Fact]
    public void A_country_after_with_is_no_place()
    {
        var ev = Assert.Single(PipelineFixture.Analyze("Oman is ready to engage in dialogue with Iran.").Events);
        Assert.Null(ev.Location);
        Assert.Equal("IRN", ev.Target?.Code);
    }
}
