using System.Text;
using System.Text.Json;

namespace M1Parallel.Experiments.Store;

/// <summary>
/// The file beside a results store (<c>STORE.pending.jsonl</c>) that keeps finished runs the store could not take (its
/// file locked by another process, a full disk), one JSON line each, flushed to disk, until the store is next opened.
/// </summary>
internal sealed class PendingRuns(string storePath)
{
    /// <summary>The pending file.</summary>
    public string Path { get; } = storePath + ".pending.jsonl";

    /// <summary>Appends one record and flushes it to disk.</summary>
    public async Task AppendAsync(RunRecord record)
    {
        var line = JsonSerializer.Serialize(record, StoreJson.Options) + "\n";
        await using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (file.Length > 0)
        {
            // A line cut short by a crash mid-append must not swallow this record: start on a fresh line.
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() != '\n')
            {
                line = "\n" + line;
            }
        }

        file.Seek(0, SeekOrigin.End);
        await file.WriteAsync(Encoding.UTF8.GetBytes(line));
        file.Flush(flushToDisk: true);
    }

    /// <summary>The records in the file, and a problem (file:line and why) for each line that is not one.</summary>
    public async Task<(IReadOnlyList<RunRecord> Records, IReadOnlyList<string> Problems)> ReadAsync(CancellationToken cancellationToken)
    {
        var records = new List<RunRecord>();
        var problems = new List<string>();
        var lines = await File.ReadAllLinesAsync(Path, cancellationToken);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<RunRecord>(lines[i], StoreJson.Options)
                            ?? throw new JsonException("the line is null"));
            }
            catch (JsonException e)
            {
                problems.Add($"{Path}:{i + 1}: not a run record ({e.Message}); that run was not recovered and will run again");
            }
        }

        return (records, problems);
    }
}
