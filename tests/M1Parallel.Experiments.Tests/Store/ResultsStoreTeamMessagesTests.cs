using M1Parallel.Aggregation;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace M1Parallel.Experiments.Tests.Store;

public sealed class ResultsStoreTeamMessagesTests : IDisposable
{
    private static readonly TeamMessage[] Messages = [new("user", "the task", false), new("Orchestrator", "FINAL ANSWER: 42", true)];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string StorePath => Path.Combine(_dir.Path, "r.db");

    private static RunRecord WithMessages(RunRecord run) => run with { Teams = [run.Teams[0] with { StopReason = "final answer", Messages = Messages }] };

    [Fact]
    public async Task SaveAsync_TeamMessages_AreKeptBesideTheRunAndReadOnlyOnRequest()
    {
        var store = await ResultsStore.OpenAsync(StorePath, CancellationToken.None);

        await store.SaveAsync(WithMessages(Records.Run()), CancellationToken.None);

        var team = Assert.Single(Assert.Single(await store.ReadAsync("exp", CancellationToken.None)).Teams);
        Assert.Null(team.Messages);
        Assert.Equal("final answer", team.StopReason);
        var kept = await store.ReadTeamMessagesAsync("exp", "single", CancellationToken.None);
        Assert.Equal(Messages, kept[Records.Run().Key][0]);
        Assert.DoesNotContain("the task", await TeamsColumnAsync());
    }

    [Fact]
    public async Task DeleteMethodRunsAsync_Method_DeletesItsTeamMessagesToo()
    {
        var store = await ResultsStore.OpenAsync(StorePath, CancellationToken.None);
        await store.SaveAsync(WithMessages(Records.Run()), CancellationToken.None);

        await store.DeleteMethodRunsAsync("exp", "single", CancellationToken.None);

        Assert.Empty(await store.ReadTeamMessagesAsync("exp", "single", CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_TeamsStoredBeforeStopReasonsAndMessagesWereKept_ReadWithNeither()
    {
        var store = await ResultsStore.OpenAsync(StorePath, CancellationToken.None);
        await store.SaveAsync(Records.Run(), CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """UPDATE runs SET teams_json = '[{"team":0,"status":"answered","answer":"42","latency_seconds":10,"steps":7,"prompt_tokens":1000,"completion_tokens":100}]';""";
            await command.ExecuteNonQueryAsync();
        }

        var team = Assert.Single(Assert.Single(await store.ReadAsync("exp", CancellationToken.None)).Teams);

        Assert.Equal(("42", null, null), (team.Answer, team.StopReason, team.Messages));
        Assert.Empty(await store.ReadTeamMessagesAsync("exp", "single", CancellationToken.None));
    }

    private async Task<string> TeamsColumnAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT teams_json FROM runs;";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
