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
