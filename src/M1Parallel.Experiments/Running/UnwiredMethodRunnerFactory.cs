using M1Parallel.Experiments.Specs;

namespace M1Parallel.Experiments.Running;

/// <summary>The factory used until the parallel-teams method is wired into <c>m1p</c>: it refuses clearly instead of faking results.</summary>
public sealed class UnwiredMethodRunnerFactory : IMethodRunnerFactory
{
    /// <inheritdoc />
    /// <exception cref="MethodRunnerUnavailableException">Always: it names the first backend the experiment uses.</exception>
    public IMethodRunner Create(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var backend = spec.Methods.Select(m => m.Routes.Backend).FirstOrDefault() ?? spec.Backends.Keys.FirstOrDefault() ?? "(none)";
        var kind = spec.Backends.TryGetValue(backend, out var b) ? $"{b.Kind.ToString().ToLowerInvariant()}, model {b.Model}" : "unknown";
        throw new MethodRunnerUnavailableException(
            $"no method runner for backend '{backend}' ({kind}): this m1p build has no parallel-teams method wired to its backends yet, so nothing was run.");
    }
}
