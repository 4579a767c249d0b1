using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Tests.TestSupport;

namespace M1Parallel.Cli.Tests;

/// <summary>Every spec in <c>experiments/paper/</c> passes <c>m1p experiment --dry-run</c> once GAIA's validation folder
/// is in place (a stand-in with one task per level here: GAIA itself is not shipped).</summary>
public sealed class PaperSpecsDryRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-paper-").FullName;

    public PaperSpecsDryRunTests()
    {
        // The specs' suite path is ../suites/gaia-validation, relative to experiments/paper/.
        var suite = Path.Combine(_dir, "suites", "gaia-validation");
        Directory.CreateDirectory(suite);
        Directory.CreateDirectory(Path.Combine(_dir, "paper"));
        File.WriteAllLines(Path.Combine(suite, "metadata.jsonl"),
        [
            """{"task_id": "l1", "Question": "Capital of France?", "Level": "1", "Final answer": "Paris", "file_name": ""}""",
            """{"task_id": "l2", "Question": "2+2?", "Level": "2", "Final answer": "4", "file_name": ""}""",
            """{"task_id": "l3", "Question": "3*3?", "Level": "3", "Final answer": "9", "file_name": ""}""",
        ]);
    }

    public static TheoryData<string> PaperSpecs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(TestModels.RepoRoot, "experiments", "paper"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(PaperSpecs))]
    public async Task Experiment_DryRunOnAPaperSpec_ValidatesItAndPlansItsRuns(string file)
    {
        var spec = Path.Combine(_dir, "paper", file);
        File.Copy(Path.Combine(TestModels.RepoRoot, "experiments", "paper", file), spec);

        var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", spec, "--dry-run");

        Assert.True(exit == 0, $"{file}: exit {exit}: {error}");
        Assert.Contains($"experiment {Path.GetFileNameWithoutExtension(file)}:", output);
        Assert.Contains("dry run: 0 runs already stored", output);
        if (File.ReadAllText(spec).Contains("kind: local", StringComparison.Ordinal))
        {
            // Planned from the header when the model is downloaded, else from the catalog's size and layout.
            Assert.Contains("memory plan of backend 'qwen3-32b' (Qwen3-32B-Q4_K_M.gguf, qwen3):", output);
            Assert.Contains(" sequences × 32,768 tokens", output);
        }
    }

    [Fact]
    public async Task Experiment_DryRunBeforeTheSuiteIsInPlace_WarnsAndStillChecksTheSpecAndPlansItsMemory()
    {
        var elsewhere = Directory.CreateTempSubdirectory("m1p-paper-nosuite-").FullName;
        try
        {
            var spec = Path.Combine(elsewhere, "fig5-main-comparison.yaml");
            File.Copy(Path.Combine(TestModels.RepoRoot, "experiments", "paper", "fig5-main-comparison.yaml"), spec);

            var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", spec, "--dry-run");
            var (runExit, _, runError) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", spec);

            Assert.True(exit == 0, error);
            Assert.Contains("warning: the suite folder", error);
            Assert.Contains("does not exist yet", error);
            Assert.Contains("memory plan of backend 'qwen3-32b'", output);
            Assert.Contains("methods: single, early-stop-3, aggregate-3", output);
            Assert.Equal(2, runExit);
            Assert.Contains("error: Suite folder", runError);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task Experiment_DryRunWithABrokenSpec_StillFailsWhateverTheSuite()
    {
        var spec = Path.Combine(_dir, "paper", "broken.yaml");
        File.WriteAllText(spec, File.ReadAllText(Path.Combine(TestModels.RepoRoot, "experiments", "paper", "fig5-main-comparison.yaml"))
            .Replace("repetitions: 5", "repetitions: 0", StringComparison.Ordinal));

        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", spec, "--dry-run");

        Assert.Equal(2, exit);
        Assert.Contains("repetitions", error);
    }
}
