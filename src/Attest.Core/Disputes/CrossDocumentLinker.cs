using System.Collections.Immutable;
using Attest.Entities;
using Attest.Model;

namespace Attest.Disputes;

/// <summary>How <see cref="CrossDocumentLinker"/> decides; every value is checked when set.</summary>
public sealed record CrossDocumentLinkOptions
{
    /// <summary>
    /// Least cosine similarity of the two contents' embeddings when the denial's speaker is a party the claim names
    /// (<c>denier</c> match). Tuned on the development pairs in <c>tests/Attest.Storage.Tests/Fixtures/cross-document/dev</c>
    /// (the midpoint between the best-scoring unrelated pair and the worst-scoring true pair; see src/Attest.Storage/README.md).
    /// </summary>
    public double MinSimilarity
    {
        get => _minSimilarity;
        init => _minSimilarity = Similarity(value, nameof(MinSimilarity));
    }

    /// <summary>
    /// Least similarity when the denial's speaker is unresolved and only its content names a party of the claim
    /// (<c>content</c> match): weaker evidence on actors asks for closer content. Tuned like <see cref="MinSimilarity"/>.
    /// </summary>
    public double MinSimilarityUnresolvedDenier
    {
        get => _minSimilarityUnresolved;
        init => _minSimilarityUnresolved = Similarity(value, nameof(MinSimilarityUnresolvedDenier));
    }

    private static double Similarity(double value, string name) =>
        value is > 0 and < 1 && !double.IsNaN(value) ? value : throw new ArgumentOutOfRangeException(name, value, "similarity threshold must be between 0 and 1");

    /// <summary>Most days between the two documents' dates (partial dates count from their nearest days).</summary>
    public int DateWindowDays
    {
        get => _dateWindowDays;
        init => _dateWindowDays = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(DateWindowDays), value, "date window must be 0 days or more");
    }

    /// <summary>Statements with fewer content words than this ("rejected the claim") carry too little to compare across documents.</summary>
    public int MinContentWords
    {
        get => _minContentWords;
        init => _minContentWords = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MinContentWords), value, "at least 1 content word");
    }

    /// <summary>Link statements whose documents have no date (the link says "date unknown"); otherwise they are never linked.</summary>
    public bool LinkUndated { get; init; } = true;

    private readonly double _minSimilarity = 0.50;
    private readonly double _minSimilarityUnresolved = 0.59;
    private readonly int _dateWindowDays = 14;
    private readonly int _minContentWords = 4;
}

/// <summary>One statement of a document prepared for cross-document linking: its stance, actors, dates and embedding.</summary>
public sealed record LinkCandidate
{
    public required string DocumentId { get; init; }
    public required string StatementId { get; init; }
    /// <summary><see cref="Stance.Assert"/> (a claim) or <see cref="Stance.Deny"/>.</summary>
    public required string Stance { get; init; }
    public string? SpeakerCode { get; init; }
    /// <summary>The speaker's country (ISO alpha-3), or null when the speaker is unresolved or not national.</summary>
    public string? SpeakerCountry { get; init; }
    /// <summary>CAMEO codes of the speaker, of actors named in the content and of the events the statement carries; distinct, sorted.</summary>
    public ImmutableArray<string> ActorCodes { get; init; } = [];
    /// <summary>
    /// Countries the content names (actors, country names and demonyms inside the content, sources and targets of the
    /// statement's events), without the speaker's own country: for a claim, the parties it accuses. Distinct, sorted.
    /// </summary>
    public ImmutableArray<string> NamedCountries { get; init; } = [];
    /// <summary>First and last day the document's date can denote, or null when undated.</summary>
    public DateOnly? DateLo { get; init; }
    public DateOnly? DateHi { get; init; }
    /// <summary>The text embedded: the content as <see cref="CrossDocumentLinker.EmbeddingText"/> normalises it.</summary>
    public required string Text { get; init; }
    /// <summary>Unit-length embedding of <see cref="Text"/>.</summary>
    public required float[] Embedding { get; init; }
}

