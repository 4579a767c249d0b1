namespace M1Parallel.Benchmarks.Traces;

/// <summary>
/// An <see cref="AgentTrace"/> made from the model calls of recorded teams, with notes on what the recording could not
/// give. A trace replays each team as one conversation that grows by every call's new input and reply, whereas a team's
/// calls go to several agents, each with its own context: a call's new input is what its prompt holds beyond the replayed
/// history (none when its prompt is shorter, and then the replay sends it a longer prompt than it had). A call's tool
/// time is the gap between its reply and the team's next call; it is 0 where the recording kept no start times.
/// Teams share no prompt prefix in the trace: which tokens they shared is not recorded.
/// </summary>
/// <param name="Trace">The trace, marked <c>origin: recorded</c>.</param>
/// <param name="Notes">What the replay changes from the recording, one sentence each; empty when nothing.</param>
public sealed record RecordedTrace(AgentTrace Trace, IReadOnlyList<string> Notes)
{
    /// <summary>Builds the trace of <paramref name="teams"/> (each a team's calls), named <paramref name="name"/>, its
    /// description saying where it was recorded (<paramref name="source"/>) and what the replay changes.</summary>
    /// <exception cref="ArgumentException">No team made a call.</exception>
    public static RecordedTrace FromCalls(string name, string source, IReadOnlyList<IReadOnlyList<RecordedCall>> teams)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(teams);
        var recorded = teams.Where(t => t.Count > 0).ToList();
        if (recorded.Count == 0)
        {
            throw new ArgumentException("None of the teams has a recorded model call.", nameof(teams));
        }

        int calls = 0, shorter = 0, silent = 0, unknownStarts = 0;
        var traced = new List<AgentTraceTeam>();
        foreach (var team in recorded)
        {
            var ordered = team.OrderBy(c => c.EndSeconds).ToList();
            var replayed = new List<AgentTraceCall>();
            long history = 0;
            for (var i = 0; i < ordered.Count; i++)
            {
                var call = ordered[i];
                var append = Math.Max(0, call.PromptTokens - history);
                shorter += call.PromptTokens < history ? 1 : 0;
                var output = Math.Max(1, call.CompletionTokens);
                silent += call.CompletionTokens < 1 ? 1 : 0;
                history += append + output;
                var toolMs = 0;
                if (i + 1 < ordered.Count)
                {
                    if (ordered[i + 1].StartSeconds is { } next)
                    {
                        toolMs = (int)Math.Round(Math.Max(0, next - call.EndSeconds) * 1000);
                    }
                    else
                    {
                        unknownStarts++;
                    }
                }

                replayed.Add(new AgentTraceCall { AppendTokens = (int)append, OutputTokens = (int)output, ToolMilliseconds = toolMs });
            }

            calls += ordered.Count;
            traced.Add(new AgentTraceTeam { Calls = replayed });
        }

        var notes = new List<string>();
        if (teams.Count > recorded.Count)
        {
            notes.Add($"{teams.Count - recorded.Count} of {teams.Count} teams have no recorded model call and are left out.");
        }

        if (shorter > 0)
        {
            notes.Add($"{shorter} of {calls} calls had a shorter prompt than the replayed history (another agent's context); the replay sends them the longer history.");
        }

        if (silent > 0)
        {
            notes.Add($"{silent} of {calls} calls generated no token; the replay generates one.");
        }

        if (unknownStarts > 0)
        {
            notes.Add($"{unknownStarts} gaps between calls have no recorded start time (runs stored before start times were kept); their tool time is 0.");
        }

        var description = $"Recorded: {source}. Per-call prompt and completion tokens and the time between calls, replayed as one growing conversation per team with no shared prefix."
            + (notes.Count > 0 ? " " + string.Join(" ", notes) : string.Empty);
        var trace = new AgentTrace { Name = name, Description = description, Origin = AgentTrace.RecordedOrigin, Teams = traced };
        return new RecordedTrace(trace, notes);
    }
}
