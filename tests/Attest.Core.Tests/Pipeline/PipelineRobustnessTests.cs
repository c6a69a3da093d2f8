using System.Text;
using Attest.Model;

namespace Attest.Tests.Pipeline;

/// <summary>The pipeline must never crash and every offset must stay inside the text, whatever the input.</summary>
public class PipelineRobustnessTests
{
    private static readonly string[] Pieces =
    [
        "\"", "\u201c", "\u201d", "'", "\u2019", "said", "denied", "according to", "the", "U.S.", "Dr.", "Iran", "Kremlin",
        ",", ".", ":", "\u2014", "\u2026", "\n", "\n\n", "(photo credit: A / B)", "Read more:", "imposed sanctions on", "that",
        "he", "they", "on Tuesday", "in November", "12,700", "[", "]", "\t", "  ", "\uFFFD", "\u00e9", "\U0001F600", "-", "?",
    ];

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_news_like_text_gives_valid_offsets(int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("Headline\n\n");
        for (int i = 0; i < 400; i++) sb.Append(Pieces[rng.Next(Pieces.Length)]).Append(rng.Next(3) == 0 ? "" : " ");
        var a = PipelineFixture.Pipeline.Analyze(new Attest.Text.SourceDocument(sb.ToString(), "random"), new Attest.Pipeline.AnalyzeOptions { DocumentDate = "2019-01-14" });
        AssertOffsets(a);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("Only a headline")]
    [InlineData("\"")]
    [InlineData("Headline\n\n\u201c")]
    [InlineData("Headline\n\n\"\"\"\"\"")]
    [InlineData("<html><body><p>said</p></body></html>")]
    [InlineData("<!DOCTYPE html><html><head><title>T</title></head><body></body></html>")]
    public void Degenerate_inputs_do_not_crash(string text)
    {
        var a = PipelineFixture.Pipeline.Analyze(new Attest.Text.SourceDocument(text, "edge"));
        AssertOffsets(a);
    }

    private static void AssertOffsets(Analysis a)
    {
        var text = a.Document.Text;
        foreach (var s in a.Sentences) Assert.True(s.Start >= 0 && s.End <= text.Length && s.Start <= s.End);
        foreach (var e in a.Entities) Assert.Equal(e.Text, text[e.Start..e.End]);
        foreach (var actor in a.Actors)
            foreach (var m in actor.Mentions) Assert.Equal(m.Text, text[m.Start..m.End]);
        foreach (var st in a.Statements)
        {
            Assert.Equal(st.Speaker.Text, text[st.Speaker.Start..st.Speaker.End]);
            Assert.Equal(st.Cue.Text, text[st.Cue.Start..st.Cue.End]);
            foreach (var span in st.Content.Spans) Assert.True(span[0] >= 0 && span[1] <= text.Length && span[0] <= span[1]);
        }
        foreach (var ev in a.Events)
        {
            Assert.Equal(ev.Trigger.Text, text[ev.Trigger.Start..ev.Trigger.End]);
            Assert.Equal(ev.Source.Text, text[ev.Source.Start..ev.Source.End]);
            Assert.Matches("^[0-2][0-9]{1,3}$", ev.Cameo);
        }
    }
}
