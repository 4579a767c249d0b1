namespace M1Parallel.Usage;

/// <summary>Token usage with timestamps for one participant of a run, so c_i(t) can be read at any moment; thread-safe.</summary>
public sealed class UsageTimeline
{
    private readonly object _gate = new();
    private readonly List<UsageEntry> _entries = [];

    /// <summary>Records <paramref name="tokens"/> used at <paramref name="at"/>, on <paramref name="backend"/> by a call sent
    /// at <paramref name="callStartedAt"/>, each when known.</summary>
    public void Record(DateTimeOffset at, TokenUsage tokens, bool estimated = false, string? backend = null, DateTimeOffset? callStartedAt = null)
    {
        if (tokens.InputTokens < 0 || tokens.OutputTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens, "Token counts cannot be negative.");
        }

        if (tokens.TotalTokens == 0)
        {
            return;
        }

        lock (_gate)
        {
            _entries.Add(new UsageEntry(at, tokens, estimated, backend, callStartedAt));
        }
    }

    /// <summary>All tokens recorded so far.</summary>
    public TokenUsage Total => UsedUntil(DateTimeOffset.MaxValue);

    /// <summary>The tokens used at or before <paramref name="moment"/>: c_i(t).</summary>
    public TokenUsage UsedUntil(DateTimeOffset moment)
    {
        var sum = TokenUsage.Zero;
        lock (_gate)
        {
            foreach (var entry in _entries)
            {
                if (entry.At <= moment)
                {
                    sum += entry.Tokens;
                }
            }
        }

        return sum;
    }

    /// <summary>The tokens used at or before <paramref name="moment"/> per backend (entries without a backend are left out).</summary>
    public IReadOnlyDictionary<string, TokenUsage> UsedUntilByBackend(DateTimeOffset moment)
    {
        var sums = new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
        foreach (var entry in Entries())
        {
            if (entry.At <= moment && entry.Backend is { } backend)
            {
                sums[backend] = sums.GetValueOrDefault(backend) + entry.Tokens;
            }
        }

        return sums;
    }

    /// <summary>A snapshot of the entries, in the order they were recorded.</summary>
    public IReadOnlyList<UsageEntry> Entries()
    {
        lock (_gate)
        {
            return _entries.ToArray();
        }
    }
}
