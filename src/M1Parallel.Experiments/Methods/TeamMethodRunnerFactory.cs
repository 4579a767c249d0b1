using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;

namespace M1Parallel.Experiments.Methods;

/// <summary>
/// Runs an experiment's methods with real Magentic-One teams in parallel (M1-Parallel): single, early stop or aggregate,
/// every role's calls going to its backend's client. The runner it creates starts the offline suite's website once for
/// the whole experiment when the suite has one; dispose the runner (it is <see cref="IAsyncDisposable"/>) to stop it.
/// </summary>
public sealed class TeamMethodRunnerFactory : IMethodRunnerFactory
{
    private readonly IBackendClientProvider _backends;
    private readonly TeamMethodOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the factory over the experiment's backend clients.</summary>
    public TeamMethodRunnerFactory(IBackendClientProvider backends, TeamMethodOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = backends;
        _options = options ?? new TeamMethodOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="MethodRunnerUnavailableException">A backend some method uses cannot be served.</exception>
    public IMethodRunner Create(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var method in spec.Methods)
        {
            foreach (var backend in method.Routes.BackendsUsed)
            {
                if (!spec.Backends.ContainsKey(backend))
                {
                    throw new MethodRunnerUnavailableException(
                        $"method '{method.Name}' uses backend '{backend}', which the spec does not define (backends: {string.Join(", ", spec.Backends.Keys)}).");
                }

                _ = _backends.GetClient(backend);
            }
        }

        return new TeamMethodRunner(spec, _backends, _options, _time);
    }
}
