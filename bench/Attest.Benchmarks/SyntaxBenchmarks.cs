using BenchmarkDotNet.Attributes;
using Attest.Syntax;
using Attest.Text;

namespace Attest.Benchmarks;

/// <summary>
/// Syntax stage throughput on the first 500 sentences of EWT dev (gold tokens), with the embedded models.
/// Set ATTEST_SHARED to the shared folder when it is not beside the repository.
/// </summary>
[MemoryDiagnoser]
public class SyntaxBenchmarks
{
    private PerceptronSyntaxAnalyzer analyzer = null!;
    private TokenizedText text = null!;

    [GlobalSetup]
    public void Setup()
    {
        var shared = Environment.GetEnvironmentVariable("ATTEST_SHARED") ?? FindShared();
        var path = Path.Combine(shared, "corpora", "ud-english-ewt", "en_ewt-ud-dev.conllu");
        var sentences = ConlluReader.ReadFile(path).Take(500).ToList();
        text = SyntaxEvaluator.GoldTokens(sentences, 0, sentences.Count);
        analyzer = PerceptronSyntaxAnalyzer.LoadDefault();
    }

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared");
            if (File.Exists(Path.Combine(dir.FullName, "Attest.slnx")) && Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("cannot find ../shared; set ATTEST_SHARED");
    }

    [Benchmark]
    public SyntaxLayer Tag() => analyzer.Analyze(text, SyntaxSteps.Tag);

    [Benchmark]
    public SyntaxLayer TagLemmatize() => analyzer.Analyze(text, SyntaxSteps.Lemmatize);

    [Benchmark]
    public SyntaxLayer Pipeline() => analyzer.Analyze(text);

    [Benchmark]
    public PerceptronSyntaxAnalyzer LoadModels() => PerceptronSyntaxAnalyzer.Load(Path.Combine(FindRepo(), "models"));

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Attest.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root");
    }
}
