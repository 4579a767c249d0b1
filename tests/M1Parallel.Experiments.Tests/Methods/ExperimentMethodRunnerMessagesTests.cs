using M1Parallel.Experiments.Methods;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Experiments.Tests.TestSupport;
using M1Parallel.Routing;
using Microsoft.Extensions.AI;

namespace M1Parallel.Experiments.Tests.Methods;

public sealed class ExperimentMethodRunnerMessagesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ExperimentMethodRunnerMessagesTests() =>
        _dir.File("suite/metadata.jsonl", """{"task_id": "t1", "Question": "What is 6 times 7?", "Level": "1", "Final answer": "42", "file_name": ""}""" + "\n");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_StoredRun_KeepsEachTeamsMessagesAndStopReasonForReaggregation()
    {
        var spec = ExperimentSpecLoader.Parse(
            """
            name: messages-test
            suite: { path: suite }
            repetitions: 1
            backends: { local: { kind: local, model: m.gguf } }
            methods:
              - { name: par2, kind: aggregate, teams: 2, k: 2, aggregator: majority, max_steps: 3 }
            """,
            Path.Combine(_dir.Path, "spec.yaml"));
        var store = await ResultsStore.OpenAsync(Path.Combine(_dir.Path, "r.db"), CancellationToken.None);
        await using var runner = (IAsyncDisposable)new ExperimentMethodRunnerFactory(new OneBackend(new ScriptedModel())).Create(spec);

        await new ExperimentRunner(store, (IMethodRunner)runner, TimeProvider.System)
            .RunAsync(spec, GaiaSuite.Load(Path.Combine(_dir.Path, "suite")), false, null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(120));

        var run = Assert.Single(await store.ReadAsync("messages-test", CancellationToken.None));
        Assert.All(run.Teams, t => Assert.StartsWith("final answer", t.StopReason));
        var teams = (await store.ReadTeamMessagesAsync("messages-test", "par2", CancellationToken.None))[run.Key];
        Assert.Equal([0, 1], teams.Keys.Order());
        Assert.All(teams.Values, messages =>
        {
            Assert.Equal(("user", "What is 6 times 7?"), (messages[0].Source, messages[0].Text));
            Assert.Contains(messages, m => m.FromOrchestrator && m.Text.Contains("FINAL ANSWER: 42", StringComparison.Ordinal));
        });
    }

    private sealed class OneBackend(IChatClient client) : IBackendClientProvider
    {
        public IChatClient GetClient(string backendName) => client;
    }
}