/// <summary>Why two statements of different documents were linked: every field that matched, and the similarity.</summary>
public sealed record CrossDocumentLink
{
    public required string ClaimDocumentId { get; init; }
    public required string ClaimStatementId { get; init; }
    public required string DenialDocumentId { get; init; }
    public required string DenialStatementId { get; init; }
    /// <summary>Cosine similarity of the two contents, rounded to 4 decimals.</summary>
    public required double Similarity { get; init; }
    /// <summary>The countries of the denying side that the claim names (see <see cref="ActorMatch"/>).</summary>
    public required ImmutableArray<string> SharedActors { get; init; }
    /// <summary>
    /// <c>denier</c> when the denial's speaker belongs to a country the claim names ("Pakistani troops fired …" ←
    /// Pakistan's army denies), <c>content</c> when the denial's speaker is unresolved and its content names one.
    /// </summary>
    public required string ActorMatch { get; init; }
    /// <summary>"assert/deny".</summary>
    public required string StancePair { get; init; }
    /// <summary>Days between the two documents' dates (0 when they can be the same day), or null when one is undated.</summary>
    public int? DateGapDays { get; init; }
}

/// <summary>
/// Links a claim in one document to its denial in another: the two statements must have opposite stances (a claim or
/// a reported claim against a denial) by different speakers, share an actor (same CAMEO code, or the same country),
/// come from documents dated within <see cref="CrossDocumentLinkOptions.DateWindowDays"/>, and their contents'
/// embeddings must be at least <see cref="CrossDocumentLinkOptions.MinSimilarity"/> alike. <see cref="Match"/> is a
/// pure, symmetric function of the two candidates, so a store that compares each new document with the stored ones
/// gets the same links whatever the order of ingestion. Immutable and thread-safe; the encoder is used only by
/// <see cref="Prepare"/>, and only for documents that have candidates.
/// </summary>
public sealed class CrossDocumentLinker
{
    public CrossDocumentLinker(ISentenceEncoder encoder, CrossDocumentLinkOptions? options = null)
    {
        Encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        Options = options ?? new CrossDocumentLinkOptions();
    }

    public ISentenceEncoder Encoder { get; }

    public CrossDocumentLinkOptions Options { get; }

    /// <summary>The encoder's model id: candidates prepared by another model are not comparable.</summary>
    public string ModelId => Encoder.ModelId;

    /// <summary>The statements of <paramref name="analysis"/> worth comparing across documents, with their embeddings.</summary>
    public ImmutableArray<LinkCandidate> Prepare(Analysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var chosen = new List<(Statement Statement, ImmutableArray<string> Codes, ImmutableArray<string> Countries)>();
        foreach (var s in analysis.Statements)
        {
            if (s.Stance is not (Stance.Assert or Stance.Deny)) continue;
            if (ContentWords(s.Content.Text) < Options.MinContentWords) continue;
            var (codes, countries) = ActorsOf(s, analysis);
            // a claim must name a party other than its speaker; a denial needs a known side (its speaker or its content)
            if (countries.IsEmpty && (s.Stance == Stance.Assert || SpeakerCountry(s, analysis) is null)) continue;
            chosen.Add((s, codes, countries));
        }
        if (chosen.Count == 0) return [];

        var texts = chosen.Select(c => EmbeddingText(c.Statement, analysis)).ToList();
        var vectors = Encoder.Encode(texts, cancellationToken);
        if (vectors.Count != chosen.Count)
            throw new InvalidOperationException($"the sentence encoder returned {vectors.Count} vectors for {chosen.Count} texts");
        var lo = PartialDateRange.Lower(analysis.Document.Date);
        var hi = PartialDateRange.Upper(analysis.Document.Date);
        return [.. chosen.Select((c, i) => new LinkCandidate
        {
            DocumentId = analysis.Document.Id,
            StatementId = c.Statement.Id,
            Stance = c.Statement.Stance,
            SpeakerCode = c.Statement.Speaker.Code,
            SpeakerCountry = SpeakerCountry(c.Statement, analysis),
            ActorCodes = c.Codes,
            NamedCountries = c.Countries,
            DateLo = lo,
            DateHi = hi,
            Text = texts[i],
            Embedding = vectors[i],
        })];
    }

