using System.Collections.Immutable;

namespace Attest.Model;

/// <summary>
/// One analysed document: the JSON form of this type is exactly <c>spec/analysis.schema.json</c>
/// (<c>attest.analysis/1</c>). All offsets are UTF-16 indexes into <see cref="DocumentInfo.Text"/>,
/// start inclusive, end exclusive.
/// </summary>
public sealed record Analysis
{
    public const string SchemaId = "attest.analysis/1";

    public string Schema { get; init; } = SchemaId;
    public required DocumentInfo Document { get; init; }
    public ImmutableArray<SentenceSpan> Sentences { get; init; } = [];
    public ImmutableArray<EntityMention> Entities { get; init; } = [];
    public ImmutableArray<Actor> Actors { get; init; } = [];
    public ImmutableArray<Statement> Statements { get; init; } = [];
    public ImmutableArray<Event> Events { get; init; } = [];
    public ImmutableArray<Dispute> Disputes { get; init; } = [];

    /// <summary>Non-fatal problems met while reading or analysing the input (an extension to the schema).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}

public sealed record DocumentInfo
{
    public required string Id { get; init; }
    public string? Title { get; init; }
    /// <summary>Partial ISO date (2019, 2019-01, 2019-01-14) or null.</summary>
    public string? Date { get; init; }
    public string? Source { get; init; }
    public required string Text { get; init; }
    public ImmutableArray<RemovedText> Removed { get; init; } = [];
}

/// <summary>Kinds of text that cleaning takes out of the body.</summary>
public static class RemovedKind
{
    public const string Title = "title";
    public const string Subtitle = "subtitle";
    public const string Caption = "caption";
    public const string Credit = "credit";
    public const string Byline = "byline";
    public const string Boilerplate = "boilerplate";
    public const string Duplicate = "duplicate";
}

public sealed record RemovedText(string Kind, string Text);

public sealed record SentenceSpan(int Start, int End);

/// <summary>A piece of document text: <c>text == document.text[start..end]</c>.</summary>
public sealed record Span(string Text, int Start, int End);

public sealed record EntityMention(string Text, int Start, int End, string Type)
{
    public string? Actor { get; init; }
    public string? Value { get; init; }
}

public static class ActorKind
{
    public const string Person = "person";
    public const string Group = "group";
    public const string Country = "country";
    public const string Organization = "organization";
    public const string Unknown = "unknown";
}

public sealed record Actor
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Code { get; init; }
    public string? Country { get; init; }
    public string Kind { get; init; } = ActorKind.Unknown;
    public ImmutableArray<Span> Mentions { get; init; } = [];
}

/// <summary>A mention that points at an actor (speaker, event source or target).</summary>
public sealed record ActorRef(string Text, int Start, int End)
{
    public string? Actor { get; init; }
    public string? Code { get; init; }
}

public sealed record Cue(string Text, int Start, int End, string Lemma);

public sealed record StatementContent(string Text, ImmutableArray<ImmutableArray<int>> Spans);

public static class StatementForm
{
    public const string Direct = "direct";
    public const string Indirect = "indirect";
    public const string Mixed = "mixed";
}

public static class Stance
{
    public const string Assert = "assert";
    public const string Deny = "deny";
}

public sealed record Statement
{
    public required string Id { get; init; }
    public required ActorRef Speaker { get; init; }
    public required Cue Cue { get; init; }
    public required StatementContent Content { get; init; }
    public required string Form { get; init; }
    public required string Stance { get; init; }
    public bool Hedged { get; init; }
    public ImmutableArray<Span> Via { get; init; } = [];
    public string? RespondsTo { get; init; }
}

public static class EventStatus
{
    public const string Reported = "reported";
    public const string Claimed = "claimed";
    public const string Denied = "denied";
    public const string Disputed = "disputed";
    public const string Hypothetical = "hypothetical";
}

public sealed record Location(string Text, int Start, int End)
{
    public string? Country { get; init; }
}

public sealed record Quantity(double Value, string Unit);

public sealed record Event
{
    public required string Id { get; init; }
    public required ActorRef Source { get; init; }
    public ActorRef? Target { get; init; }
    public required string Cameo { get; init; }
    public required string Root { get; init; }
    public string? Plover { get; init; }
    public double? Goldstein { get; init; }
    public int? QuadClass { get; init; }
    public required Span Trigger { get; init; }
    public string? Date { get; init; }
    public Location? Location { get; init; }
    public bool Negated { get; init; }
    public required string Status { get; init; }
    public string? Statement { get; init; }
    public Quantity? Quantity { get; init; }
    public int Sentence { get; init; }
}

public sealed record Dispute(string Claim, ImmutableArray<string> DeniedBy)
{
    public ImmutableArray<string> SupportedBy { get; init; } = [];
}
