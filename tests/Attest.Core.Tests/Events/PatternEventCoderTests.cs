using Attest.Model;

namespace Attest.Tests.Events;

/// <summary>Sentences written for these tests: source code prefix, target code prefix (empty: no coded target; "*": any),
/// CAMEO code prefix, status.</summary>
public class PatternEventCoderTests
{
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        { "The United States imposed new sanctions on Venezuela on Monday.", "USA", "VEN", "163", EventStatus.Reported },
        { "Washington slapped tariffs on Chinese steel last week.", "USA", "CHN", "163", EventStatus.Reported },
        { "Poland expelled two Russian diplomats on Tuesday.", "POL", "RUS", "174", EventStatus.Reported },
        { "Police arrested at least 40 protesters in Nairobi.", "", "KEN", "173", EventStatus.Reported },
        { "Israeli troops attacked a camp near Jenin.", "ISR", "PSE", "19", EventStatus.Reported },
        { "North Korea fired two ballistic missiles into the sea.", "PRK", "", "150", EventStatus.Reported },
        { "Russia staged large military exercises near the Finnish border.", "RUS", "", "150", EventStatus.Reported },
        { "The Turkish foreign minister visited Baghdad on Sunday.", "TUR", "IRQ", "042", EventStatus.Reported },
        { "Chile signed a trade agreement with Peru.", "CHL", "PER", "057", EventStatus.Reported },
        { "Japan lodged a protest with China over the incident.", "JPN", "CHN", "114", EventStatus.Reported },
        { "Iran rejected the accusations.", "IRN", "", "127", EventStatus.Reported },
        { "Egypt condemned the attack on the embassy.", "EGY", "*", "111", EventStatus.Reported },
        { "Germany will send humanitarian aid to Sudan.", "DEU", "SDN", "07", EventStatus.Hypothetical },
        { "India did not attack Pakistan.", "IND", "PAK", "19", EventStatus.Denied },
        { "Greece threatened to impose sanctions on Turkey.", "GRC", "TUR", "13", EventStatus.Reported },
        { "Kenya urged Somalia to resume talks.", "KEN", "SOM", "02", EventStatus.Reported },
        { "Ukraine and Russia agreed to a ceasefire in March.", "UKR", "RUS", "0871", EventStatus.Reported },
        { "Niger's military government ordered the French ambassador to leave.", "NER", "FRA", "174", EventStatus.Reported },
        { "Chilean protesters demonstrated against the pension reform.", "CHL", "", "14", EventStatus.Reported },
        { "The Saudi-led coalition denied that its aircraft had bombed the market.", "SAU", "", "127", EventStatus.Reported },
        { "Pakistan appealed for international aid after the floods.", "PAK", "", "02", EventStatus.Reported },
        { "Colombia offered to host talks between the two sides.", "COL", "", "03", EventStatus.Reported },
        { "China's foreign minister met his Australian counterpart in Beijing.", "CHN", "AUS", "04", EventStatus.Reported },
        { "Qatar mediated between the Taliban and the United States.", "QAT", "AFG", "045", EventStatus.Reported },
        { "Brazil praised the agreement on Amazon protection.", "BRA", "", "051", EventStatus.Reported },
        { "Saudi Arabia restored diplomatic relations with Iran.", "SAU", "IRN", "05", EventStatus.Reported },
        { "Norway shared intelligence with Sweden about the sabotage.", "NOR", "SWE", "064", EventStatus.Reported },
        { "Japan provided emergency aid to the Philippines.", "JPN", "PHL", "07", EventStatus.Reported },
        { "Venezuela released six American prisoners on Saturday.", "VEN", "USA", "0841", EventStatus.Reported },
        { "Prosecutors in Seoul investigated the former president.", "KOR", "KOR", "09", EventStatus.Reported },
        { "Ukraine demanded the withdrawal of Russian troops.", "UKR", "RUS", "10", EventStatus.Reported },
        { "France criticized Mali's military government.", "FRA", "MLI", "111", EventStatus.Reported },
        { "Morocco accused Algeria of arming the separatists.", "MAR", "DZA", "112", EventStatus.Reported },
        { "Israel rejected the proposal for a ceasefire.", "ISR", "", "12", EventStatus.Reported },
        { "Russia threatened to cut gas supplies to Moldova.", "RUS", "MDA", "13", EventStatus.Reported },
        { "Serbian students protested against the government in Belgrade.", "SRB", "SRB", "14", EventStatus.Reported },
        { "China deployed warships near the disputed reef.", "CHN", "", "154", EventStatus.Reported },
        { "Lithuania expelled a Belarusian diplomat on Friday.", "LTU", "BLR", "174", EventStatus.Reported },
        { "Burkina Faso severed relations with Ukraine.", "BFA", "UKR", "161", EventStatus.Reported },
        { "The United States halted military aid to Niger.", "USA", "NER", "162", EventStatus.Reported },
        { "Turkish police detained 30 journalists in Istanbul.", "TUR", "", "173", EventStatus.Reported },
        { "Iranian forces seized an oil tanker in the Gulf.", "IRN", "", "171", EventStatus.Reported },
        { "Malian militants kidnapped two French tourists.", "MLI", "FRA", "181", EventStatus.Reported },
        { "Syrian government forces shelled the town of Idlib.", "SYR", "SYR", "19", EventStatus.Reported },
        { "Russian aircraft bombed a hospital in Aleppo.", "RUS", "", "195", EventStatus.Reported },
        { "Ethiopia would never attack Eritrea, the prime minister said.", "ETH", "ERI", "19", EventStatus.Denied },
        { "If talks fail, Egypt may impose sanctions on Sudan.", "EGY", "SDN", "163", EventStatus.Hypothetical },
        { "Kenyan officials said Somali troops attacked a border post.", "SOM", "", "19", EventStatus.Claimed },
        { "Sudan was accused by the United Nations of blocking aid.", "IGO", "SDN", "112", EventStatus.Reported },
        { "Armenia and Azerbaijan signed a peace agreement in Washington.", "ARM", "AZE", "057", EventStatus.Reported },
        { "Germany expressed concern over the arrests in Minsk.", "DEU", "", "012", EventStatus.Reported },
        { "Egypt declined to comment on the report.", "EGY", "", "011", EventStatus.Reported },
        { "France expressed sympathy with the victims of the earthquake in Morocco.", "FRA", "", "016", EventStatus.Reported },
        { "Japan expressed optimism about the talks with South Korea.", "JPN", "KOR", "013", EventStatus.Reported },
        { "Lebanon did not express regret over the incident.", "LBN", "", "012", EventStatus.Denied },
        { "Ukraine appealed to the United Nations for help.", "UKR", "IGO", "02", EventStatus.Reported },
        { "Lebanon called on Israel to withdraw its troops.", "LBN", "ISR", "020", EventStatus.Reported },
        { "The European Union urged Serbia and Kosovo to resume talks.", "IGO", "SRB", "026", EventStatus.Reported },
        { "Mexico asked the United States to hold talks on migration.", "MEX", "USA", "026", EventStatus.Reported },
        { "Somalia was urged by Kenya to resume negotiations.", "KEN", "SOM", "026", EventStatus.Reported },
        { "Haiti appealed for humanitarian assistance after the earthquake.", "HTI", "", "0233", EventStatus.Reported },
        { "Peru did not request aid from Chile.", "PER", "CHL", "020", EventStatus.Denied },
        { "Hungarian Foreign Minister Elena Varga urged Romania to resume talks.", "HUN", "ROU", "026", EventStatus.Reported },
        { "Norway offered to mediate between Colombia and the rebels.", "NOR", "COL", "030", EventStatus.Reported },
        { "Canada pledged humanitarian aid to Ukraine.", "CAN", "UKR", "033", EventStatus.Reported },
        { "Iran is ready to resume talks with Oman.", "IRN", "OMN", "036", EventStatus.Reported },
        { "China signaled its willingness to engage with Taiwan.", "CHN", "TWN", "036", EventStatus.Reported },
        { "India and Pakistan agreed to hold talks in Geneva.", "IND", "", "036", EventStatus.Reported },
        { "Turkey would offer talks to Greece if the dispute ended.", "TUR", "GRC", "036", EventStatus.Hypothetical },
        { "Jordan promised to reopen the border crossing.", "JOR", "", "030", EventStatus.Reported },
        { "Egypt hosted a delegation from Sudan.", "EGY", "SDN", "043", EventStatus.Reported },
        { "The Kenyan president met his Ugandan counterpart in Nairobi.", "KEN", "UGA", "040", EventStatus.Reported },
        { "Vietnam and the Philippines discussed maritime security.", "VNM", "PHL", "040", EventStatus.Reported },
        { "Poland's foreign minister visited Kyiv on Monday.", "POL", "UKR", "042", EventStatus.Reported },
        { "The Indian prime minister will visit Tokyo next month.", "IND", "JPN", "042", EventStatus.Hypothetical },
        { "Brazil did not attend the summit in Buenos Aires.", "BRA", "", "040", EventStatus.Denied },
        { "Switzerland mediated talks between Armenia and Azerbaijan.", "CHE", "ARM", "045", EventStatus.Reported },
        { "Russian diplomats negotiated with Turkish officials in Ankara.", "RUS", "TUR", "046", EventStatus.Reported },
        { "Kazakh President Arman Dauletov visited Beijing.", "KAZ", "CHN", "042", EventStatus.Reported },
        { "The Chilean president, Tomas Ibarra, met Bolivian leaders in La Paz.", "CHL", "BOL", "040", EventStatus.Reported },
        { "Washington was alarmed by the launch and was consulting with Seoul.", "USA", "KOR", "040", EventStatus.Reported },
        { "Brazil praised Argentina's decision to cut tariffs.", "BRA", "ARG", "051", EventStatus.Reported },
        { "The United States recognized the government of Libya.", "USA", "LBY", "054", EventStatus.Reported },
        { "Japan apologized to South Korea for wartime abuses.", "JPN", "KOR", "055", EventStatus.Reported },
        { "Egypt and Israel signed a gas deal.", "EGY", "ISR", "057", EventStatus.Reported },
        { "A peace treaty was signed by Ethiopia and Eritrea.", "ETH", "ERI", "057", EventStatus.Reported },
        { "Bahrain restored diplomatic ties with Qatar.", "BHR", "QAT", "050", EventStatus.Reported },
        { "Kenya defended Ethiopia's right to build the dam.", "KEN", "ETH", "052", EventStatus.Reported },
        { "Bulgaria's energy minister, Elena Markova, signed a gas deal with Azerbaijan.", "BGR", "AZE", "057", EventStatus.Reported },
        { "Greece and Cyprus cooperated on maritime security.", "GRC", "CYP", "062", EventStatus.Reported },
        { "Spain extradited a hacker to the United States.", "ESP", "USA", "063", EventStatus.Reported },
        { "Estonia will share intelligence with Finland.", "EST", "FIN", "064", EventStatus.Hypothetical },
        { "Kenya and Tanzania agreed to cooperate on security.", "KEN", "TZA", "06", EventStatus.Hypothetical },
        { "Singapore does not trade with North Korea.", "SGP", "PRK", "061", EventStatus.Denied },
        { "Germany sent medical supplies to Ukraine.", "DEU", "UKR", "070", EventStatus.Reported },
        { "The World Bank provided a loan to Ghana.", "IGO", "GHA", "071", EventStatus.Reported },
        { "The United States supplied missiles to Taiwan.", "USA", "TWN", "072", EventStatus.Reported },
        { "Sweden granted asylum to a Belarusian activist.", "SWE", "BLR", "075", EventStatus.Reported },
        { "Britain will not supply weapons to Israel.", "GBR", "ISR", "072", EventStatus.Denied },
        { "Japan donated vaccines to Indonesia.", "JPN", "IDN", "070", EventStatus.Reported },
        { "Italy plans to send aid to Tunisia.", "ITA", "TUN", "070", EventStatus.Hypothetical },
        { "Food aid was delivered to Somalia by Ethiopia.", "ETH", "SOM", "07", EventStatus.Reported },
        { "Iran released two British prisoners on Sunday.", "IRN", "GBR", "0841", EventStatus.Reported },
        { "Myanmar freed three Japanese journalists.", "MMR", "JPN", "0841", EventStatus.Reported },
        { "The United States eased sanctions on Venezuela.", "USA", "VEN", "085", EventStatus.Reported },
        { "Sudan declared a ceasefire in Darfur.", "SDN", "", "0871", EventStatus.Reported },
        { "Russia withdrew its troops from Kherson.", "RUS", "", "0874", EventStatus.Reported },
        { "Armenia and Azerbaijan agreed to a truce.", "ARM", "AZE", "0871", EventStatus.Reported },
        { "India and China clashed again on their disputed border.", "IND", "CHN", "19", EventStatus.Reported },
        { "France and Germany appealed for calm.", "FRA", "", "02", EventStatus.Reported },
        { "Qatar and Egypt will host the next round of talks.", "QAT", "", "043", EventStatus.Hypothetical },
        { "Indonesia lifted the curfew in Papua.", "IDN", "", "081", EventStatus.Reported },
        { "Iran allowed inspectors into the Fordow site.", "IRN", "", "0862", EventStatus.Reported },
        { "Ukraine postponed the joint naval exercise.", "UKR", "", "087", EventStatus.Reported },
        { "Belarus has not released the Lithuanian prisoners.", "BLR", "LTU", "0841", EventStatus.Denied },
        { "Argentina investigated the bombing of a synagogue.", "ARG", "", "090", EventStatus.Reported },
        { "South Africa launched an investigation into the killings.", "ZAF", "", "090", EventStatus.Reported },
        { "France will investigate the attack on its embassy.", "FRA", "", "090", EventStatus.Hypothetical },
        { "The deaths were investigated by Dutch prosecutors.", "NLD", "", "090", EventStatus.Reported },
        { "Ukraine demanded the release of its sailors.", "UKR", "", "1053", EventStatus.Reported },
        { "Pakistan demanded the withdrawal of Indian troops.", "PAK", "IND", "106", EventStatus.Reported },
        { "Serbia demanded talks with Albania.", "SRB", "ALB", "108", EventStatus.Reported },
        { "Lithuania has not demanded compensation from Russia.", "LTU", "RUS", "100", EventStatus.Denied },
        { "Canada condemned the Chinese government.", "CAN", "CHN", "111", EventStatus.Reported },
        { "Indonesia was criticized by Australia over the executions.", "AUS", "IDN", "111", EventStatus.Reported },
        { "Kenya accused Sudan of supporting the rebels.", "KEN", "SDN", "112", EventStatus.Reported },
        { "Iran blamed Israel for the explosion.", "IRN", "ISR", "112", EventStatus.Reported },
        { "Vietnam lodged a complaint with China.", "VNM", "CHN", "114", EventStatus.Reported },
        { "South Korea protested to Japan over the islands.", "KOR", "JPN", "114", EventStatus.Reported },
        { "Austria did not criticize Hungary.", "AUT", "HUN", "111", EventStatus.Denied },
        { "The Philippines opposes China's construction on the reef.", "PHL", "CHN", "110", EventStatus.Reported },
        { "Libya was condemned by Egypt and Tunisia.", "EGY", "LBY", "111", EventStatus.Reported },
        { "Greek Defence Minister Nikos Alexiou accused Turkey of violating its airspace.", "GRC", "TUR", "112", EventStatus.Reported },
        { "Egypt rejected Ethiopia's proposal for talks.", "EGY", "ETH", "124", EventStatus.Reported },
        { "Russia vetoed the resolution on Syria.", "RUS", "SYR", "128", EventStatus.Reported },
        { "Venezuela refused to meet American envoys.", "VEN", "USA", "124", EventStatus.Reported },
        { "China denied the allegations of espionage.", "CHN", "", "127", EventStatus.Reported },
        { "India dismissed the accusation.", "IND", "", "127", EventStatus.Reported },
        { "Turkey has never rejected the proposal.", "TUR", "", "124", EventStatus.Denied },
        { "Cuba defied the American embargo.", "CUB", "USA", "126", EventStatus.Reported },
        { "Iran threatened to close the Strait of Hormuz.", "IRN", "", "130", EventStatus.Reported },
        { "The United States threatened sanctions against Cuba.", "USA", "CUB", "1312", EventStatus.Reported },
        { "North Korea threatened to attack South Korea.", "PRK", "KOR", "138", EventStatus.Reported },
        { "Israel vowed to retaliate against Iran.", "ISR", "IRN", "130", EventStatus.Reported },
        { "China issued an ultimatum to Taiwan.", "CHN", "TWN", "139", EventStatus.Reported },
        { "Russia will take countermeasures against Finland.", "RUS", "FIN", "130", EventStatus.Hypothetical },
        { "Poland did not threaten Belarus.", "POL", "BLR", "130", EventStatus.Denied },
        { "Georgian students protested against the government in Tbilisi.", "GEO", "GEO", "140", EventStatus.Reported },
        { "French farmers demonstrated in Paris.", "FRA", "", "140", EventStatus.Reported },
        { "Serbian protesters stormed the parliament in Belgrade.", "SRB", "SRB", "141", EventStatus.Reported },
        { "Kenyan doctors started a general strike.", "KEN", "", "143", EventStatus.Reported },
        { "Peruvian students rallied outside the congress.", "PER", "", "140", EventStatus.Reported },
        { "Iranian students will protest in Tehran.", "IRN", "", "140", EventStatus.Hypothetical },
        { "Bolivian miners rioted in La Paz.", "BOL", "", "145", EventStatus.Reported },
        { "Russia deployed troops near the Ukrainian border.", "RUS", "", "154", EventStatus.Reported },
        { "China conducted military exercises around Taiwan.", "CHN", "", "150", EventStatus.Reported },
        { "North Korea tested a new missile.", "PRK", "", "150", EventStatus.Reported },
        { "Israel mobilized its reserves.", "ISR", "", "154", EventStatus.Reported },
        { "Iran may stage naval drills in the Gulf.", "IRN", "", "150", EventStatus.Hypothetical },
        { "Taiwan raised the alert level of its forces.", "TWN", "", "152", EventStatus.Reported },
        { "Two missiles were fired by North Korea into the sea.", "PRK", "", "150", EventStatus.Reported },
        { "Pakistan condemned India's missile tests.", "IND", "", "150", EventStatus.Reported },
        { "Morocco severed ties with Iran.", "MAR", "IRN", "161", EventStatus.Reported },
        { "Sweden recalled its ambassador from Turkey.", "SWE", "TUR", "161", EventStatus.Reported },
        { "The United States cut aid to Guatemala.", "USA", "GTM", "162", EventStatus.Reported },
        { "Canada imposed sanctions on Russian oligarchs.", "CAN", "RUS", "163", EventStatus.Reported },
        { "Sanctions on North Korea were imposed by the United Nations.", "IGO", "PRK", "163", EventStatus.Reported },
        { "Iran withdrew from the nuclear agreement.", "IRN", "", "160", EventStatus.Reported },
        { "Colombia suspended talks with the rebels.", "COL", "", "164", EventStatus.Reported },
        { "Ecuador closed its embassy in Mexico.", "ECU", "MEX", "161", EventStatus.Reported },
        { "Canada closed its embassy in Venezuela last year.", "CAN", "VEN", "161", EventStatus.Reported },
        { "Japan closed its consulate in Russia in March.", "JPN", "RUS", "161", EventStatus.Reported },
        // a place phrase apart from the owned object is where the event happened
        { "Brazil closed its embassy on Monday in Bolivia.", "BRA", "", "161", EventStatus.Reported },
        { "The sanctions that Canada imposed on Iran were lifted.", "CAN", "IRN", "163", EventStatus.Reported },
        { "Australia might impose tariffs on Chinese wine.", "AUS", "CHN", "163", EventStatus.Hypothetical },
        { "Iran seized a Greek tanker in the Gulf.", "IRN", "GRC", "171", EventStatus.Reported },
        { "Egyptian police arrested 12 activists in Cairo.", "EGY", "", "173", EventStatus.Reported },
        { "Three journalists were detained by Turkish police.", "TUR", "", "173", EventStatus.Reported },
        { "Russia expelled ten Estonian diplomats.", "RUS", "EST", "174", EventStatus.Reported },
        { "Hungary deported two Chinese nationals.", "HUN", "CHN", "174", EventStatus.Reported },
        { "Belarus cracked down on opposition protesters.", "BLR", "BLR", "175", EventStatus.Reported },
        { "Bangladesh imposed a curfew in Dhaka.", "BGD", "", "1723", EventStatus.Reported },
        { "India banned the opposition party.", "IND", "", "1722", EventStatus.Reported },
        { "Chad did not expel the French ambassador.", "TCD", "FRA", "174", EventStatus.Denied },
        { "Argentina might expel the British envoy.", "ARG", "GBR", "174", EventStatus.Hypothetical },
        { "Malian rebels kidnapped two Italian aid workers.", "MLI", "ITA", "181", EventStatus.Reported },
        { "Somali militants abducted a Kenyan teacher.", "SOM", "KEN", "181", EventStatus.Reported },
        { "Sudanese soldiers beat protesters in Khartoum.", "SDN", "SDN", "182", EventStatus.Reported },
        { "Nigerian gunmen would not kidnap foreigners, the police said.", "NGA", "", "181", EventStatus.Denied },
        { "Russian forces attacked Ukrainian positions near Bakhmut.", "RUS", "UKR", "190", EventStatus.Reported },
        { "Israeli jets struck targets in Syria.", "ISR", "SYR", "190", EventStatus.Reported },
        { "Azerbaijan shelled Armenian villages.", "AZE", "ARM", "190", EventStatus.Reported },
        { "Iraqi troops clashed with Kurdish fighters.", "IRQ", "", "190", EventStatus.Reported },
        { "Russia invaded Ukraine in 2022.", "RUS", "UKR", "192", EventStatus.Reported },
        { "An air strike by Saudi jets hit a school in Yemen.", "SAU", "YEM", "195", EventStatus.Reported },
        { "Russia's invasion of Ukraine began in February.", "RUS", "UKR", "192", EventStatus.Reported },
        { "India would never attack China.", "IND", "CHN", "19", EventStatus.Denied },
        { "Eritrean troops occupied the border town.", "ERI", "", "192", EventStatus.Reported },
        { "Ukraine fired rockets at Russian targets.", "UKR", "RUS", "190", EventStatus.Reported },
        { "Russia, which invaded Ukraine in 2022, threatened Moldova.", "RUS", "UKR", "192", EventStatus.Reported },
        { "Russia, which invaded Ukraine in 2022, threatened Moldova.", "RUS", "MDA", "130", EventStatus.Reported },
        { "Georgia, which Russia attacked in 2008, asked the European Union for help.", "RUS", "GEO", "190", EventStatus.Reported },
        { "Turkey tried to invade Syria.", "TUR", "SYR", "192", EventStatus.Hypothetical },
        // an attempt under way, told as what the actor was doing, happened
        { "Riot police fired tear gas at Kenyan protesters trying to storm the parliament building.", "KEN", "*", "14", EventStatus.Reported },
        { "If Russia attacks Finland, NATO will respond.", "RUS", "FIN", "190", EventStatus.Hypothetical },
        { "Iran condemned the raid and threatened Israel.", "IRN", "ISR", "130", EventStatus.Reported },
        { "Syrian officials said Israeli aircraft bombed an airport near Damascus.", "ISR", "SYR", "195", EventStatus.Claimed },
        { "Myanmar's army massacred villagers in Sagaing.", "MMR", "MMR", "202", EventStatus.Reported },
        { "Syria used chemical weapons against civilians.", "SYR", "", "204", EventStatus.Reported },
        { "Sudanese militias carried out a massacre in Darfur.", "SDN", "", "202", EventStatus.Reported },
        { "Syrian forces may have used chemical weapons in Douma.", "SYR", "SYR", "204", EventStatus.Hypothetical },
        { "Rwanda did not massacre refugees.", "RWA", "", "202", EventStatus.Denied },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Codes_source_target_code_and_status(string text, string source, string target, string code, string status)
    {
        var ev = EventWithCode(text, code);
        if (source.Length > 0) Assert.StartsWith(source, ev.Source.Code ?? "");
        if (target == "*") { } // any target (the entity layer decides whose "the embassy" is)
        else if (target.Length > 0) Assert.StartsWith(target, ev.Target?.Code ?? "(none)");
        else Assert.True(ev.Target?.Code is null, $"no target expected; got {ev.Target?.Code} '{ev.Target?.Text}'");
        Assert.Equal(status, ev.Status);
        Assert.Equal(ev.Cameo[..2], ev.Root);
        Assert.NotNull(ev.Goldstein);
        Assert.InRange(ev.QuadClass!.Value, 1, 4);
    }

