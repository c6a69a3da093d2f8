namespace Attest.Storage;

/// <summary>One event as returned by <see cref="IAnalysisStore.QueryEvents"/>, with the document it came from.</summary>
public sealed record StoredEvent
{
    public required string DocumentId { get; init; }
    /// <summary>Path or URL of the document, or null (standard input).</summary>
    public string? DocumentSource { get; init; }
    public string? DocumentDate { get; init; }
    public required string Id { get; init; }
    /// <summary>The event's own date (partial ISO), or null when only the document date is known.</summary>
    public string? Date { get; init; }
    public required string SourceText { get; init; }
    public string? SourceCode { get; init; }
    /// <summary>Canonical name of the resolved source actor, or null.</summary>
    public string? SourceName { get; init; }
    public string? TargetText { get; init; }
    public string? TargetCode { get; init; }
    public string? TargetName { get; init; }
    public required string Cameo { get; init; }
    public required string Root { get; init; }
    public double? Goldstein { get; init; }
    public int? QuadClass { get; init; }
    public string? Plover { get; init; }
    public required string Status { get; init; }
    public bool Negated { get; init; }
    public required string Trigger { get; init; }
    /// <summary>The sentence holding the trigger, or null when the sentence index is out of range.</summary>
    public string? Sentence { get; init; }
}

/// <summary>One attributed statement as returned by <see cref="IAnalysisStore.QueryStatements"/>.</summary>
public sealed record StoredStatement
{
    public required string DocumentId { get; init; }
    public string? DocumentSource { get; init; }
    public string? DocumentDate { get; init; }
    public required string Id { get; init; }
    public required string SpeakerText { get; init; }
    public string? SpeakerCode { get; init; }
    /// <summary>Canonical name of the resolved speaker actor, or null.</summary>
    public string? SpeakerName { get; init; }
    public required string Cue { get; init; }
    public required string Stance { get; init; }
    public required string Form { get; init; }
    public bool Hedged { get; init; }
    public required string Content { get; init; }
    /// <summary>Intermediaries the statement was reported through ("according to …"), in order.</summary>
    public IReadOnlyList<string> Via { get; init; } = [];
    public string? RespondsTo { get; init; }
}

/// <summary>One side of a <see cref="StoredDispute"/>: a statement with its speaker and its document.</summary>
public sealed record StoredDisputeSide
{
    public required string DocumentId { get; init; }
    public string? DocumentTitle { get; init; }
    public string? DocumentSource { get; init; }
    public string? DocumentDate { get; init; }
    public required string StatementId { get; init; }
    public required string SpeakerText { get; init; }
    public string? SpeakerCode { get; init; }
    public string? SpeakerName { get; init; }
    public required string Stance { get; init; }
    public required string Cue { get; init; }
    public required string Content { get; init; }
}

/// <summary>A claim and one statement denying it, as returned by <see cref="IAnalysisStore.QueryDisputes"/>.</summary>
public sealed record StoredDispute
{
    /// <summary><c>document</c> (claim and denial in one article, found by the analysis) or <c>cross-document</c> (found by linking).</summary>
    public required string Scope { get; init; }
    public required StoredDisputeSide Claim { get; init; }
    public required StoredDisputeSide Denial { get; init; }
    /// <summary>What matched, e.g. <c>actors:code</c>, <c>stance:assert/deny</c>, <c>dates:2d</c>, <c>content:0.71</c>; empty for <c>document</c> disputes.</summary>
    public IReadOnlyList<string> Matched { get; init; } = [];
    /// <summary>Cosine similarity of the two contents (cross-document only).</summary>
    public double? Similarity { get; init; }
    /// <summary>Actor codes (or countries, see <see cref="ActorMatch"/>) both sides share (cross-document only).</summary>
    public IReadOnlyList<string> SharedActors { get; init; } = [];
    /// <summary><c>code</c> or <c>country</c> (cross-document only).</summary>
    public string? ActorMatch { get; init; }
    /// <summary>Days between the two documents' dates, or null when unknown or within one document.</summary>
    public int? DateGapDays { get; init; }
    /// <summary>The embedding model that found the link (cross-document only).</summary>
    public string? Model { get; init; }
}
