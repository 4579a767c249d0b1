using M1Parallel.MagenticOne.Teams;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Routing;

/// <summary>
/// The one place a role's model calls get their client, composed with <see cref="ChatClientBuilder"/>: routed by
/// <see cref="RoleRoutes"/> to a backend's client, metered once onto the timeline of whoever makes the call (a team slot,
/// or the run's planner and aggregator), each entry naming the backend so usage and cost can be read per participant and
/// per backend, and with the role's defaults in every call's options (its <see cref="TeamChatOptionKeys.Role"/>, which
/// the model-call spans of <see cref="Telemetry.InstrumentedBackends"/> carry).
/// </summary>
public sealed class RoleClients
{
    private readonly IBackendClientProvider _backends;
    private readonly TimeProvider _time;

    /// <summary>Creates the clients of <paramref name="routes"/> over <paramref name="backends"/>.</summary>
    public RoleClients(RoleRoutes routes, IBackendClientProvider backends, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(backends);
        Routes = routes;
        _backends = backends;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Where each role's calls go.</summary>
    public RoleRoutes Routes { get; }

    /// <summary>A client for <paramref name="role"/> whose every call is metered onto <paramref name="usage"/>.</summary>
    /// <exception cref="InvalidOperationException">The backend gave no client.</exception>
    public IChatClient For(TeamRole role, UsageTimeline usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var backend = Routes.BackendFor(role);
        var client = _backends.GetClient(backend)
            ?? throw new InvalidOperationException($"Backend '{backend}' gave no chat client for the role '{role.ToWireName()}'.");
        var wireName = role.ToWireName();
        return client.AsBuilder()
            .UseUsageMetering(usage, backend, _time)
            .ConfigureOptions(options => (options.AdditionalProperties ??= []).TryAdd(TeamChatOptionKeys.Role, wireName))
            .Build();
    }
}
