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
