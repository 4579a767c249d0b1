using M1Parallel.Experiments.Methods;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Suites;
using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// The experiment command's method runners: starts the backends the spec's methods use (through a
/// <see cref="BackendHost"/>, so each local backend has one scheduler for the whole experiment) and runs every method
/// with real teams through <see cref="TeamMethodRunnerFactory"/>. The runner it returns owns the backends; dispose it.
/// </summary>
internal sealed class BackendMethodRunnerFactory(BackendHostOptions hostOptions, TeamMethodOptions methodOptions, TimeProvider timeProvider) : IMethodRunnerFactory
{
    /// <inheritdoc />
    /// <exception cref="MethodRunnerUnavailableException">A backend could not be started; nothing was run.</exception>
    public IMethodRunner Create(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var method in spec.Methods)
        {
            foreach (var role in TeamRoles.All)
            {
                var backend = method.Routes.BackendFor(role);
                var teams = TeamRoles.InTeam.Contains(role) ? method.Settings.Teams : 1;
                used[backend] = Math.Max(used.GetValueOrDefault(backend), teams);
            }
        }

        var missing = used.Keys.Where(name => !spec.Backends.ContainsKey(name)).ToArray();
        if (missing.Length > 0)
        {
            throw new MethodRunnerUnavailableException($"the methods use backend(s) {string.Join(", ", missing)}, which the spec does not define.");
        }

        BackendHost host;
        try
        {
            host = BackendHost.Open(
                spec.Backends.Values.Where(b => used.ContainsKey(b.Name)),
                hostOptions with { MinimumSequences = used, CatalogSearchFolder = hostOptions.CatalogSearchFolder ?? Path.GetDirectoryName(spec.SourcePath) });
        }
        catch (BackendStartException e)
        {
            throw new MethodRunnerUnavailableException(e.Message);
        }

        try
        {
            var runner = new TeamMethodRunnerFactory(host, methodOptions, timeProvider).Create(spec);
            return new OwningRunner(runner, host);
        }
        catch
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>A method runner that stops its backends when disposed.</summary>
    private sealed class OwningRunner(IMethodRunner inner, BackendHost host) : IMethodRunner, IAsyncDisposable
    {
        public Task<MethodRunResult> RunAsync(TaskItem task, MethodSpec method, int repetition, CancellationToken cancellationToken) =>
            inner.RunAsync(task, method, repetition, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (inner is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }

            await host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