    [Theory]
    // "open" parsed as a modifier of "dialogue" / "talks" across their preposition: the predicate of "remained"
    [InlineData("Chile said it would not be pressured but remained open to dialogue with Bolivia.", "CHL", "BOL", "036")]
    [InlineData("The ministry said Kenya was not intimidated but remained open to talks with Somalia.", "KEN", "SOM", "036")]
    // the pronoun subject of a reported clause, reached from an open complement or a conjunct without its own subject
    [InlineData("Chile said it remained open to dialogue with Bolivia.", "CHL", "BOL", "036")]
    [InlineData("Chile said it would not yield and would impose sanctions on Bolivia.", "CHL", "BOL", "163")]
    // a conjunct with a subject of its own keeps it
    [InlineData("Chile said it would not yield and Peru would impose sanctions on Bolivia.", "PER", "BOL", "163")]
    // a past form after "and" read as a modifier of the next noun ("its ambassador and [imposed sanctions]")
    [InlineData("Turkey recalled its ambassador and imposed sanctions on Syria.", "TUR", "SYR", "163")]
    [InlineData("Ukraine rejected the offer and expelled diplomats from Russia.", "UKR", "RUS", "174")]
    [InlineData("Chile could not persuade Peru and imposed sanctions on Bolivia.", "CHL", "BOL", "163")]
    public void Reads_the_source_of_a_predicate_the_parse_hung_elsewhere(string text, string source, string target, string code)
    {
        var ev = EventWithCode(text, code);
        Assert.StartsWith(source, ev.Source.Code ?? "(none)");
        Assert.StartsWith(target, ev.Target?.Code ?? "(none)");
    }

