using Microsoft.Data.Sqlite;

namespace M1Parallel.Experiments.Store;

/// <summary>The settings each method's stored runs were made with, so a resumed experiment cannot mix configurations.</summary>
public sealed partial class ResultsStore
{
    /// <summary>The configuration recorded for each method of <paramref name="experiment"/> (method → JSON).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetMethodConfigsAsync(string experiment, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT method, config_json FROM method_configs WHERE experiment = $experiment;";
        command.Parameters.AddWithValue("$experiment", experiment);
        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            configs[reader.GetString(0)] = reader.GetString(1);
        }

        return configs;
    }

    /// <summary>Records (replacing) the configuration of each named method of <paramref name="experiment"/>, in one transaction.</summary>
    public async Task SetMethodConfigsAsync(string experiment, IReadOnlyDictionary<string, string> configs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configs);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (method, config) in configs)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO method_configs (experiment, method, config_json) VALUES ($experiment, $method, $config);";
            command.Parameters.AddWithValue("$experiment", experiment);
            command.Parameters.AddWithValue("$method", method);
            command.Parameters.AddWithValue("$config", config);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes every stored run of one method of <paramref name="experiment"/>, its teams' messages and its recorded configuration; returns the runs deleted.</summary>
    public async Task<int> DeleteMethodRunsAsync(string experiment, string method, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var deleted = 0;
        foreach (var table in new[] { "runs", "method_configs", "team_messages" })
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {table} WHERE experiment = $experiment AND method = $method;";
            delete.Parameters.AddWithValue("$experiment", experiment);
            delete.Parameters.AddWithValue("$method", method);
            var rows = await delete.ExecuteNonQueryAsync(cancellationToken);
            deleted = table == "runs" ? rows : deleted;
        }

        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
