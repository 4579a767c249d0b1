using M1Parallel.MagenticOne.Teams;
using M1Parallel.Routing;

namespace M1Parallel.Tests.Routing;

public sealed class RoleRoutesTests
{
    [Fact]
    public void Hybrid_EverythingLocal_OnlyTheAggregatorHosted()
    {
        var roles = RoleRoutes.Hybrid("qwen3-local", "gpt-4o");

        Assert.Equal("gpt-4o", roles.BackendFor(TeamRole.Aggregator));
        Assert.All(TeamRoles.All.Where(r => r != TeamRole.Aggregator), r => Assert.Equal("qwen3-local", roles.BackendFor(r)));
        Assert.Equal(["qwen3-local", "gpt-4o"], roles.BackendsUsed);
    }

    [Fact]
    public void BackendFor_FinalAnswerWithoutARouteOfItsOwn_FollowsTheOrchestrator()
    {
        var roles = new RoleRoutes("local", new Dictionary<TeamRole, string> { [TeamRole.Orchestrator] = "big" });

        Assert.Equal("big", roles.BackendFor(TeamRole.FinalAnswer));
        Assert.Equal("local", roles.BackendFor(TeamRole.Coder));
    }

    [Fact]
    public void BackendFor_FinalAnswerRoutedItself_GoesWhereItIsRouted()
    {
        var roles = new RoleRoutes("local", new Dictionary<TeamRole, string> { [TeamRole.Orchestrator] = "big", [TeamRole.FinalAnswer] = "best" });

        Assert.Equal("best", roles.BackendFor(TeamRole.FinalAnswer));
        Assert.Equal(["local", "big", "best"], roles.BackendsUsed);
    }

    [Fact]
    public void Problem_UnknownRole_NamesTheValidRoles()
    {
        var problem = RoleRoutes.Problem("websurfer", "x", ["x"]);

        Assert.Contains("unknown role 'websurfer'", problem);
        Assert.Contains("web_surfer", problem);
        Assert.Contains("final_answer", problem);
    }

    [Fact]
    public void Problem_RoleRoutedToAnUnconfiguredBackend_NamesTheConfiguredOnes()
    {
        var problem = RoleRoutes.Problem("aggregator", "gpt-4o", ["qwen3"]);

        Assert.Contains("no backend named 'gpt-4o'", problem);
        Assert.Contains("qwen3", problem);
    }

    [Theory]
    [InlineData("planner")]
    [InlineData("final_answer")]
    [InlineData("AGGREGATOR")]
    public void Problem_EveryWireNameToAConfiguredBackend_IsNone(string role)
    {
        Assert.Null(RoleRoutes.Problem(role, "local", ["local"]));
    }

    [Fact]
    public void Constructor_BlankBackend_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => new RoleRoutes("local", new Dictionary<TeamRole, string> { [TeamRole.Coder] = " " }));
    }
}
