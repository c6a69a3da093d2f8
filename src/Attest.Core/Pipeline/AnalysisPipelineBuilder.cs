using Attest.Attribution;
using Attest.Disputes;
using Attest.Entities;
using Attest.Events;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Pipeline;

/// <summary>
/// Assembles an <see cref="AnalysisPipeline"/>. Every stage has a default (the shipped models and dictionaries);
/// replace any of them with <c>Use…</c>. The builder is mutable and single-threaded; the pipeline it builds is
/// immutable and safe to share across threads.
/// </summary>
public sealed class AnalysisPipelineBuilder
{
    private IDocumentCleaner? cleaner;
    private ITokenizer? tokenizer;
    private ISyntaxAnalyzer? syntax;
    private IEntityAnalyzer? entities;
    private IStatementExtractor? statements;
    private IEventCoder? events;
    private IDisputeLinker? disputes;

    public AnalysisPipelineBuilder UseCleaner(IDocumentCleaner value) { cleaner = value ?? throw new ArgumentNullException(nameof(value)); return this; }
    public AnalysisPipelineBuilder UseTokenizer(ITokenizer value) { tokenizer = value ?? throw new ArgumentNullException(nameof(value)); return this; }
    public AnalysisPipelineBuilder UseSyntax(ISyntaxAnalyzer value) { syntax = value ?? throw new ArgumentNullException(nameof(value)); return this; }
    public AnalysisPipelineBuilder UseEntities(IEntityAnalyzer value) { entities = value ?? throw new ArgumentNullException(nameof(value)); return this; }
    public AnalysisPipelineBuilder UseStatements(IStatementExtractor value) { statements = value ?? throw new ArgumentNullException(nameof(value)); return this; }
    public AnalysisPipelineBuilder UseEvents(IEventCoder value) { events = value ?? throw new ArgumentNullException(nameof(value)); return this; }
    public AnalysisPipelineBuilder UseDisputes(IDisputeLinker value) { disputes = value ?? throw new ArgumentNullException(nameof(value)); return this; }

    public AnalysisPipeline Build() => new(
        cleaner ?? NewsCleaner.Default,
        tokenizer ?? NewsTokenizer.Default,
        syntax ?? PerceptronSyntaxAnalyzer.LoadDefault(),
        entities ?? DictionaryEntityAnalyzer.CreateDefault(),
        statements ?? new CueStatementExtractor(),
        events ?? new PatternEventCoder(),
        disputes ?? new DisputeLinker());
}
