using System.Collections.Immutable;
using Attest.Entities;
using Attest.Model;
using Attest.Syntax;

namespace Attest.Attribution;

/// <summary>Stage 4b: who said what — quotes, reported speech, denials, with speakers resolved through the actor layer.</summary>
public interface IStatementExtractor
{
    ImmutableArray<Statement> Extract(SyntaxLayer syntax, EntityLayer entities);
}
