using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Methods;
using M1Parallel.Routing;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Experiments.Methods;

/// <summary>
/// Runs an experiment's methods with real Magentic-One teams in parallel (M1-Parallel) through the one
/// <see cref="MethodRunner"/>: single, early stop or aggregate, every role's calls going to its backend's client. The
/// runner it creates starts the offline suite's website once for the whole experiment when the suite has one; dispose
/// the runner (it is <see cref="IAsyncDisposable"/>) to stop it.
/// </summary>
public sealed class ExperimentMethodRunnerFactory : IMethodRunnerFactory
{
    private readonly IBackendClientProvider _backends;
    private readonly string? _workFolder;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Creates the factory over the experiment's backend clients.</summary>
    /// <param name="backends">The clients of the spec's backends.</param>
    /// <param name="workFolder">Where runs keep their teams' work folders (<c>EXPERIMENT/TASK/METHOD-rN/team-I</c>); null puts
    /// them in <c>work/</c> beside the results store.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="loggerFactory">Where the model calls log (see <see cref="MethodRunner"/>); nowhere when null.</param>
    public ExperimentMethodRunnerFactory(IBackendClientProvider backends, string? workFolder = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = backends;
        _workFolder = workFolder;
        _time = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory;
    }

    /// <inheritdoc />
    /// <exception cref="MethodRunnerUnavailableException">A backend some method uses cannot be served.</exception>
    public IMethodRunner Create(ExperimentSpec spec) => Create(spec, backendsOwner: null);

    /// <summary>Creates the runner; disposing it also disposes <paramref name="backendsOwner"/> (the running backends).</summary>
    /// <exception cref="MethodRunnerUnavailableException">A backend some method uses cannot be served.</exception>
    public IMethodRunner Create(ExperimentSpec spec, IAsyncDisposable? backendsOwner)
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

        return new ExperimentMethodRunner(spec, new MethodRunner(_backends, _time, _loggerFactory), _workFolder, backendsOwner);
    }
}
