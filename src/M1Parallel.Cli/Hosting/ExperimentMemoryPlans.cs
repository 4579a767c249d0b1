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
                plans.Add(PlanOf(backend, options, error));
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

    // From the model file's header; for a catalog model not downloaded yet, from the catalog, so the memory can be
    // checked before a long download (only a missing file falls back: an unreadable header stays an error).
    private static BackendMemoryPlan PlanOf(BackendSpec backend, BackendHostOptions options, TextWriter error)
    {
        var teams = options.MinimumSequences[backend.Name];
        string path;
        try
        {
            path = BackendHost.ResolveModelPath(backend, options.CatalogSearchFolder, options.Environment);
        }
        catch (BackendStartException e) when (FromCatalog(backend, options) is var (file, shape))
        {
            error.WriteLine($"warning: {e.Message}");
            return BackendMemoryPlans.Plan(backend.Name, file, shape, backend.Local!, teams, options) with
            {
                Source = "planned from the catalog (the file is not downloaded): its published size and the model's known layout",
            };
        }

        return BackendMemoryPlans.Plan(backend.Name, path, backend.Local!, teams, options);
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
