using M1Parallel.Benchmarks.Traces;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Benchmarks.Tests.Traces;

public sealed class TurnsWorkloadTests
{
    [Fact]
    public void TurnsWorkload_TraceWithoutThatTeam_NamesTheTeamsItHas()
    {
        var trace = new AgentTrace { Name = "t", Teams = [new AgentTraceTeam { Calls = [new AgentTraceCall { OutputTokens = 1 }] }] };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TurnsWorkload.FromTrace(trace, 3, 10));

        Assert.Contains("Trace 't' has teams 0 to 0", e.Message);
    }

    [Fact]
    public void TurnsWorkload_DefaultsAndShippedTrace_LeaveMoreThanNinetyPercentReusable()
    {
        var uniform = TurnsWorkload.Uniform(10, 920, 70, 100);
        var trace = TurnsWorkload.FromTrace(AgentTrace.Load(Path.Combine(TestPaths.RepoRoot, "experiments", "traces", "gaia-level1-table1-synthetic.json")), 0, 10);

        Assert.Equal(10 * 920 + 70 * 55 + 100 * 45, uniform.PromptTokens);
        Assert.Equal((17550 - 920 - 10 * 70) / 17550.0, uniform.ReuseCeiling, 9);
        Assert.True(uniform.ReuseCeiling > 0.9);
        Assert.Equal(10, trace.Turns.Count);
        Assert.True(trace.ReuseCeiling > 0.9, $"trace ceiling {trace.ReuseCeiling:P1}");
    }
}
