using M1Parallel.Experiments.Specs;

namespace M1Parallel.Cli.Hosting;

/// <summary>The memory plans <c>m1p experiment --dry-run</c> shows: every local backend the spec's methods use,
/// planned from its GGUF header without loading it, and whether they would fit here.</summary>
internal static class ExperimentMemoryPlans
{
    /// <summary>Writes the plans to <paramref name="output"/>, and to <paramref name="error"/> a warning for each backend
    /// that cannot be planned (its model file is missing) and for plans that would not fit.</summary>
    public static void Write(ExperimentSpec spec, BackendHostOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        options = BackendMethodRunnerFactory.HostOptionsFor(spec, options);
        var plans = new List<BackendMemoryPlan>();
        foreach (var backend in spec.Backends.Values.Where(b => b.Local is not null && options.MinimumSequences.ContainsKey(b.Name)))
        {
            try
            {
                var path = BackendHost.ResolveModelPath(backend, options.CatalogSearchFolder, options.Environment);
                plans.Add(BackendMemoryPlans.Plan(backend.Name, path, backend.Local!, options.MinimumSequences[backend.Name], options));
            }
            catch (BackendStartException e)
            {
                error.WriteLine($"warning: no memory plan: {e.Message}");
            }
        }

        BackendMemoryPlans.Write(plans, output);
        if (BackendMemoryPlans.Refusal(plans) is { } refusal)
        {
            error.WriteLine($"warning: the experiment would stop before its first run here: {refusal}");
        }
    }
}
