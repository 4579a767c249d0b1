namespace M1Parallel.Aggregation;

/// <summary>
/// Cuts the teams' messages to a character budget the way autogen's aggregator fills its context: newest messages
/// first, every team its fair share. Teams that need less than an even share keep everything and the rest is shared
/// by the others; within a team's share the newest messages are kept whole, the next one is shortened in its middle
/// when enough room is left, and older ones are left out.
/// </summary>
internal static class TranscriptBudget
{
    /// <summary>The shortest shortened message worth keeping; below this a message is left out instead.</summary>
    internal const int MinimumCut = 200;

    /// <summary>Each team's kept message texts (oldest first) and how many of its earliest messages were left out.</summary>
    public static (IReadOnlyList<string> Kept, int Omitted)[] Cut(IReadOnlyList<IReadOnlyList<string>> teams, int budget)
    {
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var allowance = Allocate(teams.Select(t => t.Sum(m => m.Length)).ToArray(), budget);
        return teams.Select((messages, i) => Fill(messages, allowance[i])).ToArray();
    }

    private static (IReadOnlyList<string> Kept, int Omitted) Fill(IReadOnlyList<string> messages, int allowance)
    {
        var kept = new List<string>();
        var left = allowance;
        var next = messages.Count - 1;
        for (; next >= 0 && messages[next].Length <= left; next--)
        {
            kept.Add(messages[next]);
            left -= messages[next].Length;
        }

        if (next >= 0 && left >= MinimumCut)
        {
            kept.Add(ShortenMiddle(messages[next], left));
            next--;
        }

        kept.Reverse();
        return (kept, next + 1);
    }

    /// <summary>Keeps the start and the end of <paramref name="text"/> (what an agent set out to do and what it found) within <paramref name="length"/> characters.</summary>
    internal static string ShortenMiddle(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var marker = $"\n[… {text.Length} characters, cut to fit the context …]\n";
        var keep = Math.Max(0, length - marker.Length);
        var head = keep / 2;
        return text[..head] + marker + text[^(keep - head)..];
    }

    /// <summary>Shares <paramref name="budget"/> out so teams that need less than an even share keep everything and the others split the rest evenly.</summary>
    private static int[] Allocate(int[] lengths, int budget)
    {
        var allowance = new int[lengths.Length];
        var remaining = budget;
        var order = Enumerable.Range(0, lengths.Length).OrderBy(i => lengths[i]).ToArray();
        for (var j = 0; j < order.Length; j++)
        {
            var share = remaining / (order.Length - j);
            var take = Math.Min(lengths[order[j]], share);
            allowance[order[j]] = take;
            remaining -= take;
        }

        return allowance;
    }
}
