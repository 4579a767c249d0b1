namespace M1Parallel.Benchmarks.Traces;

/// <summary>The conversation <c>m1p bench turns</c> replays: a system prompt, then per turn new input and a reply.</summary>
public sealed record TurnsWorkload
{
    /// <summary>Tokens of the first prompt before the first turn's input (system prompt and task).</summary>
    public required int SystemTokens { get; init; }

    /// <summary>The turns in order: tokens appended before the call and tokens generated.</summary>
    public required IReadOnlyList<AgentTraceCall> Turns { get; init; }

    /// <summary>Tokens every turn's prompt holds, summed over the conversation.</summary>
    public long PromptTokens
    {
        get
        {
            long total = 0, history = SystemTokens;
            foreach (var turn in Turns)
            {
                history += turn.AppendTokens;
                total += history;
                history += turn.OutputTokens;
            }

            return total;
        }
    }

    /// <summary>
    /// The largest share of prompt tokens a KV cache can serve: all but the first prompt and each later turn's new input.
    /// (A scheduler also recomputes each reply's last token, which was sampled but never decoded.)
    /// </summary>
    public double ReuseCeiling
    {
        get
        {
            var prompt = PromptTokens;
            var unseen = SystemTokens + Turns.Sum(t => (long)t.AppendTokens);
            return prompt > 0 ? (double)(prompt - unseen) / prompt : 0;
        }
    }

    /// <summary>Every turn alike.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public static TurnsWorkload Uniform(int turns, int systemTokens, int userTokens, int replyTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(turns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(systemTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(userTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(replyTokens, 1);
        if (systemTokens + userTokens == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(userTokens), "The first prompt is empty; give system or user tokens.");
        }

        var call = new AgentTraceCall { AppendTokens = userTokens, OutputTokens = replyTokens };
        return new TurnsWorkload { SystemTokens = systemTokens, Turns = Enumerable.Repeat(call, turns).ToList() };
    }

    /// <summary>The first <paramref name="turns"/> calls of one team of an agent trace, after its system prompt and task.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The trace has no such team, or turns is below 1.</exception>
    public static TurnsWorkload FromTrace(AgentTrace trace, int team, int turns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(turns, 1);
        if (team < 0 || team >= trace.Teams.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(team), team, $"Trace '{trace.Name}' has teams 0 to {trace.Teams.Count - 1}.");
        }

        return new TurnsWorkload
        {
            SystemTokens = trace.SystemPromptTokens + trace.TaskTokens,
            Turns = trace.Teams[team].Calls.Take(turns).ToList(),
        };
    }
}
