using System.Text;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Transcripts;

/// <summary>Everything a team said and did, in order; safe to read while the team is still writing it.</summary>
public sealed class Transcript
{
    private readonly Lock _gate = new();
    private readonly List<TranscriptEntry> _entries = [];

    /// <summary>A snapshot of the entries so far.</summary>
    public IReadOnlyList<TranscriptEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    /// <summary>Tokens used by all model calls recorded so far.</summary>
    public UsageDetails TotalUsage()
    {
        var total = new UsageDetails();
        foreach (var entry in Entries)
        {
            if (entry.Usage is not null)
            {
                total.Add(entry.Usage);
            }
        }

        return total;
    }

    /// <summary>The transcript as readable text, one block per entry.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var e in Entries)
        {
            text.Append("---- #").Append(e.Index).Append(' ').Append(e.Speaker).Append(" (").Append(e.Kind).Append(") ")
                .Append(e.EndedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)).AppendLine();
            if (e.ToolCall is { } call)
            {
                text.Append(call.Name).Append('(').Append(call.ArgumentsJson).AppendLine(")");
                text.AppendLine(call.Result);
            }
            else
            {
                text.AppendLine(e.Text);
            }
        }

        return text.ToString();
    }

    /// <summary>Appends an entry and returns it.</summary>
    public TranscriptEntry Add(
        string speaker,
        TranscriptEntryKind kind,
        string text,
        DateTimeOffset startedAt,
        DateTimeOffset endedAt,
        UsageDetails? usage = null,
        TranscriptToolCall? toolCall = null)
    {
        lock (_gate)
        {
            var entry = new TranscriptEntry(_entries.Count, speaker, kind, text, startedAt, endedAt, usage, toolCall);
            _entries.Add(entry);
            return entry;
        }
    }
}
