using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Models;

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
            catch (BackendStartException e) when (FromCatalog(backend, options) is var (file, shape))
            {
                // Not downloaded yet: plan from the catalog, so the memory can be checked before a long download.
                error.WriteLine($"warning: {e.Message}");
                plans.Add(BackendMemoryPlans.Plan(backend.Name, file, shape, backend.Local!, options.MinimumSequences[backend.Name], options) with
                {
                    Source = "planned from the catalog (the file is not downloaded): its published size and the model's known layout",
                });
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

    // A backend naming a catalog model whose size and layout the catalog gives; null for a .gguf path or an unknown one.
    private static (string File, ModelMemoryShape Shape)? FromCatalog(BackendSpec backend, BackendHostOptions options)
    {
        try
        {
            var (_, entry) = ModelsFolder.FindEntry(backend.Model, BackendHost.CatalogSearchFolders(options.CatalogSearchFolder));
            return ModelMemoryShape.FromCatalog(entry) is { } shape ? (entry.File, shape) : null;
        }
        catch (Exception e) when (e is FileNotFoundException or KeyNotFoundException or InvalidDataException)
        {
            return null;
        }
    }
}
