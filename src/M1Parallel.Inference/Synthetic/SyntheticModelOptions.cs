namespace M1Parallel.Inference.Synthetic;

/// <summary>What synthetic model to write and where. Validated as it is built.</summary>
public sealed record SyntheticModelOptions
{
    private readonly string? _vocabularyPath;

    /// <summary>Creates options for a model of <paramref name="shape"/> stored as <paramref name="quantization"/> at <paramref name="outputPath"/>.</summary>
    /// <exception cref="ArgumentException">The output path is empty or names an existing directory.</exception>
    public SyntheticModelOptions(ModelShape shape, SyntheticQuantization quantization, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!Enum.IsDefined(quantization))
        {
            throw new ArgumentOutOfRangeException(nameof(quantization), quantization,
                $"Unknown quantization; use one of: {string.Join(", ", SyntheticQuantizationNames.All)}.");
        }

        if (string.IsNullOrWhiteSpace(outputPath))
        {
            throw new ArgumentException("The output path is empty; give the .gguf file to write, e.g. models/qwen3-32b-synthetic.gguf.", nameof(outputPath));
        }

        if (Directory.Exists(outputPath))
        {
            throw new ArgumentException($"The output path '{outputPath}' is a directory; give a file name inside it, e.g. '{Path.Combine(outputPath, shape.Name + ".gguf")}'.", nameof(outputPath));
        }

        Shape = shape;
        Quantization = quantization;
        OutputPath = Path.GetFullPath(outputPath);
    }

    /// <summary>The architecture's dimensions.</summary>
    public ModelShape Shape { get; }

    /// <summary>How weight matrices are stored.</summary>
    public SyntheticQuantization Quantization { get; }

    /// <summary>The .gguf file to write (replaced if it exists).</summary>
    public string OutputPath { get; }

    /// <summary>A GGUF whose tokenizer.* keys are copied (e.g. ggml-vocab-qwen2.gguf); null uses a small built-in byte-level vocabulary.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public string? VocabularyPath
    {
        get => _vocabularyPath;
        init => _vocabularyPath = value is null || File.Exists(value)
            ? value
            : throw new FileNotFoundException(
                $"Vocabulary file '{value}' does not exist. Pass a GGUF holding a tokenizer (e.g. models/test/ggml-vocab-qwen2.gguf) or leave it out for the built-in vocabulary.", value);
    }

    /// <summary>Seed of the random weights; the same options and seed give the same file.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Receives write progress from 0 to 1.</summary>
    public IProgress<double>? Progress { get; init; }
}