    /// <summary>The link between two candidates of different documents, or null when any condition fails. Symmetric.</summary>
    public CrossDocumentLink? Match(LinkCandidate a, LinkCandidate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.DocumentId == b.DocumentId) return null;
        var (claim, denial) = (a.Stance, b.Stance) switch
        {
            (Stance.Assert, Stance.Deny) => (a, b),
            (Stance.Deny, Stance.Assert) => (b, a),
            _ => (null, null),
        };
        if (claim is null || denial is null) return null;
        // An actor does not dispute itself: the same speaker code on both sides is a correction or a change of mind.
        if (claim.SpeakerCode is not null && claim.SpeakerCode == denial.SpeakerCode) return null;

        // The denying side must be one the claim names: its speaker's country, or (speaker unresolved) a country its
        // content names. A third party's denial, or a denial about other actors, is not an answer to the claim.
        var actorMatch = denial.SpeakerCountry is null ? "content" : "denier";
        ImmutableArray<string> deniers = denial.SpeakerCountry is { } country ? [country] : denial.NamedCountries;
        var shared = Intersect(claim.NamedCountries, deniers);
        if (shared.IsEmpty) return null;

        int? gap = null;
        if (claim.DateLo is { } clo && claim.DateHi is { } chi && denial.DateLo is { } dlo && denial.DateHi is { } dhi)
        {
            gap = Math.Max(0, Math.Max(dlo.DayNumber - chi.DayNumber, clo.DayNumber - dhi.DayNumber));
            if (gap > Options.DateWindowDays) return null;
        }
        else if (!Options.LinkUndated)
        {
            return null;
        }

