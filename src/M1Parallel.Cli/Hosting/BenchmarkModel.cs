using M1Parallel.Inference.Models;
using M1Parallel.Inference.Synthetic;

namespace M1Parallel.Cli.Hosting;

/// <summary>The model a benchmark runs on: a GGUF path, or a synthetic SHAPE:QUANT made once and cached.</summary>
internal static class BenchmarkModel
{
    /// <summary>Loads the model, or returns null after printing why not.</summary>
    public static async Task<LlamaModel?> LoadAsync(FileInfo? model, string? synthetic, FileInfo? vocabulary, int gpuLayers, CancellationToken ct)
    {
        if ((model is null) == (synthetic is null))
        {
            Console.Error.WriteLine("error: give exactly one of --model PATH or --synthetic SHAPE:QUANT (e.g. --synthetic qwen3-0.6b:q4_0).");
            return null;
        }

        var path = model?.FullName;
        if (synthetic is not null)
        {
            var parts = synthetic.Split(':');
            ModelShape shape;
            SyntheticQuantization quantization;
            try
            {
                shape = ModelShape.FromName(parts[0]);
                quantization = SyntheticQuantizationNames.Parse(parts.Length > 1 ? parts[1] : "q4_0");
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return null;
            }

            var vocabTag = vocabulary is null ? "bytevocab" : "vocab-" + Path.GetFileNameWithoutExtension(vocabulary.Name);
            var cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "m1parallel", "synthetic");
            Directory.CreateDirectory(cache);
            path = Path.Combine(cache, $"{shape.Name}-{SyntheticQuantizationNames.Name(quantization)}-{vocabTag}.gguf");
            if (!File.Exists(path))
            {
                await ConsoleProgressBar.OnStandardError().RunAsync(
                    $"writing synthetic {shape.Name} {SyntheticQuantizationNames.Name(quantization)}",
                    progress => new SyntheticModelBuilder(new SyntheticModelOptions(shape, quantization, path)
                    {
                        VocabularyPath = vocabulary?.FullName, Progress = progress,
                    }).WriteAsync(ct));
            }
        }

        return ModelLoading.Load(path!, gpuLayers);
    }
}
