using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Models;

namespace M1Parallel.Cli.Hosting;

/// <summary>Loads a model for a command with a progress bar, turning load errors into one clear line.</summary>
internal static class ModelLoading
{
    /// <summary>The model, or null after printing why it could not be loaded.</summary>
    public static LlamaModel? Load(string path, int gpuLayers = -1)
    {
        try
        {
            var model = ConsoleProgressBar.OnStandardError().Run(
                $"loading {Path.GetFileName(path)}", progress => LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = gpuLayers, Progress = progress }));
            Console.Error.WriteLine($"{model.Description}: {model.ParameterCount:N0} parameters, {model.SizeBytes / 1048576.0:F1} MiB, " +
                                    $"context {model.ContextLength}, {model.LayerCount} layers");
            WarnAboutGpu(Console.Error, gpuLayers);
            return model;
        }
        catch (Exception e) when (e is FileNotFoundException or GgufFormatException or ModelLoadException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    /// <summary>Prints why layers asked for the GPU stay on the CPU (a GPU backend shipped but not loadable).</summary>
    public static void WarnAboutGpu(TextWriter log, int gpuLayers)
    {
        if (gpuLayers == 0)
        {
            return;
        }

        foreach (var problem in LlamaRuntime.GpuBackendProblems)
        {
            log.WriteLine($"warning: {problem}");
        }
    }
}