        var similarity = Math.Round(Cosine(claim.Embedding, denial.Embedding), 4);
        if (similarity < (actorMatch == "denier" ? Options.MinSimilarity : Options.MinSimilarityUnresolvedDenier)) return null;
        return new CrossDocumentLink
        {
            ClaimDocumentId = claim.DocumentId,
            ClaimStatementId = claim.StatementId,
            DenialDocumentId = denial.DocumentId,
            DenialStatementId = denial.StatementId,
            Similarity = similarity,
            SharedActors = shared,
            ActorMatch = actorMatch,
            StancePair = $"{claim.Stance}/{denial.Stance}",
            DateGapDays = gap,
        };
    }

    /// <summary>Dot product of two unit vectors (their cosine); vectors of different lengths are not comparable.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"vectors of {a.Length} and {b.Length} dimensions are not comparable", nameof(b));
        double dot = 0;
        for (var i = 0; i < a.Length; i++) dot += (double)a[i] * b[i];
        return dot;
    }

    /// <summary>
    /// Codes of the speaker, of actors mentioned inside the content and of the statement's events; and the countries
    /// the content names (those actors', and country names or demonyms that name no actor: "Iranian boats" → IRN),
    /// without the speaker's own.
    /// </summary>
    private static (ImmutableArray<string> Codes, ImmutableArray<string> Countries) ActorsOf(Statement s, Analysis analysis)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var countries = new SortedSet<string>(StringComparer.Ordinal);
        var byId = ActorsById(analysis);

        void AddRef(ActorRef? r)
        {
            if (r is null) return;
            if (r.Code is { Length: > 0 } code) codes.Add(code);
            if (r.Actor is { } id && byId.TryGetValue(id, out var actor)) AddActor(actor);
            else if (ActorEntry.CodeCountry(r.Code) is { } c) countries.Add(c);
        }

        void AddActor(Actor actor)
        {
            if (actor.Code is { Length: > 0 } code) codes.Add(code);
            if (actor.Country is { Length: > 0 } country) countries.Add(country);
            else if (ActorEntry.CodeCountry(actor.Code) is { } c) countries.Add(c);
        }

        if (s.Speaker.Code is { Length: > 0 } speakerCode) codes.Add(speakerCode);
        foreach (var actor in analysis.Actors)
        {
            if (actor.Mentions.IsDefaultOrEmpty) continue;
            if (actor.Mentions.Any(m => InContent(s.Content, m.Start, m.End))) AddActor(actor);
        }
        foreach (var entity in analysis.Entities)
        {
            if (entity.Actor is not null || entity.Type is not ("NORP" or "GPE") || !InContent(s.Content, entity.Start, entity.End)) continue;
            if (CountryOfName(entity.Text) is { } country) countries.Add(country);
        }
        foreach (var e in analysis.Events)
        {
            if (e.Statement != s.Id) continue;
            AddRef(e.Source);
            AddRef(e.Target);
        }
        if (SpeakerCountry(s, analysis) is { } own) countries.Remove(own);
        return ([.. codes], [.. countries]);
    }

    private static Dictionary<string, Actor> ActorsById(Analysis analysis)
    {
        var byId = new Dictionary<string, Actor>(StringComparer.Ordinal);
        foreach (var actor in analysis.Actors) byId.TryAdd(actor.Id, actor);
        return byId;
    }

    /// <summary>The speaker's country: its actor's, else the country part of its code.</summary>
    private static string? SpeakerCountry(Statement s, Analysis analysis)
    {
        if (s.Speaker.Actor is { } id)
            foreach (var actor in analysis.Actors)
                if (actor.Id == id && actor.Country is { Length: > 0 } country) return country;
        return ActorEntry.CodeCountry(s.Speaker.Code);
    }

    /// <summary>The country the actor dictionary gives a country name or demonym ("Chinese" → CHN), or null.</summary>
    private static string? CountryOfName(string name)
    {
        foreach (var entry in ActorDictionary.LoadDefault().Lookup(name))
            if (entry.CountryPart is { } country) return country;
        return null;
    }

    private static readonly string[] ClaimNounPrefixes =
    [
        "reports", "report", "claims", "claim", "allegations", "allegation", "accusations", "accusation", "charges",
        "suggestions", "suggestion", "assertions", "speculation", "rumours", "rumors", "media reports", "news reports",
    ];

    /// <summary>
    /// The text embedded for a statement: its content without a leading "(the) reports/claims/allegations that" (a
    /// denial's wrapper around the claim it denies), and, in a denial, with the speaker's possessive pronouns ("its
    /// troops", "our forces", "we") replaced by the speaker's country ("Pakistan's troops"), so that both sides name the
    /// same party.
    /// </summary>
    public static string EmbeddingText(Statement s, Analysis analysis)
    {
        var text = s.Content.Text.Trim();
        var lower = text.ToLowerInvariant();
        var at = lower.StartsWith("the ", StringComparison.Ordinal) ? 4 : 0;
        foreach (var noun in ClaimNounPrefixes)
        {
            if (!lower.AsSpan(at).StartsWith(noun + " ", StringComparison.Ordinal)) continue;
            var rest = at + noun.Length + 1;
            if (lower.AsSpan(rest).StartsWith("that ", StringComparison.Ordinal)) { text = text[(rest + 5)..]; }
            else if (lower.AsSpan(rest).StartsWith("of ", StringComparison.Ordinal)) { text = text[(rest + 3)..]; }
            break;
        }

        // Only a denier's possessives are reliably its own ("denied that its troops …"); a claim's "its" may be anyone's.
        if (s.Stance != Stance.Deny) return text;
        var country = SpeakerCountry(s, analysis) is { } code ? ActorDictionary.LoadDefault().CountryName(code) : null;
        if (country is null) return text;
        var sb = new System.Text.StringBuilder(text.Length + 32);
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i])) { sb.Append(text[i++]); continue; }
            int j = i;
            while (j < text.Length && char.IsLetter(text[j])) j++;
            var word = text[i..j];
            sb.Append(word.ToLowerInvariant() switch
            {
                "its" or "our" => country + "'s",
                "we" or "us" => country,
                _ => word,
            });
            i = j;
        }
        return sb.ToString();
    }

    private static bool InContent(StatementContent content, int start, int end)
    {
        if (content.Spans.IsDefaultOrEmpty) return false;
        foreach (var span in content.Spans)
        {
            if (span.Length < 2) continue;
            if (start >= span[0] && end <= span[1]) return true;
        }
        return false;
    }

    private static ImmutableArray<string> Intersect(ImmutableArray<string> a, ImmutableArray<string> b) =>
        [.. a.Where(x => b.Contains(x, StringComparer.Ordinal))];

    /// <summary>Words of three or more letters.</summary>
    internal static int ContentWords(string text)
    {
        int count = 0, run = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) run++;
            else
            {
                if (run >= 3) count++;
                run = 0;
            }
        }
        return run >= 3 ? count + 1 : count;
    }
}
