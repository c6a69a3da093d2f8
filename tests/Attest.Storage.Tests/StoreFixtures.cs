using System.Collections.Immutable;
using Attest.Model;

namespace Attest.Tests;

/// <summary>Hand-built analyses for store tests.</summary>
internal static class StoreFixtures
{
    public static Analysis Iran(string id = "doc-iran", string? date = "2019-01-14", string? source = "samples/iran.txt")
    {
        const string text = "US officials denied attempting to create a backchannel. Iran's Ali Shamkhani said Washington asked to hold talks. Iran will not negotiate, he said.";
        var s1End = text.IndexOf('.', StringComparison.Ordinal) + 1;
        var s2Start = s1End + 1;
        var s2End = text.IndexOf('.', s2Start) + 1;
        var s3Start = s2End + 1;
        return new Analysis
        {
            Document = new DocumentInfo
            {
                Id = id,
                Title = "Officials deny \"secret\" overtures, to Iran",
                Date = date,
                Source = source,
                Text = text,
                Removed = [new RemovedText(RemovedKind.Credit, "JONATHAN ERNST / REUTERS")],
            },
            Sentences = [new SentenceSpan(0, s1End), new SentenceSpan(s2Start, s2End), new SentenceSpan(s3Start, text.Length)],
            Entities = [new EntityMention("Ali Shamkhani", At(text, "Ali Shamkhani"), At(text, "Ali Shamkhani") + 13, "PER") { Actor = "a2" }],
            Actors =
            [
                new Actor { Id = "a1", Name = "United States", Code = "USAGOV", Country = "USA", Kind = ActorKind.Country, Mentions = [Span(text, "US officials")] },
                new Actor { Id = "a2", Name = "Ali Shamkhani", Code = "IRNGOV", Country = "IRN", Kind = ActorKind.Person, Mentions = [Span(text, "Ali Shamkhani")] },
            ],
            Statements =
            [
                new Statement
                {
                    Id = "s1", Speaker = Ref(text, "US officials", "a1", "USAGOV"), Cue = new Cue("denied", At(text, "denied"), At(text, "denied") + 6, "deny"),
                    Content = new StatementContent("attempting to create a backchannel", [[At(text, "attempting"), s1End - 1]]),
                    Form = StatementForm.Indirect, Stance = Stance.Deny,
                },
                new Statement
                {
                    Id = "s2", Speaker = Ref(text, "Ali Shamkhani", "a2", "IRNGOV"), Cue = new Cue("said", At(text, "said"), At(text, "said") + 4, "say"),
                    Content = new StatementContent("Washington asked to hold talks", [[At(text, "Washington"), s2End - 1]]),
                    Form = StatementForm.Indirect, Stance = Stance.Assert, Hedged = true,
                    Via = [new Span("Middle East media, \"outlets\"", 0, 0)],
                },
            ],
            Events =
            [
                new Event
                {
                    Id = "e1", Source = Ref(text, "Washington", "a1", "USAGOV"), Target = new ActorRef("Iran", 0, 4) { Code = "IRN" },
                    Cameo = "0311", Root = "03", Plover = "AGREE", Goldstein = 3.4, QuadClass = 1,
                    Trigger = Span(text, "asked"), Status = EventStatus.Claimed, Statement = "s2", Sentence = 1,
                    Location = new Location("Tehran", 0, 0) { Country = "IRN" }, Quantity = new Quantity(2, "people"),
                },
                new Event
                {
                    Id = "e2", Source = Ref(text, "Iran", null, "IRN"), Cameo = "125", Root = "12", Goldstein = -5,
                    QuadClass = 3, Trigger = Span(text, "negotiate"), Status = EventStatus.Reported, Negated = true,
                    Date = "2019-01-20", Sentence = 2,
                },
            ],
            Disputes = [new Dispute("s2", ["s1"])],
            Warnings = ["document date was given"],
        };
    }

    /// <summary>A second, minimal document with its own codes and date.</summary>
    public static Analysis Korea(string id = "doc-korea", string? date = "2020-03") => new()
    {
        Document = new DocumentInfo { Id = id, Date = date, Source = null, Text = "North Korea fired a missile. Seoul condemned it." },
        Sentences = [new SentenceSpan(0, 28), new SentenceSpan(29, 48)],
        Statements =
        [
            new Statement
            {
                Id = "s1", Speaker = new ActorRef("Seoul", 29, 34) { Code = "KOR" }, Cue = new Cue("condemned", 35, 44, "condemn"),
                Content = new StatementContent("it", [[45, 47]]), Form = StatementForm.Indirect, Stance = Stance.Assert,
            },
        ],
        Events =
        [
            new Event
            {
                Id = "e1", Source = new ActorRef("North Korea", 0, 11) { Code = "PRKMIL" }, Cameo = "190", Root = "19",
                Goldstein = -10, QuadClass = 4, Trigger = new Span("fired", 12, 17), Status = EventStatus.Reported,
            },
            new Event
            {
                Id = "e2", Source = new ActorRef("Seoul", 29, 34) { Code = "KOR" }, Target = new ActorRef("North Korea", 0, 11) { Code = "PRK" },
                Cameo = "122", Root = "12", Trigger = new Span("condemned", 35, 44), Status = EventStatus.Reported, Sentence = 1,
            },
        ],
    };

    private static int At(string text, string part) => text.IndexOf(part, StringComparison.Ordinal);

    private static Span Span(string text, string part) => new(part, At(text, part), At(text, part) + part.Length);

    private static ActorRef Ref(string text, string part, string? actor, string? code) =>
        new(part, At(text, part), At(text, part) + part.Length) { Actor = actor, Code = code };
}

/// <summary>A temporary store file, deleted (with DuckDB's WAL) on dispose.</summary>
internal sealed class TempDb : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"attest-test-{Guid.NewGuid():N}.duckdb");

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + ".wal" })
            if (File.Exists(file)) File.Delete(file);
    }
}

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
