using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Memory;
using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// Plans the memory of local backends from their GGUF headers alone (nothing is loaded), prints the plans, and says
/// when they do not fit: used before a <see cref="BackendHost"/> loads anything, and by <c>m1p experiment --dry-run</c>.
/// </summary>
internal static class BackendMemoryPlans
{
    /// <summary>The plan of every local backend in <paramref name="backends"/>, with the sequences, threads and GPU
    /// layers <see cref="BackendHost"/> would start it with.</summary>
    /// <exception cref="BackendStartException">A model file is missing or its header unreadable, or a setting cannot apply to it.</exception>
    public static IReadOnlyList<BackendMemoryPlan> For(IEnumerable<BackendSpec> backends, BackendHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(backends);
        ArgumentNullException.ThrowIfNull(options);
        var plans = new List<BackendMemoryPlan>();
        foreach (var backend in backends.Where(b => b.Local is not null))
        {
            var path = BackendHost.ResolveModelPath(backend, options.CatalogSearchFolder, options.Environment);
            plans.Add(Plan(backend.Name, path, backend.Local!, options.MinimumSequences.GetValueOrDefault(backend.Name, 1), options));
        }

        return plans;
    }

    /// <summary>The plan of one local model run with <paramref name="settings"/> for <paramref name="teamsAtOnce"/> teams.</summary>
    /// <exception cref="BackendStartException">The header is unreadable, or a setting cannot apply to this model.</exception>
    public static BackendMemoryPlan Plan(string backend, string modelPath, LocalBackendSettings settings, int teamsAtOnce, BackendHostOptions options)
    {
        ModelMemoryShape shape;
        try
        {
            shape = ModelMemoryShape.FromGguf(GgufFile.Read(modelPath));
        }
        catch (Exception e) when (e is FileNotFoundException or GgufFormatException)
        {
            throw new BackendStartException($"backend '{backend}': {e.Message}", e);
        }

        return Plan(backend, modelPath, shape, settings, teamsAtOnce, options);
    }

    /// <summary>The plan of a model of <paramref name="shape"/> (named by <paramref name="modelPath"/>) run with
    /// <paramref name="settings"/> for <paramref name="teamsAtOnce"/> teams.</summary>
    /// <exception cref="BackendStartException">A setting cannot apply to this model.</exception>
    public static BackendMemoryPlan Plan(string backend, string modelPath, ModelMemoryShape shape, LocalBackendSettings settings, int teamsAtOnce, BackendHostOptions options)
    {
        try
        {
            settings = settings.OnMachine(options.Machine);
            var scheduler = settings.SchedulerOptions(settings.SequencesFor(teamsAtOnce));
            var gpuLayers = settings.GpuLayerCount;
            var device = options.FreeMemory(gpuLayers);
            var share = device.IsGpu && gpuLayers > 0 && gpuLayers < shape.LayerCount ? (double)gpuLayers / shape.LayerCount : 1;
            var plan = new MemoryPlan(shape, scheduler.ContextSizeFor(shape.TrainedContextLength), scheduler.MaxSequences, scheduler.KvCacheType, scheduler.BatchSize, share);
            return new BackendMemoryPlan(backend, modelPath, plan, device);
        }
        catch (ArgumentException e)
        {
            var problem = e is InvalidSettingException s ? $"{s.Key}: {s.Problem}" : e.Message;
            throw new BackendStartException($"backend '{backend}': {problem}", e);
        }
    }

    /// <summary>Writes each plan as a few lines under a heading naming the backend and its model.</summary>
    public static void Write(IEnumerable<BackendMemoryPlan> plans, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var plan in plans)
        {
            output.WriteLine($"memory plan of backend '{plan.Backend}' ({Path.GetFileName(plan.ModelPath)}, {plan.Plan.Shape.Architecture}):");
            if (plan.Source is { } source)
            {
                output.WriteLine("  " + source);
            }

            foreach (var line in plan.Plan.Describe(plan.Device))
            {
                output.WriteLine("  " + line);
            }
        }
    }

    /// <summary>Why the plans do not fit together, naming the backend and the fix; null when they fit. Backends on one
    /// device share its free memory, and backends on one model file its weights.</summary>
    public static string? Refusal(IReadOnlyList<BackendMemoryPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        foreach (var onDevice in plans.GroupBy(p => p.Device.Name))
        {
            var all = onDevice.ToList();
            var total = all.Sum(p => p.Plan.KvBytes + p.Plan.ComputeBytes) + all.DistinctBy(p => p.ModelPath).Sum(p => p.Plan.WeightBytes);
            foreach (var plan in all)
            {
                var others = total - plan.Plan.TotalBytes;
                if (plan.Plan.Refusal(plan.Device, others) is { } refusal)
                {
                    return $"backend '{plan.Backend}' does not fit in memory: it {refusal}";
                }
            }
        }

        return null;
    }
}
