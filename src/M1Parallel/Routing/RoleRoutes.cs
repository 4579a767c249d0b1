using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Routing;

/// <summary>
/// Which named backend serves each <see cref="TeamRole"/>: the method's backend, except for roles routed elsewhere; a role
/// without a route of its own goes where the role it <see cref="TeamRoles.Follows"/> goes (the final answer follows the
/// orchestrator). Experiment specs (<c>backend</c>, <c>routes</c>) and <c>m1p run</c> (<c>--route</c>) both check a route
/// with <see cref="Problem"/>, so they accept and refuse the same ones.
/// </summary>
public sealed class RoleRoutes
{
    private readonly Dictionary<TeamRole, string> _routes;

    /// <summary>Sends every role to <paramref name="backend"/> except those in <paramref name="routes"/>.</summary>
    /// <exception cref="ArgumentException">A backend name is blank.</exception>
    public RoleRoutes(string backend, IReadOnlyDictionary<TeamRole, string>? routes = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backend);
        Backend = backend;
        _routes = new Dictionary<TeamRole, string>(routes ?? new Dictionary<TeamRole, string>());
        foreach (var (role, target) in _routes)
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                throw new ArgumentException($"Role '{role.ToWireName()}' is routed to a blank backend name; name a configured backend.", nameof(routes));
            }
        }
    }

    /// <summary>The backend of every role not routed elsewhere (a method's <c>backend</c>).</summary>
    public string Backend { get; }

    /// <summary>The roles routed elsewhere, as written (a method's <c>routes</c>).</summary>
    public IReadOnlyDictionary<TeamRole, string> Routes => _routes;

    /// <summary>Every backend some role uses, each once, in the order of <see cref="TeamRoles.All"/>.</summary>
    public IReadOnlyList<string> BackendsUsed => TeamRoles.All.Select(BackendFor).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The most calls each backend in use may have to serve at once when <paramref name="teams"/> teams run: one
    /// per team for a backend that serves a team's roles, else one (the planner, the aggregator).</summary>
    public IReadOnlyDictionary<string, int> CallsAtOnce(int teams)
    {
        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var role in TeamRoles.All)
        {
            var backend = BackendFor(role);
            calls[backend] = Math.Max(calls.GetValueOrDefault(backend), TeamRoles.InTeam.Contains(role) ? teams : 1);
        }

        return calls;
    }

    /// <summary>The paper's hybrid: everything on <paramref name="localBackend"/>, only the aggregator on <paramref name="hostedBackend"/>.</summary>
    public static RoleRoutes Hybrid(string localBackend, string hostedBackend) =>
        new(localBackend, new Dictionary<TeamRole, string> { [TeamRole.Aggregator] = hostedBackend });

    /// <summary>The backend serving <paramref name="role"/>.</summary>
    public string BackendFor(TeamRole role) =>
        _routes.TryGetValue(role, out var backend) ? backend
        : role.Follows() is { } followed ? BackendFor(followed)
        : Backend;

    /// <summary>What is wrong with routing the role named <paramref name="role"/> to the backend named
    /// <paramref name="backend"/> when <paramref name="backends"/> are configured; null when nothing is.</summary>
    public static string? Problem(string role, string backend, IReadOnlyCollection<string> backends) =>
        TeamRoles.TryParse(role, out _) ? BackendProblem(backend, backends) : $"unknown role '{role}'; roles are {TeamRoles.WireNames}";

    /// <summary>What is wrong with sending calls to the backend named <paramref name="backend"/> when <paramref name="backends"/>
    /// are configured; null when it is one of them.</summary>
    public static string? BackendProblem(string backend, IReadOnlyCollection<string> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        return backends.Contains(backend) ? null : $"no backend named '{backend}' (backends: {string.Join(", ", backends)})";
    }
}
