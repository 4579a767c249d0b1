using M1Parallel.FailureMemory;
using M1Parallel.Planning;

namespace M1Parallel.Tests.TestSupport;

/// <summary>Returns "plan i" with the facts "facts i" for the initial plans and "replan j" (without facts) for re-plans,
/// remembering what it was shown.</summary>
internal sealed class ScriptedPlanner : IPlanner
{
    private readonly List<IReadOnlyList<FailureRecord>> _replanRequests = [];

    public int? PlanCountOverride { get; init; }

    public int CreatePlansCalls { get; private set; }

    public IReadOnlyList<IReadOnlyList<FailureRecord>> ReplanRequests
    {
        get
        {
            lock (_replanRequests)
            {
                return _replanRequests.ToArray();
            }
        }
    }

    public Task<IReadOnlyList<Plan>> CreatePlansAsync(string task, int count, CancellationToken cancellationToken)
    {
        CreatePlansCalls++;
        return Task.FromResult<IReadOnlyList<Plan>>(Enumerable.Range(0, PlanCountOverride ?? count).Select(i => new Plan($"plan {i}", $"facts {i}")).ToArray());
    }

    public Task<Plan> ReplanAsync(string task, IReadOnlyList<FailureRecord> failures, CancellationToken cancellationToken)
    {
        int number;
        lock (_replanRequests)
        {
            _replanRequests.Add(failures);
            number = _replanRequests.Count;
        }

        return Task.FromResult(new Plan($"replan {number}"));
    }
}
