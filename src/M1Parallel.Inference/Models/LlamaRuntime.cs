using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Models;

/// <summary>The llama.cpp libraries every model runs on, loaded once per process.</summary>
public static class LlamaRuntime
{
    /// <summary>
    /// GPU backends shipped beside llama.cpp that gave no device, each with the reason (for example a missing CUDA
    /// runtime): layers asked for the GPU then run on the CPU. Empty when every shipped backend works.
    /// </summary>
    /// <exception cref="ModelLoadException">The llama.cpp libraries are missing or could not be initialised.</exception>
    public static IReadOnlyList<string> GpuBackendProblems => Initialize().GpuBackendProblems;

    /// <summary>Loads the libraries, turning a missing or broken install into a <see cref="ModelLoadException"/> naming the fix.</summary>
    internal static LlamaLibraryInfo Initialize()
    {
        try
        {
            return LlamaLibrary.EnsureInitialized();
        }
        catch (LlamaNativeLibraryException e)
        {
            throw new ModelLoadException(e.Message, e);
        }
    }
}
