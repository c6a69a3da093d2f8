using Attest.Pipeline;

namespace Attest.Cli;

/// <summary>The one analysis pipeline of a CLI process, built on first use (models load once) and shared by commands.</summary>
internal static class PipelineHost
{
    private static readonly Lazy<AnalysisPipeline> Shared = new(() => new AnalysisPipelineBuilder().Build(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static AnalysisPipeline Pipeline => Shared.Value;
}
