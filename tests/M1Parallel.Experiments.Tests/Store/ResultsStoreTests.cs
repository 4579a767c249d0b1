using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Store;

public sealed class ResultsStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<ResultsStore> OpenAsync() => ResultsStore.OpenAsync(Path.Combine(_dir.Path, "sub", "results.db"), CancellationToken.None);

    [Fact]
    public async Task Open_NewFile_CreatesItInWalMode()
    {
        var store = await OpenAsync();

        Assert.True(File.Exists(store.Path));
        Assert.Equal("wal", await store.GetJournalModeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Save_ThenRead_RoundTripsEveryField()
    {
        var store = await OpenAsync();
        var record = Records.Run() with { Answer = "a \"quoted\", answer", CostUsd = 0.125 };

        Assert.True(await store.SaveAsync(record, CancellationToken.None));
        var read = Assert.Single(await store.ReadAsync("exp", CancellationToken.None));

        Assert.Equal(record with { Teams = read.Teams }, read);
        var team = Assert.Single(read.Teams);
        Assert.Equal(record.Teams[0] with { Timeline = team.Timeline }, team);
        Assert.Equal(record.Teams[0].Timeline, team.Timeline);
    }

    [Fact]
    public async Task Open_StoreWrittenBeforeTokensWereKeptApart_OpensReadsItsRunsWithoutThemAndTakesNewOnes()
    {
        var path = Path.Combine(_dir.Path, "old.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText =
                """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta VALUES ('schema_version', '1');
                CREATE TABLE runs (experiment TEXT NOT NULL, task_id TEXT NOT NULL, method TEXT NOT NULL, repetition INTEGER NOT NULL,
                    level INTEGER NOT NULL, answer TEXT, solved INTEGER NOT NULL, latency_s REAL NOT NULL, prompt_tokens INTEGER NOT NULL,
                    completion_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, teams_json TEXT NOT NULL, events_json TEXT NOT NULL,
                    started_at TEXT NOT NULL, finished_at TEXT NOT NULL, outcome TEXT NOT NULL, error TEXT,
                    PRIMARY KEY (experiment, task_id, method, repetition));
                INSERT INTO runs VALUES ('exp', 'old', 'single', 1, 1, '42', 1, 12.5, 1000, 100, 0, '[]', '[]',
                    '2025-07-01T12:00:00.0000000+00:00', '2025-07-01T12:00:13.0000000+00:00', 'completed', NULL);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = await ResultsStore.OpenAsync(path, CancellationToken.None);
        await store.SaveAsync(Records.Run("new"), CancellationToken.None);

        var read = await store.ReadAsync("exp", CancellationToken.None);
        Assert.Equal(["new", "old"], read.Select(r => r.TaskId));
        Assert.Null(read[1].Tokens);
        Assert.Equal(1000, read[1].PromptTokens);
        Assert.Equal(Records.Run("new").Tokens, read[0].Tokens);
    }

    [Fact]
    public async Task Save_SameKeyTwice_KeepsTheFirstRecordOnly()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Records.Run(latency: 10), CancellationToken.None);

        var written = await store.SaveAsync(Records.Run(latency: 99), CancellationToken.None);

        Assert.False(written);
        Assert.Equal(10, Assert.Single(await store.ReadAsync("exp", CancellationToken.None)).LatencySeconds);
    }

    [Fact]
    public async Task Save_OverAnErroredRun_ReplacesIt()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Records.Run() with { Outcome = RunOutcome.Error, Error = "backend down", Solved = false }, CancellationToken.None);

        Assert.True(await store.SaveAsync(Records.Run(), CancellationToken.None));

        var read = Assert.Single(await store.ReadAsync("exp", CancellationToken.None));
        Assert.Equal(RunOutcome.Completed, read.Outcome);
        Assert.Null(read.Error);
    }

    [Fact]
    public async Task GetFinishedKeys_WithRetryErrors_LeavesErroredRunsOut()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Records.Run(repetition: 1), CancellationToken.None);
        await store.SaveAsync(Records.Run(repetition: 2) with { Outcome = RunOutcome.TimedOut }, CancellationToken.None);
        await store.SaveAsync(Records.Run(repetition: 3) with { Outcome = RunOutcome.Error, Error = "x" }, CancellationToken.None);
        await store.SaveAsync(Records.Run(repetition: 1, experiment: "other"), CancellationToken.None);

        var retrying = await store.GetFinishedKeysAsync("exp", retryErrors: true, CancellationToken.None);
        var keeping = await store.GetFinishedKeysAsync("exp", retryErrors: false, CancellationToken.None);

        Assert.Equal([1, 2], retrying.Select(k => k.Repetition).Order());
        Assert.Equal([1, 2, 3], keeping.Select(k => k.Repetition).Order());
    }

    [Fact]
    public async Task Read_AllExperiments_OrdersByExperimentMethodTaskRepetition()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Records.Run(task: "b", experiment: "y"), CancellationToken.None);
        await store.SaveAsync(Records.Run(task: "b", method: "early"), CancellationToken.None);
        await store.SaveAsync(Records.Run(task: "a", repetition: 2), CancellationToken.None);
        await store.SaveAsync(Records.Run(task: "a", repetition: 1), CancellationToken.None);

        var all = await store.ReadAsync(null, CancellationToken.None);

        Assert.Equal(["exp/early/b#1", "exp/single/a#1", "exp/single/a#2", "y/single/b#1"], all.Select(r => r.Key.ToString()));
        Assert.Equal(["exp", "y"], await store.ListExperimentsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Open_TwiceOnTheSameFile_KeepsEarlierRuns()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Records.Run(), CancellationToken.None);

        var reopened = await OpenAsync();

        Assert.Single(await reopened.ReadAsync("exp", CancellationToken.None));
    }
}
