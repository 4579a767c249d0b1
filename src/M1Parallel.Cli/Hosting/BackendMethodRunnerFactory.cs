using M1Parallel.Experiments.Methods;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// The experiment command's method runners: starts the backends the spec's methods use (through a
/// <see cref="BackendHost"/>, so each local backend has one scheduler for the whole experiment) and runs every method
/// with real teams through <see cref="ExperimentMethodRunnerFactory"/>, their model calls logged onto the logger factory
/// (none when null). The runner it returns owns the backends; dispose it.
/// </summary>
internal sealed class BackendMethodRunnerFactory(BackendHostOptions hostOptions, string? workFolder, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
    : IMethodRunnerFactory
{
    /// <inheritdoc />
    /// <exception cref="MethodRunnerUnavailableException">A backend could not be started; nothing was run.</exception>
    public IMethodRunner Create(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var used = CallsAtOnce(spec);
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
                HostOptionsFor(spec, hostOptions));
        }
        catch (BackendStartException e)
        {
            throw new MethodRunnerUnavailableException(e.Message);
        }

        try
        {
            return new ExperimentMethodRunnerFactory(host, workFolder, timeProvider, loggerFactory).Create(spec, backendsOwner: host);
        }
        catch
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>The backends <paramref name="spec"/>'s methods use, each with the most calls a method sends it at once.</summary>
    public static IReadOnlyDictionary<string, int> CallsAtOnce(ExperimentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var method in spec.Methods)
        {
            foreach (var (backend, calls) in method.Routes.CallsAtOnce(method.Settings.Teams))
            {
                used[backend] = Math.Max(used.GetValueOrDefault(backend), calls);
            }
        }

        return used;
    }

    /// <summary><paramref name="options"/> for <paramref name="spec"/>'s backends: sequences for the teams its methods
    /// run at once, catalog models looked up beside the spec.</summary>
    public static BackendHostOptions HostOptionsFor(ExperimentSpec spec, BackendHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            MinimumSequences = CallsAtOnce(spec),
            CatalogSearchFolder = options.CatalogSearchFolder ?? Path.GetDirectoryName(spec.SourcePath),
        };
    }
}
