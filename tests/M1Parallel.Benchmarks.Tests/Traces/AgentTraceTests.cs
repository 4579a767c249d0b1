using M1Parallel.Benchmarks.Traces;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Benchmarks.Tests.Traces;

public sealed class AgentTraceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AgentTrace_ShippedTableOneTrace_IsSyntheticWithFiveEightAndTwelveSteps()
    {
        var trace = AgentTrace.Load(Path.Combine(TestPaths.RepoRoot, "experiments", "traces", "gaia-level1-table1-synthetic.json"));

        Assert.Equal([13, 19, 27], trace.Teams.Select(t => t.Calls.Count)); // survey + plan + 2 per step + final
        Assert.Equal(AgentTrace.SyntheticOrigin, trace.Origin);
        Assert.StartsWith("Synthetic", trace.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentTrace_UnknownOrigin_IsRejectedNamingTheTwoKnownOnes()
    {
        var path = Path.Combine(_dir, "origin.json");
        File.WriteAllText(path, """{"name":"o","origin":"measured","teams":[{"calls":[{"append_tokens":1,"output_tokens":1}]}]}""");

        var e = Assert.Throws<FormatException>(() => AgentTrace.Load(path));

        Assert.Contains("'synthetic' nor 'recorded'", e.Message);
    }

    [Fact]
    public void AgentTrace_CallWithoutOutput_IsRejectedNamingTeamAndCall()
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, """{"name":"b","teams":[{"calls":[{"append_tokens":1,"output_tokens":0}]}]}""");

        var e = Assert.Throws<FormatException>(() => AgentTrace.Load(path));

        Assert.Contains("team 0 call 0", e.Message);
    }
}
