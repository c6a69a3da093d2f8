using System.Collections.Immutable;
using Attest.Model;

namespace Attest.Disputes;

/// <summary>Statements and events after dispute linking: responds_to set, statuses updated, disputes listed.</summary>
public sealed record DisputeResult(ImmutableArray<Statement> Statements, ImmutableArray<Event> Events, ImmutableArray<Dispute> Disputes);

/// <summary>Stage 5: links claims to the statements that deny or support them within one document.</summary>
public interface IDisputeLinker
{
    DisputeResult Link(ImmutableArray<Statement> statements, ImmutableArray<Event> events);
}
