using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Attest.Attribution;
using Attest.Disputes;
using Attest.Entities;
using Attest.Events;
using Attest.Model;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Pipeline;

/// <summary>Per-call options of <see cref="AnalysisPipeline.Analyze"/>.</summary>
public sealed record AnalyzeOptions
{
    /// <summary>Publication date given by the caller (partial ISO); wins over any date found in the source.</summary>
    public string? DocumentDate { get; init; }
}

/// <summary>
/// The immutable, thread-safe chain of stages Text → Syntax → Entities → Attribution → Events → Disputes.
/// Build one with <see cref="AnalysisPipelineBuilder"/> and share it; <see cref="Analyze"/> keeps no state between calls.
/// </summary>
public sealed class AnalysisPipeline
{
    internal AnalysisPipeline(IDocumentCleaner cleaner, ITokenizer tokenizer, ISyntaxAnalyzer syntax, IEntityAnalyzer entities,
        IStatementExtractor statements, IEventCoder events, IDisputeLinker disputes)
    {
        Cleaner = cleaner;
        Tokenizer = tokenizer;
        Syntax = syntax;
        Entities = entities;
        Statements = statements;
        Events = events;
        Disputes = disputes;
    }

    public IDocumentCleaner Cleaner { get; }
    public ITokenizer Tokenizer { get; }
    public ISyntaxAnalyzer Syntax { get; }
    public IEntityAnalyzer Entities { get; }
    public IStatementExtractor Statements { get; }
    public IEventCoder Events { get; }
    public IDisputeLinker Disputes { get; }

    public Analysis Analyze(SourceDocument source, AnalyzeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new AnalyzeOptions();
        if (options.DocumentDate is { } given && !PartialDate.IsValid(given))
            throw new ArgumentException($"document date '{given}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", nameof(options));

        var cleaned = Cleaner.Clean(source);
        var tokens = Tokenizer.Tokenize(cleaned.Text);
        var syntax = Syntax.Analyze(tokens);
        var date = options.DocumentDate ?? cleaned.PublishedDate;
        var entities = Entities.Analyze(syntax, date);
        var statements = Statements.Extract(syntax, entities);
        var events = Events.Code(syntax, entities, statements);
        var linked = Disputes.Link(statements, events);

        var warnings = source.Warnings.AddRange(cleaned.Warnings);
        if (date is null && entities.DocumentDate is { } inferred)
            warnings = warnings.Add($"document date {inferred} was inferred from the text; pass --date to set it");

        var sentences = ImmutableArray.CreateBuilder<SentenceSpan>(tokens.SentenceCount);
        foreach (var s in tokens.Sentences) sentences.Add(new SentenceSpan(s.Start, s.End));

        return new Analysis
        {
            Document = new DocumentInfo
            {
                Id = DocumentId(cleaned.Text),
                Title = cleaned.Title,
                Date = date ?? entities.DocumentDate,
                Source = source.Source,
                Text = cleaned.Text,
                Removed = cleaned.Removed,
            },
            Sentences = sentences.MoveToImmutable(),
            Entities = entities.Entities,
            Actors = entities.Actors,
            Statements = linked.Statements,
            Events = linked.Events,
            Disputes = linked.Disputes,
            Warnings = warnings,
        };
    }

    /// <summary>The stable id of a document: the first 128 bits of the SHA-256 of its cleaned text, in hex.</summary>
    public static string DocumentId(string cleanedText)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(cleanedText), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
