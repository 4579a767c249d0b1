using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Tests.TestSupport;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Cli.Tests;

/// <summary>The whole path with the real tiny model through the real scheduler: it never answers usefully, so its teams
/// end without an answer (their progress ledgers do not parse), but every layer runs. One llama.cpp thread: two spin
/// far slower on a loaded 2-core machine.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Experiment_OneTaskOneMethodOneRepetition_RunsStoresAndARerunSkipsIt()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "suite", "site"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "suite", "metadata.jsonl"),
            """{"task_id": "t1", "Question": "What is 2+2?", "Level": "1", "Final answer": "4", "file_name": ""}""" + "\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "suite", "site", "index.html"), "<html><head><title>Home</title></head><body>Two and two make four.</body></html>");
        var spec = Path.Combine(_dir, "tiny.yaml");
        await File.WriteAllTextAsync(spec, $"""
            name: tiny
            suite: {"{"} path: suite {"}"}
            timeouts: {"{"} run_seconds: 600 {"}"}
            backends:
              local: {"{"} kind: local, model: '{TestModels.StoriesChatMl}', context_tokens: 8192, sequences: 1, max_output_tokens: 8 {"}"}
            methods:
              - {"{"} name: single, kind: single, max_steps: 1, max_ledger_attempts: 2 {"}"}
            """);
        var work = Path.Combine(_dir, "work");

        var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", spec, "--work", work, "--threads", "1");

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("[1/1] single t1#1 wrong", output);
        Assert.Contains("batched scheduler, 1 sequences", error);
        var store = await ResultsStore.OpenAsync(Path.Combine(_dir, "results", "tiny.db"), CancellationToken.None);
        var record = Assert.Single(await store.ReadAsync("tiny", CancellationToken.None));
        Assert.Equal(RunOutcome.Completed, record.Outcome);
        Assert.Null(record.Answer);
        Assert.True(record.PromptTokens > 0, "the model's prompt tokens were metered");
        var team = Assert.Single(record.Teams);
        Assert.Equal("failed", team.Status);
        Assert.Contains("\"kind\":\"failed\"", record.EventsJson);
        Assert.True(File.Exists(Path.Combine(work, "tiny", "t1", "single-r1", "team-0", "transcript.txt")));

        var (again, againOutput, _) = await ExperimentsCliHarness.InvokeAsync(ExperimentCommand.Create(), "experiment", spec, "--work", work, "--threads", "1");

        Assert.Equal(0, again);
        Assert.Contains("done: 0 run now, 1 already stored", againOutput);
        Assert.Single(await store.ReadAsync("tiny", CancellationToken.None));
    }

    [Fact]
    public async Task Run_TwoTeamsOnTheLocalModel_ShowEventsAndEndWithoutAnAnswer()
    {
        var (exit, output, error) = await ExperimentsCliHarness.InvokeAsync(RunCommand.Create(),
            "run", "What is 2+2?", "--model", TestModels.StoriesChatMl, "--teams", "2", "--max-steps", "1", "--max-ledger-attempts", "2", "--max-output-tokens", "8",
            "--context-per-sequence", "4096", "--threads", "1", "--replans", "0", "--work", Path.Combine(_dir, "work"));

        Assert.True(exit == RunCommand.NoAnswer, $"exit {exit}\n{output}\n{error}");
        Assert.Contains("run Planned: 2 plans for 2 teams", output);
        Assert.Contains("team 0 TeamStarted", output);
        Assert.Contains("team 1 Failed", output);
        Assert.Contains("No answer: every team ended without one.", output);
        Assert.Contains("batched scheduler, 2 sequences", error);
        Assert.True(Directory.Exists(Path.Combine(_dir, "work", "team-1")));
    }
}
