using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace M1Parallel.Experiments.Store;

/// <summary>
/// The results store: one SQLite file in WAL mode, one row per (experiment, task, method, repetition), each run written
/// in its own transaction as soon as it finishes, so a crash loses at most the run in flight and a rerun never duplicates.
/// </summary>
/// <remarks>Safe to use from several threads: every call opens its own connection.</remarks>
public sealed partial class ResultsStore
{
    private const int SchemaVersion = 1;
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly PendingRuns _pending;

    private ResultsStore(string path, ResultsStoreOptions options)
    {
        Path = path;
        _busyTimeoutMs = (int)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds), // Microsoft.Data.Sqlite's own retry on SQLITE_BUSY
        }.ToString();
        _pending = new PendingRuns(path);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The file that keeps finished runs the store could not take, until the store is next opened.</summary>
    public string PendingPath => _pending.Path;

    /// <summary>The pending file of the store at <paramref name="storePath"/>, whether or not either exists.</summary>
    public static string PendingPathOf(string storePath) => new PendingRuns(System.IO.Path.GetFullPath(storePath)).Path;

    /// <summary>Runs found in the pending file when the store was opened and stored then.</summary>
    public int RecoveredRuns { get; private set; }

    /// <summary>Lines of the pending file that held no readable run (file:line and why), found when the store was opened.</summary>
    public IReadOnlyList<string> RecoveryProblems { get; private set; } = [];

    /// <summary>Opens (creating when absent) the store at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file holds a store of a newer schema.</exception>
    /// <exception cref="ResultsStoreWriteException">Runs in the pending file could not be stored (they stay in it).</exception>
    public static Task<ResultsStore> OpenAsync(string path, CancellationToken cancellationToken) => OpenAsync(path, null, cancellationToken);

    /// <summary>Opens (creating when absent) the store at <paramref name="path"/>, first storing any runs left in its pending file.</summary>
    /// <exception cref="InvalidOperationException">The file holds a store of a newer schema.</exception>
    /// <exception cref="ResultsStoreWriteException">Runs in the pending file could not be stored (they stay in it).</exception>
    public static async Task<ResultsStore> OpenAsync(string path, ResultsStoreOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new ResultsStoreOptions();
        options.Validate();
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var store = new ResultsStore(full, options);
        try
        {
            await store.CreateSchemaAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            var waiting = File.Exists(store.PendingPath) ? $" Finished runs kept in {store.PendingPath} stay there until then." : "";
            throw new ResultsStoreWriteException(
                $"The results store {full} is locked by another process ({e.Message.TrimEnd('.')}): let it finish (a second m1p " +
                $"experiment on the same store?) or use another store, then run the command again.{waiting}", e);
        }

        await store.RecoverPendingAsync(cancellationToken);
        return store;
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        var full = Path;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync(
            connection,
            """
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS runs (
                experiment TEXT NOT NULL,
                task_id TEXT NOT NULL,
                method TEXT NOT NULL,
                repetition INTEGER NOT NULL,
                level INTEGER NOT NULL,
                answer TEXT,
                solved INTEGER NOT NULL,
                latency_s REAL NOT NULL,
                prompt_tokens INTEGER NOT NULL,
                completion_tokens INTEGER NOT NULL,
                cost_usd REAL NOT NULL,
                teams_json TEXT NOT NULL,
                events_json TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT NOT NULL,
                outcome TEXT NOT NULL,
                error TEXT,
                PRIMARY KEY (experiment, task_id, method, repetition));
            CREATE TABLE IF NOT EXISTS team_messages (
                experiment TEXT NOT NULL,
                task_id TEXT NOT NULL,
                method TEXT NOT NULL,
                repetition INTEGER NOT NULL,
                team INTEGER NOT NULL,
                messages_json TEXT NOT NULL,
                PRIMARY KEY (experiment, task_id, method, repetition, team));
            CREATE TABLE IF NOT EXISTS method_configs (
                experiment TEXT NOT NULL,
                method TEXT NOT NULL,
                config_json TEXT NOT NULL,
                PRIMARY KEY (experiment, method));
            INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
            """,
            cancellationToken);
        await AddMissingColumnsAsync(connection, cancellationToken);
        await using var version = connection.CreateCommand();
        version.CommandText = "SELECT value FROM meta WHERE key = 'schema_version';";
        var found = int.Parse((string)(await version.ExecuteScalarAsync(cancellationToken))!, CultureInfo.InvariantCulture);
        if (found > SchemaVersion)
        {
            throw new InvalidOperationException($"Results store '{full}' has schema {found}, newer than this m1p's {SchemaVersion}; use a newer m1p or another file.");
        }
    }

    /// <summary>
    /// Columns added after schema 1 was first written, each nullable so older stores open as they are (their runs read
    /// with the value missing) and older m1p builds, which name their columns, still read newer stores.
    /// </summary>
    private static async Task AddMissingColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT name FROM pragma_table_info('runs');";
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await columns.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(reader.GetString(0));
            }
        }

        if (!present.Contains("tokens_json"))
        {
            await ExecuteAsync(connection, "ALTER TABLE runs ADD COLUMN tokens_json TEXT;", cancellationToken);
        }
    }

    /// <summary>
    /// Writes a finished run in one transaction. A key already holding a completed or timed-out run is left as it is
    /// (returns false); a key holding an errored run is replaced. A run the file cannot take (locked by another process
    /// past <see cref="ResultsStoreOptions.BusyTimeout"/>, disk full, read-only) is kept in <see cref="PendingPath"/>,
    /// stored the next time the store is opened, and a <see cref="ResultsStoreWriteException"/> says so.
    /// </summary>
    /// <exception cref="ResultsStoreWriteException">The run was not stored now (the message says where it was kept).</exception>
    public async Task<bool> SaveAsync(RunRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            return await WriteAsync(record, cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            var run = $"{record.TaskId} / {record.Method} / repetition {record.Repetition}";
            var fix = e is SqliteException { SqliteErrorCode: 5 or 6 }
                ? "Another process holds the store's write lock (a second m1p experiment on the same store?): let it finish or give this experiment another store, then run the same command again."
                : "Check the disk (free space, permissions) and run the same command again.";
            try
            {
                await _pending.AppendAsync(record);
            }
            catch (Exception keep) when (keep is IOException or UnauthorizedAccessException)
            {
                throw new ResultsStoreWriteException(
                    $"The results store {Path} could not take the finished run {run} ({e.Message.TrimEnd('.')}), and neither could " +
                    $"{_pending.Path} ({keep.Message.TrimEnd('.')}): that run is lost and will run again. {fix}", e);
            }

            throw new ResultsStoreWriteException(
                $"The results store {Path} could not take the finished run {run} ({e.Message.TrimEnd('.')}). The run is kept in " +
                $"{_pending.Path} and will be stored when the store is next opened. {fix}", e);
        }
    }

    private async Task RecoverPendingAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_pending.Path))
        {
            return;
        }

        var (records, problems) = await _pending.ReadAsync(cancellationToken);
        try
        {
            foreach (var record in records)
            {
                await WriteAsync(record, cancellationToken);
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new ResultsStoreWriteException(
                $"The results store {Path} could not take the {records.Count} finished run(s) kept in {_pending.Path} ({e.Message.TrimEnd('.')}); " +
                "they stay there. Let any other process using the store finish, then run the command again.", e);
        }

        // Every readable run is stored (a key never twice); unreadable lines are kept aside for a look, not lost silently.
        if (problems.Count > 0)
        {
            File.Move(_pending.Path, _pending.Path + ".unreadable", overwrite: true);
        }
        else
        {
            File.Delete(_pending.Path);
        }

        RecoveredRuns = records.Count;
        RecoveryProblems = problems;
    }

    private async Task<bool> WriteAsync(RunRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO runs (experiment, task_id, method, repetition, level, answer, solved, latency_s, prompt_tokens,
                completion_tokens, cost_usd, teams_json, events_json, started_at, finished_at, outcome, error, tokens_json)
            VALUES ($experiment, $task, $method, $repetition, $level, $answer, $solved, $latency, $prompt,
                $completion, $cost, $teams, $events, $started, $finished, $outcome, $error, $tokens)
            ON CONFLICT (experiment, task_id, method, repetition) DO UPDATE SET
                level = excluded.level, answer = excluded.answer, solved = excluded.solved, latency_s = excluded.latency_s,
                prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
                cost_usd = excluded.cost_usd, teams_json = excluded.teams_json, events_json = excluded.events_json,
                started_at = excluded.started_at, finished_at = excluded.finished_at, outcome = excluded.outcome,
                error = excluded.error, tokens_json = excluded.tokens_json
            WHERE runs.outcome = 'error';
            """;
        command.Parameters.AddWithValue("$experiment", record.Experiment);
        command.Parameters.AddWithValue("$task", record.TaskId);
        command.Parameters.AddWithValue("$method", record.Method);
        command.Parameters.AddWithValue("$repetition", record.Repetition);
        command.Parameters.AddWithValue("$level", record.Level);
        command.Parameters.AddWithValue("$answer", (object?)record.Answer ?? DBNull.Value);
        command.Parameters.AddWithValue("$solved", record.Solved ? 1 : 0);
        command.Parameters.AddWithValue("$latency", record.LatencySeconds);
        command.Parameters.AddWithValue("$prompt", record.PromptTokens);
        command.Parameters.AddWithValue("$completion", record.CompletionTokens);
        command.Parameters.AddWithValue("$cost", record.CostUsd);
        command.Parameters.AddWithValue("$teams", JsonSerializer.Serialize(record.Teams.Select(t => t with { Messages = null }), StoreJson.Options));
        command.Parameters.AddWithValue("$events", string.IsNullOrWhiteSpace(record.EventsJson) ? "[]" : record.EventsJson);
        command.Parameters.AddWithValue("$started", record.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$finished", record.FinishedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$outcome", OutcomeText(record.Outcome));
        command.Parameters.AddWithValue("$error", (object?)record.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$tokens", record.Tokens is null ? DBNull.Value : JsonSerializer.Serialize(record.Tokens, StoreJson.Options));
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        if (changed > 0)
        {
            await WriteTeamMessagesAsync(connection, transaction, record, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }

    /// <summary>Keys of an experiment's runs that count as done: completed or timed out, and errored too unless <paramref name="retryErrors"/>.</summary>
    public async Task<IReadOnlySet<RunKey>> GetFinishedKeysAsync(string experiment, bool retryErrors, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT task_id, method, repetition, outcome FROM runs WHERE experiment = $experiment;";
        command.Parameters.AddWithValue("$experiment", experiment);
        var keys = new HashSet<RunKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (retryErrors && reader.GetString(3) == "error")
            {
                continue;
            }

            keys.Add(new RunKey(experiment, reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return keys;
    }

    /// <summary>Reads the runs of one experiment (or all when null), ordered by experiment, method, task and repetition.</summary>
    public async Task<IReadOnlyList<RunRecord>> ReadAsync(string? experiment, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            """
            SELECT experiment, task_id, method, repetition, level, answer, solved, latency_s, prompt_tokens,
                completion_tokens, cost_usd, teams_json, events_json, started_at, finished_at, outcome, error, tokens_json
            FROM runs WHERE $experiment IS NULL OR experiment = $experiment
            ORDER BY experiment, method, task_id, repetition;
            """;
        command.Parameters.AddWithValue("$experiment", (object?)experiment ?? DBNull.Value);
        var records = new List<RunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new RunRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt32(6) != 0,
                reader.GetDouble(7),
                reader.GetInt64(8),
                reader.GetInt64(9),
                reader.GetDouble(10),
                JsonSerializer.Deserialize<List<TeamSummary>>(reader.GetString(11), StoreJson.Options) ?? [],
                reader.GetString(12),
                DateTimeOffset.Parse(reader.GetString(13), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(14), CultureInfo.InvariantCulture),
                ParseOutcome(reader.GetString(15)),
                reader.IsDBNull(16) ? null : reader.GetString(16),
                reader.IsDBNull(17) ? null : JsonSerializer.Deserialize<RunTokens>(reader.GetString(17), StoreJson.Options)));
        }

        return records;
    }

    /// <summary>Names of the experiments in the store.</summary>
    public async Task<IReadOnlyList<string>> ListExperimentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT experiment FROM runs ORDER BY experiment;";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The journal mode SQLite reports (should be "wal").</summary>
    public async Task<string> GetJournalModeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string OutcomeText(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Completed => "completed",
        RunOutcome.TimedOut => "timed_out",
        RunOutcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown run outcome."),
    };

    private static RunOutcome ParseOutcome(string text) => text switch
    {
        "completed" => RunOutcome.Completed,
        "timed_out" => RunOutcome.TimedOut,
        "error" => RunOutcome.Error,
        _ => throw new InvalidDataException($"Unknown run outcome '{text}' in the results store."),
    };

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();

        // FULL makes each committed run durable even across a power cut; a busy timeout lets a reader and the runner share the file.
        pragma.CommandText = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={_busyTimeoutMs};";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
