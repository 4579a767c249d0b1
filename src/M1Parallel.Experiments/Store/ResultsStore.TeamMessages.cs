using System.Text.Json;
using M1Parallel.Aggregation;
using Microsoft.Data.Sqlite;

namespace M1Parallel.Experiments.Store;

/// <summary>
/// The messages each team's members exchanged, kept beside the runs in their own table (they are large, and only
/// re-aggregation reads them), so a stored method can be aggregated again with another aggregator without running a team.
/// </summary>
public sealed partial class ResultsStore
{
    /// <summary>The stored messages of every team of <paramref name="method"/>'s runs in <paramref name="experiment"/>, by run and team index; runs stored before messages were kept have none.</summary>
    public async Task<IReadOnlyDictionary<RunKey, IReadOnlyDictionary<int, IReadOnlyList<TeamMessage>>>> ReadTeamMessagesAsync(
        string experiment, string method, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT task_id, repetition, team, messages_json FROM team_messages WHERE experiment = $experiment AND method = $method;";
        command.Parameters.AddWithValue("$experiment", experiment);
        command.Parameters.AddWithValue("$method", method);
        var runs = new Dictionary<RunKey, Dictionary<int, IReadOnlyList<TeamMessage>>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new RunKey(experiment, reader.GetString(0), method, reader.GetInt32(1));
            if (!runs.TryGetValue(key, out var teams))
            {
                runs[key] = teams = [];
            }

            teams[reader.GetInt32(2)] = JsonSerializer.Deserialize<List<TeamMessage>>(reader.GetString(3), StoreJson.Options) ?? [];
        }

        return runs.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<int, IReadOnlyList<TeamMessage>>)kv.Value);
    }

    /// <summary>Replaces the stored messages of <paramref name="record"/>'s teams with those it carries, inside the run's transaction.</summary>
    private static async Task WriteTeamMessagesAsync(SqliteConnection connection, SqliteTransaction transaction, RunRecord record, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM team_messages WHERE experiment = $experiment AND task_id = $task AND method = $method AND repetition = $repetition;";
        AddKey(delete, record);
        await delete.ExecuteNonQueryAsync(cancellationToken);
        foreach (var team in record.Teams.Where(t => t.Messages is { Count: > 0 }))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                """
                INSERT OR REPLACE INTO team_messages (experiment, task_id, method, repetition, team, messages_json)
                VALUES ($experiment, $task, $method, $repetition, $team, $messages);
                """;
            AddKey(insert, record);
            insert.Parameters.AddWithValue("$team", team.Team);
            insert.Parameters.AddWithValue("$messages", JsonSerializer.Serialize(team.Messages, StoreJson.Options));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void AddKey(SqliteCommand command, RunRecord record)
    {
        command.Parameters.AddWithValue("$experiment", record.Experiment);
        command.Parameters.AddWithValue("$task", record.TaskId);
        command.Parameters.AddWithValue("$method", record.Method);
        command.Parameters.AddWithValue("$repetition", record.Repetition);
    }
}
