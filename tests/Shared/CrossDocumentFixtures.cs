using System.Collections.Immutable;
using Attest.Disputes;
using Attest.Model;

namespace Attest.Tests;

/// <summary>
/// A sentence encoder for tests: each text gets a 2-dimensional unit vector at the angle the table gives it, so the
/// similarity of two texts is the cosine of their angles' difference, known exactly. Counts its calls.
/// </summary>
internal sealed class AngleEncoder(IReadOnlyDictionary<string, double> degrees) : ISentenceEncoder
{
    private int _calls;

    public string ModelId => "test-angle";

    public int Calls => _calls;

    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return [.. texts.Select(t =>
        {
            var a = (degrees.TryGetValue(t, out var d) ? d : 90.0) * Math.PI / 180;
            return new[] { (float)Math.Cos(a), (float)Math.Sin(a) };
        })];
    }
}

/// <summary>One statement of a hand-built document: the speaker, and the actors named inside the content.</summary>
internal sealed record FixtureStatement(
    string Stance, string Speaker, string? SpeakerCode, string? SpeakerCountry, string Content,
    params (string Text, string Code, string Country)[] Named);

/// <summary>Hand-built analyses for cross-document linking tests (fictional people, real states).</summary>
internal static class CrossDocumentFixtures
{
    /// <summary>
    /// A document whose text is its statements' contents, one per sentence; each content names the actors given, and
    /// each claim carries an event (source = its first named actor) with status claimed.
    /// </summary>
    public static Analysis Document(string id, string? date, params FixtureStatement[] statements)
    {
        var text = string.Join(" ", statements.Select(s => s.Content + "."));
        var actors = new List<Actor>();
        var stmts = new List<Statement>();
        var events = new List<Event>();
        var sentences = new List<SentenceSpan>();
        var at = 0;
        for (var i = 0; i < statements.Length; i++)
        {
            var s = statements[i];
            var start = text.IndexOf(s.Content, at, StringComparison.Ordinal);
            var end = start + s.Content.Length;
            sentences.Add(new SentenceSpan(start, end + 1));
            at = end;
            var speakerId = $"a{actors.Count + 1}";
            actors.Add(new Actor { Id = speakerId, Name = s.Speaker, Code = s.SpeakerCode, Country = s.SpeakerCountry, Kind = ActorKind.Organization });
            ActorRef? first = null;
            foreach (var (named, code, country) in s.Named)
            {
                var m = text.IndexOf(named, start, StringComparison.Ordinal);
                var actorId = $"a{actors.Count + 1}";
                actors.Add(new Actor { Id = actorId, Name = named, Code = code, Country = country, Kind = ActorKind.Group, Mentions = [new Span(named, m, m + named.Length)] });
                first ??= new ActorRef(named, m, m + named.Length) { Actor = actorId, Code = code };
            }
            var sid = $"s{i + 1}";
            stmts.Add(new Statement
            {
                Id = sid,
                Speaker = new ActorRef(s.Speaker, 0, 0) { Actor = speakerId, Code = s.SpeakerCode },
                Cue = new Cue(s.Stance == Stance.Deny ? "denied" : "said", 0, 0, s.Stance == Stance.Deny ? "deny" : "say"),
                Content = new StatementContent(s.Content, [ImmutableArray.Create(start, end)]),
                Form = StatementForm.Indirect,
                Stance = s.Stance,
            });
            if (s.Stance == Stance.Assert && first is not null)
            {
                events.Add(new Event
                {
                    Id = $"e{events.Count + 1}", Source = first, Cameo = "190", Root = "19", Goldstein = -10, QuadClass = 4,
                    Trigger = new Span(s.Content.Split(' ')[^1], end - s.Content.Split(' ')[^1].Length, end),
                    Status = EventStatus.Claimed, Statement = sid, Sentence = i,
                });
            }
        }
        return new Analysis
        {
            Document = new DocumentInfo { Id = id, Title = $"Title of {id}", Date = date, Source = $"fixtures/{id}.txt", Text = text },
            Sentences = [.. sentences],
            Actors = [.. actors],
            Statements = [.. stmts],
            Events = [.. events],
        };
    }

    public const string ShellingClaim = "Pakistani troops shelled three Indian army posts in the Kupwara sector";
    public const string ShellingDenial = "Pakistani soldiers opened fire across the Line of Control";
    public const string TradeClaim = "exports of Pakistani cotton to Indian mills fell by half this year";

    /// <summary>India claims Pakistani shelling (document "claim", 2023-05-12).</summary>
    public static Analysis IndianClaim(string id = "claim", string? date = "2023-05-12") => Document(id, date,
        new FixtureStatement(Stance.Assert, "the Indian Army", "INDMIL", "IND", ShellingClaim, ("Pakistani troops", "PAKMIL", "PAK")));

    /// <summary>Pakistan's military denies it (document "denial", 2023-05-13).</summary>
    public static Analysis PakistaniDenial(string id = "denial", string? date = "2023-05-13") => Document(id, date,
        new FixtureStatement(Stance.Deny, "Pakistan's military", "PAKMIL", "PAK", ShellingDenial, ("Pakistani soldiers", "PAKMIL", "PAK")));

    /// <summary>Angles: the claim and the denial 40° apart (similarity 0.766); the trade claim 70° from the denial (0.342).</summary>
    public static AngleEncoder Encoder() => new(new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [ShellingClaim] = 0,
        [ShellingDenial] = 40,
        [TradeClaim] = 110,
    });
}
