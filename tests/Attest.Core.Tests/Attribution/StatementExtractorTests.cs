using Attest.Model;

namespace Attest.Tests.Attribution;

/// <summary>
/// Table of attribution constructions (sentences written for these tests). Each row: the text, the expected speaker
/// (a word of the speaker phrase, or a code prefix), a string the content must hold, form and stance.
/// </summary>
public class StatementExtractorTests
{
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        // direct quote, cue after
        { "\"We will defend every inch of our land,\" Defence Minister Omar Haddad said.", "Haddad", "defend every inch", "direct", "assert" },
        { "\u201cThe border will stay open,\u201d said Interior Minister Lena Kovac.", "Kovac", "border will stay open", "direct", "assert" },
        { "\"Nobody was hurt in the fire,\" the spokesman told reporters.", "spokesman", "Nobody was hurt", "direct", "deny" },
        // direct quote, cue before with colon
        { "The Foreign Ministry of Chile said in a statement: \"The ambassador has been recalled for consultations.\"", "Ministry", "recalled for consultations", "direct", "assert" },
        // interrupted quote
        { "\"We are ready to talk,\" he said, \"but not under threat.\"", "he", "not under threat", "direct", "assert" },
        // indirect speech
        { "Prime Minister Raul Ibarra said the government would raise fuel subsidies in June.", "Ibarra", "raise fuel subsidies", "indirect", "assert" },
        { "Kenyan police said that at least 12 people had been arrested.", "police", "12 people had been arrested", "indirect", "assert" },
        { "The army denied that its soldiers had fired on the crowd.", "army", "fired on the crowd", "indirect", "deny" },
        { "Moscow rejected the accusations as baseless.", "Moscow", "accusations as baseless", "indirect", "deny" },
        { "Officials in Ankara dismissed the report as propaganda.", "Officials", "report as propaganda", "indirect", "deny" },
        { "The ministry vehemently denied attempting to hide the casualty figures.", "ministry", "attempting to hide", "indirect", "deny" },
        // mixed
        { "The Kremlin said the sanctions were \"an act of economic war\" against Russia.", "Kremlin", "act of economic war", "mixed", "assert" },
        { "Senator Mara Quinn said the deal was \"a historic step\" for the region.", "Quinn", "historic step", "mixed", "assert" },
        // according to
        { "The convoy was attacked near the border, according to the Nigerian army.", "army", "convoy was attacked", "indirect", "assert" },
        { "According to the United Nations, more than 2,000 people have fled the fighting.", "Nations", "2,000 people have fled", "indirect", "assert" },
        // appositive between speaker and cue
        { "Tomas Berg, a spokesman for the Swedish police, said the suspect had been released.", "Berg", "suspect had been released", "indirect", "assert" },
        // hedged cue
        { "Analyst Priya Menon believes that the ceasefire will not hold.", "Menon", "ceasefire will not hold", "indirect", "assert" },
        // content denial
        { "The general said no attack had taken place.", "general", "no attack had taken place", "indirect", "deny" },
        // participle cue
        { "Peru recalled its ambassador on Monday, saying the remarks were unacceptable.", "Peru", "remarks were unacceptable", "indirect", "assert" },
        // passive attribution with via
        { "Farid Nazari was quoted by local media as saying that the talks had failed.", "Nazari", "talks had failed", "indirect", "assert" },
        // outlet reports
        { "The Washington Post reported that the meeting had been cancelled.", "Post", "meeting had been cancelled", "indirect", "assert" },
        { "Germany's Der Spiegel magazine reported that the frigate had been sold to Egypt.", "Spiegel", "frigate had been sold", "indirect", "assert" },
        // more direct-quote shapes
        { "\u201cWe will not be intimidated,\u201d Prime Minister Lars Vinter said on Tuesday.", "Vinter", "will not be intimidated", "direct", "assert" },
        { "\"The talks were constructive,\" a spokeswoman for the Norwegian foreign ministry said.", "spokeswoman", "talks were constructive", "direct", "assert" },
        { "\"There will be no new taxes,\" the finance minister told parliament.", "minister", "no new taxes", "direct", "deny" },
        { "\"Our soldiers did nothing wrong,\" said Colonel Dario Mendes, a spokesman for the Brazilian army.", "Mendes", "did nothing wrong", "direct", "assert" },
        { "Interior Minister Sofia Lind said: \"The border crossing will reopen on Monday.\"", "Lind", "border crossing will reopen", "direct", "assert" },
        { "\"We have enough grain for six months,\" Agriculture Minister Omar Saleh said, \"and more is arriving by sea.\"", "Saleh", "more is arriving by sea", "direct", "assert" },
        // indirect speech, more verbs
        { "Chancellor Karl Weber stressed that Germany would honour its commitments.", "Weber", "Germany would honour", "indirect", "assert" },
        { "The opposition leader claimed that the vote had been rigged.", "leader", "vote had been rigged", "indirect", "assert" },
        { "Officials in Cairo insisted that the dam talks would continue.", "Officials", "dam talks would continue", "indirect", "assert" },
        { "The company acknowledged that customer data had been exposed.", "company", "customer data had been exposed", "indirect", "assert" },
        { "Police told reporters that three suspects had been detained.", "Police", "three suspects had been detained", "indirect", "assert" },
        { "The central bank announced that interest rates would remain unchanged.", "bank", "interest rates would remain", "indirect", "assert" },
        { "Inspectors warned that the reactor could overheat.", "Inspectors", "reactor could overheat", "indirect", "assert" },
        // inverted reporting clauses without quotation marks
        { "The ceasefire collapsed late on Sunday, two Libyan officials said.", "officials", "ceasefire collapsed", "indirect", "assert" },
        { "At least nine people were killed in the blast, the Afghan interior ministry said.", "ministry", "nine people were killed", "indirect", "assert" },
        { "Rebels captured the airport overnight, residents told Reuters.", "residents", "Rebels captured the airport", "indirect", "assert" },
        // denials by verb
        { "The Kremlin denied that Russian troops had crossed the border.", "Kremlin", "troops had crossed the border", "indirect", "deny" },
        { "Beijing dismissed the allegations as groundless.", "Beijing", "allegations as groundless", "indirect", "deny" },
        { "The ministry rejected the report, calling it politically motivated.", "ministry", "report", "indirect", "deny" },
        { "Tehran has repeatedly denied seeking nuclear weapons.", "Tehran", "seeking nuclear weapons", "indirect", "deny" },
        { "The army refuted claims that it had shelled the village.", "army", "claims that it had shelled", "indirect", "deny" },
        // content-level denials under neutral cues
        { "A government spokesman said the report was false.", "spokesman", "report was false", "indirect", "deny" },
        { "The embassy said there was no truth to the rumours.", "embassy", "no truth to the rumours", "indirect", "deny" },
        { "The minister said the accusations were baseless.", "minister", "accusations were baseless", "indirect", "deny" },
        { "\"No such meeting ever took place,\" the spokesman said.", "spokesman", "No such meeting", "direct", "deny" },
        // reported speech inside a quote stays an assertion by the speaker
        { "\"They only said that the figures were not accurate,\" the analyst said.", "analyst", "figures were not accurate", "direct", "assert" },
        // mixed quotes
        { "The prime minister called the attack \"a cowardly act\" and said the perpetrators would be punished.", "minister", "perpetrators would be punished", "indirect", "assert" },
        { "Officials said the new rules were \"temporary and proportionate.\"", "Officials", "temporary and proportionate", "mixed", "assert" },
        { "Minister Elena Costa said the agreement was \"a turning point\" for both countries.", "Costa", "a turning point", "mixed", "assert" },
        // according to, more shapes
        { "Prices rose by 12 percent in March, according to the national statistics office.", "office", "Prices rose by 12 percent", "indirect", "assert" },
        { "According to local media, the convoy was ambushed near Gao.", "media", "convoy was ambushed", "indirect", "assert" },
        // participles and coordinated cues
        { "The ministry issued a statement on Friday, saying the ban would take effect immediately.", "ministry", "ban would take effect", "indirect", "assert" },
        { "The general said the offensive had ended and added that troops would stay in the region.", "general", "troops would stay in the region", "indirect", "assert" },
        { "The mayor said the water was safe, adding that tests would continue.", "mayor", "tests would continue", "indirect", "assert" },
        // appositive with a relative clause
        { "Marta Ruiz, who heads the commission, said the findings would be published in May.", "Ruiz", "findings would be published", "indirect", "assert" },
        // speaker with a locative phrase
        { "Diplomats in Brussels said the summit would be postponed.", "Diplomats", "summit would be postponed", "indirect", "assert" },
        // relative pronoun as speaker
        { "The World Health Organization, which said on Monday that cases were falling, urged caution.", "Organization", "cases were falling", "indirect", "assert" },
        // a claim noun in apposition: "…, a claim X rejected"
        { "Officials in Addis Ababa said the gunmen had come from Kenya, a claim Nairobi rejected.", "Nairobi", "gunmen had come from Kenya", "indirect", "deny" },
        // dash attribution
        { "The blockade will end soon \u2014 or so the harbour master insists.", "master", "blockade will end soon", "indirect", "assert" },
        // colon attribution variants
        { "The presidency said in a short statement: \"The president is in good health.\"", "presidency", "president is in good health", "direct", "assert" },
        { "Her message was simple: \"We will rebuild,\" Mayor Ines Duarte said.", "Duarte", "We will rebuild", "direct", "assert" },
        // quote interrupted by the cue, with an adverb
        { "\"The vote was fair,\" the observer mission said on Monday, \"and the count was transparent.\"", "mission", "count was transparent", "direct", "assert" },
        { "\"We did not fire first,\" the colonel told reporters. \"Our men only returned fire.\"", "colonel", "did not fire first", "direct", "deny" },
        // nested quotation marks
        { "\"He told me 'the talks are over' and walked out,\" the envoy said.", "envoy", "the talks are over", "direct", "assert" },
        // hedged by an adverb beside the cue
        { "The rebels reportedly said the prisoners would be freed on Friday.", "rebels", "prisoners would be freed", "indirect", "assert" },
        // anonymous sources
        { "Two diplomats who spoke on condition of anonymity said the deal was close.", "diplomats", "deal was close", "indirect", "assert" },
        { "The minister will resign next week, according to sources close to the government.", "sources", "minister will resign", "indirect", "assert" },
        // a long object of "quoted … as saying"
        { "State media quoted an official of the National Space Agency, Kim Dae-ho, as saying the rocket had reached orbit.", "Kim", "rocket had reached orbit", "indirect", "assert" },
        // according to a document by its author
        { "The strike was the fourth this month, according to a tally by Colombian officials.", "officials", "fourth this month", "indirect", "assert" },
        // a role word the tagger may read as an adjective
        { "The official said Kenya remained ready to resume the talks.", "official", "Kenya remained ready", "indirect", "assert" },
        // a participle or adjective phrase after the speaker noun
        { "A senior Kenyan official involved in the negotiations, who asked not to be named, said the border would reopen.", "official", "border would reopen", "indirect", "assert" },
        { "Two people familiar with the plan said the merger would be announced on Monday.", "people", "merger would be announced", "indirect", "assert" },
        // told X that, with a date
        { "A Turkish official told Reuters on Thursday that the corridor would reopen.", "official", "corridor would reopen", "indirect", "assert" },
        // statements by organisations and countries
        { "Russia said it had withdrawn its warships from the strait.", "Russia", "withdrawn its warships", "indirect", "assert" },
        { "NATO said the drills were purely defensive.", "NATO", "drills were purely defensive", "indirect", "assert" },
        { "The European Commission said on Wednesday that the tariffs breached trade rules.", "Commission", "tariffs breached trade rules", "indirect", "assert" },
        { "Amnesty International said security forces had used tear gas against peaceful marchers.", "Amnesty", "used tear gas", "indirect", "assert" },
        // pronoun speakers after a named one
        { "Defence Minister Lea Brandt visited the base on Monday. She said the troops were ready.", "She", "troops were ready", "indirect", "assert" },
        { "The rebels seized two towns. They said the offensive would continue.", "They", "offensive would continue", "indirect", "assert" },
        // titles only
        { "The spokeswoman said the ship had left the port.", "spokeswoman", "ship had left the port", "indirect", "assert" },
        { "The president told lawmakers that the budget would be balanced.", "president", "budget would be balanced", "indirect", "assert" },
        // denials by content, more shapes
        { "The ministry said the video was fake.", "ministry", "video was fake", "indirect", "deny" },
        { "Police said nobody had been arrested.", "Police", "nobody had been arrested", "indirect", "deny" },
        { "\"These reports are absurd,\" the spokesman said.", "spokesman", "reports are absurd", "direct", "deny" },
        { "The company said it had never sold weapons to the militia.", "company", "never sold weapons", "indirect", "deny" },
        // rejections of a named claim
        { "Ankara rejected Athens' claim that its jets had violated Greek airspace.", "Ankara", "claim that its jets", "indirect", "deny" },
        { "The army dismissed reports of civilian casualties as propaganda.", "army", "reports of civilian casualties", "indirect", "deny" },
        // assertions with hedging verbs
        { "Analysts suspect that the launch was a test of a new engine.", "Analysts", "launch was a test", "indirect", "assert" },
        { "Some diplomats suggested that the summit could be moved to Geneva.", "diplomats", "summit could be moved", "indirect", "assert" },
        // vows and warnings with that-clauses
        { "The prime minister vowed that the attackers would be brought to justice.", "minister", "attackers would be brought", "indirect", "assert" },
        { "The World Bank warned that growth would slow sharply next year.", "Bank", "growth would slow", "indirect", "assert" },
        // quote before cue with a full sentence and a period inside
        { "\"The border is closed until further notice.\" the interior ministry said in a brief statement.", "ministry", "border is closed", "direct", "assert" },
        // reported by outlets with a via chain in the text
        { "The rebel leader was quoted by state television as saying the ceasefire was over.", "leader", "ceasefire was over", "indirect", "assert" },
        // according to at the sentence end with a named person
        { "The convoy carried 40 tonnes of flour, according to aid worker Samira Haddad.", "Haddad", "convoy carried 40 tonnes", "indirect", "assert" },
        // "to rescue" tagged as an infinitive: a noun phrase always follows "according to"
        { "The convoy reached the town on Monday, according to rescue official Omar Ali.", "Omar Ali", "convoy reached the town", "indirect", "assert" },
        // multi-sentence quote
        { "\"We are ready. We have always been ready,\" the general said.", "general", "We have always been ready", "direct", "assert" },
        // adding that after a quote
        { "\"The road is open,\" the governor said, adding that repairs would take a month.", "governor", "repairs would take a month", "indirect", "assert" },
        // insisted with a quote
        { "The minister insisted the sanctions were \"working as intended.\"", "minister", "working as intended", "mixed", "assert" },
        // said with an object relative speaker
        { "Officials at the ministry, who declined to be named, said the audit had found irregularities.", "Officials", "audit had found irregularities", "indirect", "assert" },
        // accused of, with a named speaker
        { "Opposition leader Tomas Rivas accused the government of rigging the census.", "Rivas", "government of rigging the census", "indirect", "assert" },
        // a date between the speaker and the cue
        { "Norway's Foreign Ministry on Monday denied that its diplomats had met the rebel envoy.", "Ministry", "diplomats had met the rebel envoy", "indirect", "deny" },
        { "The Chilean navy on Friday rejected reports that its ships had entered Peruvian waters.", "navy", "ships had entered Peruvian waters", "indirect", "deny" },
        { "Kenya's health minister on Tuesday said the outbreak had been contained.", "minister", "outbreak had been contained", "indirect", "assert" },
        // possessive organisation speaker, short direct quote with a pronoun
        { "Mexico's foreign ministry said the envoy had been recalled for consultations.", "ministry", "envoy had been recalled", "indirect", "assert" },
        { "Hana Sato, the mayor, spoke briefly. \"It is over,\" she said.", "she", "It is over", "direct", "assert" },
        // appeals and accusations reported as statements
        { "The United Nations urged both sides to return to the negotiating table.", "Nations", "both sides to return", "indirect", "assert" },
        // a coordinated object, and a quotation opening on the complement's verb
        { "In Ottawa, Canadian Foreign Ministry spokeswoman Marta Keller urged both Caracas and Bogota to \"return to talks\" and to avoid steps that could inflame the border.", "Keller", "avoid steps that could inflame", "mixed", "assert" },
        { "Kenyan envoy Otieno Wambua urged Ethiopia and Somalia to \u201cput the region first.\u201d", "Wambua", "put the region first", "mixed", "assert" },
        { "The African Union urged Sudan, Chad and Libya to close their shared border to arms traffickers.", "Union", "close their shared border", "indirect", "assert" },
        { "Human rights groups accused the police of using excessive force.", "groups", "police of using excessive force", "indirect", "assert" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Finds_speaker_content_form_and_stance(string text, string speaker, string content, string form, string stance)
    {
        var a = PipelineFixture.Analyze(text);
        var st = a.Statements.FirstOrDefault(s => s.Content.Text.Contains(content, StringComparison.Ordinal));
        Assert.True(st is not null, $"no statement holds '{content}'; got: {string.Join(" | ", a.Statements.Select(s => s.Speaker.Text + ": " + s.Content.Text))}");
        Assert.True(st!.Speaker.Text.Contains(speaker, StringComparison.Ordinal) || (st.Speaker.Code ?? "").StartsWith(speaker, StringComparison.Ordinal),
            $"speaker '{st.Speaker.Text}' ({st.Speaker.Code}) is not '{speaker}'");
        Assert.Equal(form, st.Form);
        Assert.Equal(stance, st.Stance);
        foreach (var span in st.Content.Spans)
            Assert.True(span[0] >= 0 && span[1] <= a.Document.Text.Length && span[0] < span[1]);
    }

    [Fact]
    public void Via_lists_the_outlet_that_relayed_the_quote()
    {
        var a = PipelineFixture.Analyze("Farid Nazari was quoted by local media as saying that the talks had failed.");
        var st = Assert.Single(a.Statements);
        Assert.Equal("local media", Assert.Single(st.Via).Text);
    }

    [Fact]
    public void Unattributed_quote_continues_the_last_speaker()
    {
        var a = PipelineFixture.Analyze("Health Minister Ana Ruiz said the outbreak was under control.\n\n\"We have enough vaccines for every district and more are on the way.\"");
        Assert.Equal(2, a.Statements.Length);
        Assert.Equal(a.Statements[0].Speaker.Text, a.Statements[1].Speaker.Text);
        Assert.Equal(StatementForm.Direct, a.Statements[1].Form);
    }

    [Fact]
    public void Coordinated_that_clauses_become_two_statements()
    {
        var a = PipelineFixture.Analyze("Spokeswoman Irina Volkova told reporters that the expulsions were illegal and that Russia would respond in kind.");
        Assert.Contains(a.Statements, s => s.Content.Text.Contains("expulsions were illegal", StringComparison.Ordinal) && !s.Content.Text.Contains("respond", StringComparison.Ordinal));
        Assert.Contains(a.Statements, s => s.Content.Text.Contains("Russia would respond in kind", StringComparison.Ordinal));
    }

    [Fact]
    public void Hedged_cue_marks_the_statement_hedged()
    {
        var a = PipelineFixture.Analyze("Analyst Priya Menon believes that the ceasefire will not hold.");
        Assert.True(Assert.Single(a.Statements).Hedged);
    }
}
