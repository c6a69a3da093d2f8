using System.Diagnostics;

namespace Attest.Tests;

/// <summary><c>ATTEST_MODELS=DIR</c> with models that cannot be loaded: one line naming the directory, exit code 2.
/// Run as a child process, since the CLI builds its pipeline once per process.</summary>
public sealed class ModelsEnvironmentTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("attest-models-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private (int Code, string Out, string Error) RunWithModels(string models)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "attest.dll"));
        start.ArgumentList.Add("analyze");
        start.ArgumentList.Add("-");
        start.Environment["ATTEST_MODELS"] = models;
        using var p = Process.Start(start)!;
        p.StandardInput.Write("Kenya closed its border with Somalia on Monday.");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "attest did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void A_corrupt_model_file_is_one_error_line_naming_the_directory_with_exit_code_2()
    {
        File.WriteAllText(Path.Combine(dir, "tagger.bin"), "not a model");
        var (code, output, error) = RunWithModels(dir);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"attest: ATTEST_MODELS={dir}: ", line, StringComparison.Ordinal);
        Assert.Contains("tagger.bin", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_directory_is_one_error_line_with_exit_code_2()
    {
        var (code, _, error) = RunWithModels(Path.Combine(dir, "nope"));
        Assert.Equal(2, code);
        Assert.StartsWith("attest: ATTEST_MODELS=", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