    /// <summary>The first event of the analysis of <paramref name="text"/> whose CAMEO code starts with <paramref name="code"/>;
    /// fails listing the events found when there is none.</summary>
    private static Event EventWithCode(string text, string code)
    {
        var a = PipelineFixture.Analyze(text);
        var ev = a.Events.FirstOrDefault(e => e.Cameo.StartsWith(code, StringComparison.Ordinal));
        Assert.True(ev is not null, $"no {code} event; got {string.Join(", ", a.Events.Select(e => $"{e.Cameo} {e.Source.Code}->{e.Target?.Code} '{e.Trigger.Text}'"))}");
        return ev;
    }

    [Theory]
    // a past tense of its own: the first verb's "could not" is not shared
    [InlineData("Chile could not persuade Peru and imposed sanctions on Bolivia.", EventStatus.Reported)]
    // a participle sharing "would have"
    [InlineData("Japan would have recalled its ambassador and imposed sanctions on Russia.", EventStatus.Hypothetical)]
    public void A_misread_coordinated_past_form_shares_only_the_auxiliaries_it_can(string text, string status) =>
        Assert.Equal(status, EventWithCode(text, "163").Status);

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

    [Theory]
    [InlineData("NAIROBI, March 3, 2024 \u2014 Kenyan police arrested at least 40 protesters in Nairobi on Tuesday.", "2024-02-27")]
    [InlineData("SEOUL, Nov. 28, 2023 - North Korea fired a ballistic missile into the sea.", "2023-11-28")]
    public void A_dateline_date_dates_the_report_not_the_event(string text, string expected)
    {
        // the document date is the dateline's; "on Tuesday" in the same sentence dates the event
        var a = PipelineFixture.Analyze(text, expected == "2024-02-27" ? "2024-03-03" : "2023-11-28");
        Assert.Equal(expected, Assert.Single(a.Events).Date);
    }

