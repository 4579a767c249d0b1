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

    /// <summary>Deletes every stored run of one method of <paramref name="experiment"/> and its recorded configuration; returns the runs deleted.</summary>
    public async Task<int> DeleteMethodRunsAsync(string experiment, string method, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var runs = connection.CreateCommand();
        runs.Transaction = transaction;
        runs.CommandText = "DELETE FROM runs WHERE experiment = $experiment AND method = $method;";
        runs.Parameters.AddWithValue("$experiment", experiment);
        runs.Parameters.AddWithValue("$method", method);
        var deleted = await runs.ExecuteNonQueryAsync(cancellationToken);
        await using var config = connection.CreateCommand();
        config.Transaction = transaction;
        config.CommandText = "DELETE FROM method_configs WHERE experiment = $experiment AND method = $method;";
        config.Parameters.AddWithValue("$experiment", experiment);
        config.Parameters.AddWithValue("$method", method);
        await config.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
