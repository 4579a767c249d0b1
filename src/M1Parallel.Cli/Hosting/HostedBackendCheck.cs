using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Hosted;

namespace M1Parallel.Cli.Hosting;

/// <summary>Asks every hosted backend the methods use for an answer before an experiment starts (see <see cref="HostedEndpointProbe"/>).</summary>
internal static class HostedBackendCheck
{
    /// <summary>One line per hosted backend that cannot be used, naming it and the fix; empty when all answered.</summary>
    public static async Task<IReadOnlyList<string>> FindProblemsAsync(ExperimentSpec spec, Func<string, string?>? environment, CancellationToken cancellationToken)
    {
        var used = spec.Methods.SelectMany(m => m.Routes.BackendsUsed).ToHashSet(StringComparer.Ordinal);
        var checks = spec.Backends.Values
            .Where(b => b.Kind == BackendKind.Hosted && b.BaseUrl is not null && used.Contains(b.Name))
            .Select(async b =>
            {
                HostedBackendOptions options;
                try
                {
                    options = new HostedBackendOptions(b.BaseUrl!, b.Model, b.ApiKeyEnv);
                }
                catch (ArgumentException e)
                {
                    return $"backend '{b.Name}': {e.Message}";
                }

                return await HostedEndpointProbe.FindProblemAsync(options, environment, cancellationToken: cancellationToken).ConfigureAwait(false) is { } problem
                    ? $"backend '{b.Name}': {problem}"
                    : null;
            });
        return (await Task.WhenAll(checks).ConfigureAwait(false)).OfType<string>().ToList();
    }
}
