using System.Text.Json;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace M1Parallel.Experiments.Tests.Store;

/// <summary>A finished run the store cannot take is kept in the pending file beside it and stored at the next open.</summary>
public sealed class ResultsStorePendingTests : IDisposable
{
    private static readonly ResultsStoreOptions ShortWait = new() { BusyTimeout = TimeSpan.FromSeconds(1) };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string DbPath => Path.Combine(_dir.Path, "results.db");

    private Task<ResultsStore> OpenAsync(ResultsStoreOptions? options = null) => ResultsStore.OpenAsync(DbPath, options ?? ShortWait, CancellationToken.None);

    /// <summary>Another process's writer: holds the database's write lock until disposed.</summary>
    private async Task<SqliteConnection> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private static string Json(RunRecord record) => JsonSerializer.Serialize(record with { Teams = [.. record.Teams] });

    [Fact]
    public async Task Save_StoreLockedPastTheBusyTimeout_KeepsTheRunInThePendingFileAndSaysWhereAndWhy()
    {
        var store = await OpenAsync();
        await store.SaveAsync(Records.Run(task: "t0"), CancellationToken.None);
        var record = Records.Run(task: "t1");

        ResultsStoreWriteException error;
        await using (await HoldWriteLockAsync())
        {
            error = await Assert.ThrowsAsync<ResultsStoreWriteException>(() => store.SaveAsync(record, CancellationToken.None));
        }

        Assert.Contains(store.PendingPath, error.Message);
        Assert.Contains("t1 / single / repetition 1", error.Message);
        Assert.Contains("write lock", error.Message);
        Assert.Single(await File.ReadAllLinesAsync(store.PendingPath));
        Assert.Equal(["t0"], (await store.ReadAsync("exp", CancellationToken.None)).Select(r => r.TaskId)); // what was stored is intact
    }

    [Fact]
    public async Task Open_AfterARunWasKeptPending_StoresItOnceWithEveryFieldAndRemovesThePendingFile()
    {
        var store = await OpenAsync();
        var record = Records.Run(task: "t1") with { Answer = "a \"quoted\", answer", CostUsd = 0.125 };
        await using (await HoldWriteLockAsync())
        {
            await Assert.ThrowsAsync<ResultsStoreWriteException>(() => store.SaveAsync(record, CancellationToken.None));
        }

        var reopened = await OpenAsync();

        Assert.Equal(1, reopened.RecoveredRuns);
        Assert.Empty(reopened.RecoveryProblems);
        Assert.False(File.Exists(reopened.PendingPath));
        var read = Assert.Single(await reopened.ReadAsync("exp", CancellationToken.None));
        Assert.Equal(Json(record), Json(read));
        Assert.False(await reopened.SaveAsync(record, CancellationToken.None)); // the key is taken: never stored twice
        Assert.Equal(0, (await OpenAsync()).RecoveredRuns);
    }

    [Fact]
    public async Task Save_LockReleasedWithinTheBusyTimeout_StoresTheRunAndKeepsNothingPending()
    {
        var store = await OpenAsync(new ResultsStoreOptions { BusyTimeout = TimeSpan.FromSeconds(30) });
        var holder = await HoldWriteLockAsync();
        // Microsoft.Data.Sqlite waits for a lock synchronously, so the save runs on another thread.
        var save = Task.Run(() => store.SaveAsync(Records.Run(task: "t1"), CancellationToken.None));
        await Task.Delay(200); // the save is now waiting for the lock (or has not started: either way it gets it below)
        await holder.DisposeAsync();

        Assert.True(await save);
        Assert.False(File.Exists(store.PendingPath));
        Assert.Single(await store.ReadAsync("exp", CancellationToken.None));
    }

    [Fact]
    public async Task Open_PendingFileWithATruncatedLastLine_RecoversTheGoodRunsAndNamesTheBadLine()
    {
        var store = await OpenAsync();
        var good = JsonSerializer.Serialize(Records.Run(task: "t1"), new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        });
        await File.WriteAllTextAsync(store.PendingPath, good + "\n" + good[..(good.Length / 2)] + "\n");

        var reopened = await OpenAsync();

        Assert.Equal(1, reopened.RecoveredRuns);
        var problem = Assert.Single(reopened.RecoveryProblems);
        Assert.Contains($"{store.PendingPath}:2:", problem);
        Assert.Equal("t1", Assert.Single(await reopened.ReadAsync("exp", CancellationToken.None)).TaskId);
        Assert.False(File.Exists(store.PendingPath));
        Assert.True(File.Exists(store.PendingPath + ".unreadable"), "the unreadable line is kept aside, not deleted");
    }

    [Fact]
    public async Task Save_PendingFileEndingInALineCutShort_KeepsTheNewRunOnALineOfItsOwn()
    {
        var store = await OpenAsync();
        await File.WriteAllTextAsync(store.PendingPath, "{\"experiment\": \"exp\", \"task_id\": \"t0"); // a crash mid-append
        await using (await HoldWriteLockAsync())
        {
            await Assert.ThrowsAsync<ResultsStoreWriteException>(() => store.SaveAsync(Records.Run(task: "t1"), CancellationToken.None));
        }

        var reopened = await OpenAsync();

        Assert.Equal(1, reopened.RecoveredRuns);
        Assert.Contains($"{store.PendingPath}:1:", Assert.Single(reopened.RecoveryProblems));
        Assert.Equal("t1", Assert.Single(await reopened.ReadAsync("exp", CancellationToken.None)).TaskId);
    }

    [Fact]
    public async Task Open_StoreStillLockedWithRunsPending_FailsClearlyAndKeepsThemPending()
    {
        var store = await OpenAsync();
        await using (await HoldWriteLockAsync())
        {
            await Assert.ThrowsAsync<ResultsStoreWriteException>(() => store.SaveAsync(Records.Run(task: "t1"), CancellationToken.None));
            var error = await Assert.ThrowsAsync<ResultsStoreWriteException>(() => OpenAsync());
            Assert.Contains("stay there", error.Message);
            Assert.Contains(store.PendingPath, error.Message);
        }

        Assert.Single(await File.ReadAllLinesAsync(store.PendingPath));
        Assert.Equal(1, (await OpenAsync()).RecoveredRuns);
    }
}
