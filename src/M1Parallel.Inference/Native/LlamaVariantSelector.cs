namespace M1Parallel.Inference.Native;

/// <summary>
/// Chooses which shipped llama.cpp build to load: CUDA 13 when the NVIDIA driver supports CUDA 13 and its runtime loads,
/// else CUDA 12 likewise, else Metal or the CPU build. A CUDA build that was shipped but could not be used is reported, with
/// what was missing, because the model then runs on the CPU.
/// </summary>
internal static class LlamaVariantSelector
{
    /// <summary>Chooses among <paramref name="shipped"/>; null when nothing was shipped.</summary>
    /// <param name="root">The folder holding the variants' folders, named in the problems reported.</param>
    /// <param name="shipped">The variants whose folder holds llama.cpp.</param>
    /// <param name="probe">Which libraries this machine loads.</param>
    /// <param name="cudaPlatform">Whether this operating system runs the CUDA builds (Linux).</param>
    public static LlamaVariantChoice? Choose(string root, IReadOnlyCollection<LlamaVariant> shipped, INativeLibraryProbe probe,
        bool cudaPlatform)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        ArgumentNullException.ThrowIfNull(probe);
        var cuda = LlamaVariant.All.Where(v => v.CudaMajor > 0 && shipped.Contains(v)).ToList();
        var reasons = new List<(string Build, string Why)>();
        foreach (var variant in cuda)
        {
            if (WhyNot(variant.CudaMajor, probe, cudaPlatform) is not { } why)
            {
                return new LlamaVariantChoice(variant, []);
            }

            reasons.Add(($"CUDA {variant.CudaMajor} ({variant.Folder}/)", why));
        }

        var fallback = shipped.Contains(LlamaVariant.Metal) ? LlamaVariant.Metal
            : shipped.Contains(LlamaVariant.Cpu) ? LlamaVariant.Cpu
            : cuda.FirstOrDefault(); // a CUDA build carries the CPU backends too
        if (fallback is null)
        {
            return null;
        }

        if (reasons.Count == 0)
        {
            return new LlamaVariantChoice(fallback, []);
        }

        // Builds that failed for the same reason (no driver) share one sentence.
        var failures = string.Join("; ", reasons.GroupBy(r => r.Why).Select(g => $"{string.Join(" and ", g.Select(r => r.Build))}: {g.Key}"));
        var runtimes = string.Join(" or ", cuda.Select(v => $"the CUDA {v.CudaMajor} runtime (libcudart.so.{v.CudaMajor}, libcublas.so.{v.CudaMajor})"));
        return new LlamaVariantChoice(fallback,
        [
            $"The CUDA builds of llama.cpp in {root} could not be used, so models run on the CPU: {failures}. " +
            $"Install {runtimes} and an NVIDIA driver that supports it (or add their folder to LD_LIBRARY_PATH), and check that " +
            "the GPU is visible (nvidia-smi).",
        ]);
    }

    private static string? WhyNot(int major, INativeLibraryProbe probe, bool cudaPlatform)
    {
        if (!cudaPlatform)
        {
            return "the CUDA builds run on Linux only";
        }

        if (probe.LoadError(NativeLibraryProbe.CudaDriver) is { } driverError)
        {
            return $"the NVIDIA driver ({NativeLibraryProbe.CudaDriver}) could not be loaded ({driverError})";
        }

        if (probe.CudaDriverVersion() is { } version && version < major * 1000)
        {
            return $"the NVIDIA driver supports CUDA up to {version / 1000}.{version % 1000 / 10}; CUDA {major} needs a newer driver";
        }

        foreach (var library in new[] { $"libcudart.so.{major}", $"libcublas.so.{major}" })
        {
            if (probe.LoadError(library) is { } error)
            {
                return $"{library} could not be loaded ({error})";
            }
        }

        return null;
    }
}
