using Attest.Model;
using Attest.Pipeline;
using Attest.Text;

namespace Attest.Tests;

/// <summary>The default pipeline, built once for all tests (models load once).</summary>
internal static class PipelineFixture
{
    private static readonly Lazy<AnalysisPipeline> Shared = new(() => new AnalysisPipelineBuilder().Build());

    public static AnalysisPipeline Pipeline => Shared.Value;

    /// <summary>Analyses a body text (no headline) written as plain paragraphs.</summary>
    public static Analysis Analyze(string body, string date = "2020-05-20") =>
        Pipeline.Analyze(new SourceDocument("Test headline\n\n" + body, "test", InputFormat.PlainText), new AnalyzeOptions { DocumentDate = date });
}
