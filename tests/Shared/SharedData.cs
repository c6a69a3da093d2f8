namespace Attest.Tests;

/// <summary>
/// Locates the project's <c>../shared</c> folder (corpora, gold files, reference data). Tests that need it call
/// <see cref="Require"/>, which skips the test with a clear message when the folder is absent (a user's clone).
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    public static string? Path => Root.Value;

    /// <summary>The full path of <paramref name="relative"/> under ../shared; skips the test when it is missing.</summary>
    public static string Require(string relative)
    {
        var root = Root.Value;
        Skip.If(root is null, "../shared is absent (set ATTEST_SHARED or clone beside it); test needs shared data");
        var full = System.IO.Path.Combine(root!, relative);
        Skip.IfNot(File.Exists(full) || Directory.Exists(full), $"../shared/{relative} is absent; test needs it");
        return full;
    }

    /// <summary>The repository root (the folder holding Attest.slnx).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Attest.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Attest.slnx) above " + AppContext.BaseDirectory);
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("ATTEST_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        var beside = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }
}
