using M1Parallel.MagenticOne.Formats;
using M1Parallel.Planning;

namespace M1Parallel.FailureMemory;

/// <summary>The failure memory M shared by all teams of one run; thread-safe.</summary>
public sealed class RunFailureMemory
{
    private readonly object _gate = new();
    private readonly List<FailureRecord> _records = [];

    /// <summary>Creates an empty memory whose summaries keep at most <paramref name="summaryChars"/> characters.</summary>
    public RunFailureMemory(int summaryChars = 4000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(summaryChars);
        SummaryChars = summaryChars;
    }

    /// <summary>The most characters of a transcript a summary keeps (the newest ones).</summary>
    public int SummaryChars { get; }

    /// <summary>Records a failed attempt, summarising its transcript; returns the record.</summary>
    public FailureRecord Record(int teamIndex, int attempt, Plan plan, string transcript, string stopReason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(transcript);
        var record = new FailureRecord(teamIndex, attempt, plan, Summarise(transcript, SummaryChars), stopReason, at);
        lock (_gate)
        {
            _records.Add(record);
        }

        return record;
    }

    /// <summary>A snapshot of the records so far, oldest first.</summary>
    public IReadOnlyList<FailureRecord> Snapshot()
    {
        lock (_gate)
        {
            return _records.ToArray();
        }
    }

    internal static string Summarise(string transcript, int maxChars)
    {
        var text = ThinkingText.Strip(transcript);
        return text.Length <= maxChars ? text : "…" + text[^(maxChars - 1)..];
    }
}