    [Theory]
    [InlineData("Lithuania expelled two Belarusian diplomats on Monday. The move was welcomed by Latvian officials. Minsk vowed to retaliate.", "BLR", "LTU")]
    [InlineData("Canada imposed sanctions on Chinese officials last week. Australian ministers praised the step. Beijing vowed to retaliate.", "CHN", "CAN")]
    public void A_threat_with_no_one_named_answers_the_last_actor_against_it(string text, string source, string target)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-05");
        var ev = a.Events.LastOrDefault(e => e.Root == "13");
        Assert.True(ev is not null, $"no threat; got {string.Join(", ", a.Events.Select(e => $"{e.Cameo} {e.Source.Code}->{e.Target?.Code} '{e.Trigger.Text}'"))}");
        Assert.StartsWith(source, ev!.Source.Code ?? "");
        Assert.StartsWith(target, ev.Target?.Code ?? "(none)");
    }

    [Theory]
    [InlineData("\"The Canadians asked to hold talks in secret,\" Venezuelan Foreign Minister Tomas Herrera said.", "CAN", "VEN", "02")]
    [InlineData("Cuban officials said the Americans had offered to resume talks.", "USA", "CUB", "03")]
    public void A_request_with_no_one_named_was_made_to_the_party_telling_it(string text, string source, string target, string root)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-05");
        var ev = a.Events.FirstOrDefault(e => e.Root == root);
        Assert.True(ev is not null, $"no {root} event; got {string.Join(", ", a.Events.Select(e => $"{e.Cameo} {e.Source.Code}->{e.Target?.Code} '{e.Trigger.Text}'"))}");
        Assert.StartsWith(source, ev!.Source.Code ?? "");
        Assert.StartsWith(target, ev.Target?.Code ?? "(none)");
    }

    [Fact]
    public void An_offer_to_talk_with_no_one_named_concerns_the_country_the_text_is_about()
    {
        var a = PipelineFixture.Analyze("Venezuela closed its border on Monday. Venezuelan troops deployed along the frontier, and Caracas "
            + "recalled its ambassador. A Colombian official said Colombia remained ready to resume talks.", "2024-03-05");
        var ev = Assert.Single(a.Events, e => e.Root == "03");
        Assert.StartsWith("COL", ev.Source.Code ?? "");
        Assert.Equal("VEN", ev.Target?.Code);
        // no country the text is about: no target
        var alone = PipelineFixture.Analyze("A Colombian official said Colombia remained ready to resume talks.", "2024-03-05");
        Assert.Null(Assert.Single(alone.Events, e => e.Root == "03").Target);
    }

    [Theory]
    [InlineData("Malian soldiers opened fire on villagers trying to cross the bridge, killing three people.", "MLIMIL", "MLI")]
    [InlineData("BAMAKO \u2014 Soldiers opened fire on protesters trying to reach the palace on Friday, wounding five people.", "MLIMIL", "MLI")]
    public void Shooting_at_local_protesters_then_killing_is_one_event(string text, string source, string target)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-05");
        var ev = Assert.Single(a.Events, e => e.Root is "18" or "19");
        Assert.Equal(source, ev.Source.Code);
        Assert.StartsWith(target, ev.Target?.Code ?? "(none)");
    }

    [Theory]
    [InlineData("KHARKIV, Ukraine \u2014 Shelling killed two people overnight, Ukrainian officials said.")]
    [InlineData("MOSUL, Iraq \u2014 Gunmen killed a village chief on Sunday.")]
    public void A_city_in_the_dateline_is_no_events_source(string text)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-03");
        Assert.DoesNotContain(a.Events, e => e.Source.Text.Equals(text[..text.IndexOf(',')], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Russian forces shelled a market in Kharkiv on Monday.", "RUS", "UKR")]
    [InlineData("Saudi warplanes bombed a wedding in Hodeidah on Monday.", "SAU", "YEM")]
    [InlineData("Indian troops shelled a village near Sialkot.", "IND", "PAK")]
    public void An_attack_on_a_city_targets_its_country(string text, string source, string target)
    {
        var a = PipelineFixture.Analyze(text, "2024-03-05");
        var ev = a.Events.FirstOrDefault(e => e.Root is "18" or "19" or "20");
        Assert.True(ev is not null, $"no attack event; got {string.Join(", ", a.Events.Select(e => $"{e.Cameo} {e.Source.Code}->{e.Target?.Code} '{e.Trigger.Text}'"))}");
        if (source.Length > 0) Assert.StartsWith(source, ev!.Source.Code ?? "");
        Assert.Equal(target, ev!.Target?.Code);
        Assert.Equal(target, ev.Location?.Country);
    }
}
