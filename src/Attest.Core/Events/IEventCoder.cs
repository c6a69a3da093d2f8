using System.Collections.Immutable;
using Attest.Entities;
using Attest.Model;
using Attest.Syntax;

namespace Attest.Events;

/// <summary>Stage 4a: who did what to whom, CAMEO-coded, with the statement that carries each event.</summary>
public interface IEventCoder
{
    ImmutableArray<Event> Code(SyntaxLayer syntax, EntityLayer entities, ImmutableArray<Statement> statements);
}
