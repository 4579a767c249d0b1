using M1Parallel.Benchmarks.Traces;

namespace M1Parallel.Benchmarks.Tests.Traces;

public sealed class RecordedTraceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-recorded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FromCalls_GrowingPrompts_AppendWhatEachPromptAddsAndWaitTheGapBeforeTheNextCall()
    {
        // Call 1: 100-token prompt, 20 out, ends at 2 s; call 2 starts at 3.5 s with 150 tokens (100 + 20 + 30 new).
        var recorded = RecordedTrace.FromCalls("t", "test", [[new RecordedCall(0, 2, 100, 20), new RecordedCall(3.5, 5, 150, 10)]]);

        var calls = Assert.Single(recorded.Trace.Teams).Calls;
        Assert.Equal(new AgentTraceCall { AppendTokens = 100, OutputTokens = 20, ToolMilliseconds = 1500 }, calls[0]);
        Assert.Equal(new AgentTraceCall { AppendTokens = 30, OutputTokens = 10, ToolMilliseconds = 0 }, calls[1]);
        Assert.Empty(recorded.Notes);
        Assert.Equal(AgentTrace.RecordedOrigin, recorded.Trace.Origin);
        Assert.Equal(0, recorded.Trace.SystemPromptTokens + recorded.Trace.TaskTokens);
    }

    [Fact]
    public void FromCalls_ShorterPromptThanTheHistory_AppendsNothingAndSaysSo()
    {
        var recorded = RecordedTrace.FromCalls("t", "test", [[new RecordedCall(0, 1, 500, 50), new RecordedCall(1, 2, 200, 10)]]);

        Assert.Equal(0, recorded.Trace.Teams[0].Calls[1].AppendTokens);
        Assert.Contains(recorded.Notes, n => n.StartsWith("1 of 2 calls had a shorter prompt", StringComparison.Ordinal));
        Assert.Contains("1 of 2 calls had a shorter prompt", recorded.Trace.Description);
    }

    [Fact]
    public void FromCalls_NoStartTimes_ToolTimeIsZeroAndANoteSaysWhy()
    {
        var recorded = RecordedTrace.FromCalls("t", "test", [[new RecordedCall(null, 1, 100, 5), new RecordedCall(null, 9, 120, 5)]]);

        Assert.All(recorded.Trace.Teams[0].Calls, c => Assert.Equal(0, c.ToolMilliseconds));
        Assert.Contains(recorded.Notes, n => n.Contains("no recorded start time", StringComparison.Ordinal));
    }

    [Fact]
    public void FromCalls_TeamWithoutCallsAndACallWithoutOutput_AreLeftOutAndGivenOneTokenWithNotes()
    {
        var recorded = RecordedTrace.FromCalls("t", "test", [[], [new RecordedCall(0, 1, 100, 0)]]);

        Assert.Equal(1, Assert.Single(recorded.Trace.Teams).Calls[0].OutputTokens);
        Assert.Contains(recorded.Notes, n => n.StartsWith("1 of 2 teams have no recorded model call", StringComparison.Ordinal));
        Assert.Contains(recorded.Notes, n => n.StartsWith("1 of 1 calls generated no token", StringComparison.Ordinal));
    }

    [Fact]
    public void FromCalls_NoTeamMadeACall_Throws()
    {
        Assert.Throws<ArgumentException>(() => RecordedTrace.FromCalls("t", "test", [[], []]));
    }

    [Fact]
    public void Save_ThenLoad_GivesTheSameTrace()
    {
        var trace = RecordedTrace.FromCalls("round-trip", "test", [[new RecordedCall(0, 2, 100, 20), new RecordedCall(3, 4, 130, 5)], [new RecordedCall(0, 1, 90, 7)]]).Trace;
        var path = Path.Combine(_dir, "trace.json");

        trace.Save(path);
        var loaded = AgentTrace.Load(path);

        Assert.Equal(trace.Name, loaded.Name);
        Assert.Equal(trace.Description, loaded.Description);
        Assert.Equal(AgentTrace.RecordedOrigin, loaded.Origin);
        Assert.Equal(trace.Teams.Select(t => t.Calls), loaded.Teams.Select(t => t.Calls));
        var json = File.ReadAllText(path);
        Assert.Contains("\"append_tokens\"", json);
        Assert.DoesNotContain("origin_text", json);
    }
}
