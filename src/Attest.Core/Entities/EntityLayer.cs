using System.Collections.Immutable;
using Attest.Model;
using Attest.Syntax;

namespace Attest.Entities;

/// <summary>How a mention refers to its actor.</summary>
public enum MentionKind : byte
{
    Name,
    ShortName,
    Metonym,
    Demonym,
    Description,
    Pronoun,
    /// <summary>A place of its country that is no actor by itself (a city: "Basra" for IRQ); never an event's source.</summary>
    Place,
}

/// <summary>A stretch of text resolved to one actor of the document.</summary>
public sealed record ActorMention(int Start, int End, string Text, string ActorId, MentionKind Kind)
{
    /// <summary>The CAMEO code of this mention, which may be more specific than the actor's (USAGOV for "U.S. officials").</summary>
    public string? Code { get; init; }
}

/// <summary>Entities, actors and their mentions for one document (the output of stage 3).</summary>
public sealed class EntityLayer
{
    private readonly ImmutableArray<ActorMention> mentions;
    private readonly Dictionary<string, Actor> actorsById;

    public EntityLayer(ImmutableArray<EntityMention> entities, ImmutableArray<Actor> actors, ImmutableArray<ActorMention> mentions, string? documentDate)
    {
        Entities = entities.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        Actors = actors;
        this.mentions = mentions.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        actorsById = actors.ToDictionary(a => a.Id, StringComparer.Ordinal);
        DocumentDate = documentDate;
    }

    public ImmutableArray<EntityMention> Entities { get; }
    public ImmutableArray<Actor> Actors { get; }
    /// <summary>Every resolved mention, sorted by start.</summary>
    public ImmutableArray<ActorMention> Mentions => mentions;
    /// <summary>The document date the layer resolved relative expressions against (partial ISO), if any.</summary>
    public string? DocumentDate { get; }

    /// <summary>
    /// The dateline opening the text ("BASRA, Iraq —", "SEOUL, Nov. 28 (Reuters) -"), dash included, or null. Its
    /// places set the document's main country; its date dates the report, not the events.
    /// </summary>
    public Span? Dateline { get; init; }

    /// <summary>
    /// The country the document is about (ISO alpha-3): that of the dateline's place, else the country named most often
    /// (by itself, its capital, cities, adjective or people; ties go to the first named); null when none is named. Role
    /// nouns without a country ("the ministry", "police") are coded with it.
    /// </summary>
    public string? MainCountry { get; init; }

    /// <summary>Whether [start, end) lies inside the dateline (a dateline's place or date mention).</summary>
    public bool InDateline(int start, int end) => Dateline is { } d && start >= d.Start && end <= d.End;

    public Actor? ActorById(string? id) => id is not null && actorsById.TryGetValue(id, out var a) ? a : null;

    /// <summary>Mentions lying wholly inside [start, end).</summary>
    public IEnumerable<ActorMention> MentionsWithin(int start, int end)
    {
        foreach (var m in mentions)
        {
            if (m.Start >= end) yield break;
            if (m.Start >= start && m.End <= end) yield return m;
        }
    }

    /// <summary>The longest mention overlapping [start, end), or null.</summary>
    public ActorMention? MentionOverlapping(int start, int end)
    {
        ActorMention? best = null;
        foreach (var m in mentions)
        {
            if (m.Start >= end) break;
            if (m.End > start && (best is null || m.End - m.Start > best.End - best.Start)) best = m;
        }
        return best;
    }

    /// <summary>DATE entities lying wholly inside [start, end) (a sentence, a clause), in text order.</summary>
    public IEnumerable<EntityMention> DatesWithin(int start, int end)
    {
        foreach (var e in Entities)
        {
            if (e.Start >= end) yield break;
            if (e.Type == "DATE" && e.Start >= start && e.End <= end) yield return e;
        }
    }

    /// <summary>
    /// The normalised value (partial ISO) of the DATE entity in [start, end) closest to <paramref name="near"/>
    /// (a trigger position), or null when the range holds no dated expression.
    /// </summary>
    public string? DateValueWithin(int start, int end, int near)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var e in DatesWithin(start, end))
        {
            if (e.Value is null) continue;
            int d = near < e.Start ? e.Start - near : near >= e.End ? near - e.End + 1 : 0;
            if (d < bestDistance)
            {
                best = e.Value;
                bestDistance = d;
            }
        }
        return best;
    }

    public ActorRef ToRef(ActorMention mention) => new(mention.Text, mention.Start, mention.End)
    {
        Actor = mention.ActorId,
        Code = mention.Code ?? ActorById(mention.ActorId)?.Code,
    };
}

/// <summary>Stage 3: finds entities, resolves them to actors, links coreferent mentions, normalises dates.</summary>
public interface IEntityAnalyzer
{
    EntityLayer Analyze(SyntaxLayer syntax, string? documentDate);
}
