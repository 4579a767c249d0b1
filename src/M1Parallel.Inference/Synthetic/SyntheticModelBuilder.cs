using M1Parallel.Inference.Gguf;

namespace M1Parallel.Inference.Synthetic;

/// <summary>
/// Writes a random-weight Qwen3 GGUF with a real model's shape and tensor types, for speed benchmarks (decoding speed
/// does not depend on weight values) and for tests. Tensor data is streamed, so a 19 GB file never sits in memory.
/// </summary>
public sealed class SyntheticModelBuilder
{
    private readonly SyntheticModelOptions _options;
    private readonly Lazy<SyntheticVocabulary> _vocabulary;

    /// <summary>Creates a builder for the given options.</summary>
    public SyntheticModelBuilder(SyntheticModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _vocabulary = new Lazy<SyntheticVocabulary>(() => options.VocabularyPath is { } path
            ? SyntheticVocabulary.FromFile(path)
            : SyntheticVocabulary.BuiltIn(options.Shape.VocabularySize));
    }

    /// <summary>The tensors, parameter count and data size of a model, without writing anything.</summary>
    /// <param name="shape">The architecture's dimensions.</param>
    /// <param name="quantization">How weight matrices are stored.</param>
    /// <param name="vocabularySize">Tokens in the vocabulary (rows of the embedding and output matrices).</param>
    public static SyntheticModelPlan Plan(ModelShape shape, SyntheticQuantization quantization, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        long d = shape.EmbeddingLength, q = (long)shape.HeadCount * shape.HeadDimension;
        long kv = (long)shape.KvHeadCount * shape.HeadDimension, ff = shape.FeedForwardLength, n = shape.LayerCount;
        var weight = BaseType(quantization);
        var output = OutputType(quantization);
        var moreBits = quantization == SyntheticQuantization.Q4_K_M ? GgmlType.Q6_K : weight;

        var tensors = new List<SyntheticTensor>
        {
            // Tied models keep only token_embd; llama.cpp then stores it as it would the output matrix.
            new("token_embd.weight", [d, vocabularySize], shape.TiedEmbeddings ? output : weight),
        };
        for (var i = 0; i < n; i++)
        {
            var extra = UseMoreBits(i, (int)n) ? moreBits : weight;
            tensors.Add(new($"blk.{i}.attn_norm.weight", [d], GgmlType.F32));
            tensors.Add(new($"blk.{i}.attn_q.weight", [d, q], weight));
            tensors.Add(new($"blk.{i}.attn_k.weight", [d, kv], weight));
            tensors.Add(new($"blk.{i}.attn_v.weight", [d, kv], extra));
            tensors.Add(new($"blk.{i}.attn_output.weight", [q, d], weight));
            tensors.Add(new($"blk.{i}.attn_q_norm.weight", [shape.HeadDimension], GgmlType.F32));
            tensors.Add(new($"blk.{i}.attn_k_norm.weight", [shape.HeadDimension], GgmlType.F32));
            tensors.Add(new($"blk.{i}.ffn_norm.weight", [d], GgmlType.F32));
            tensors.Add(new($"blk.{i}.ffn_gate.weight", [d, ff], weight));
            tensors.Add(new($"blk.{i}.ffn_up.weight", [d, ff], weight));
            tensors.Add(new($"blk.{i}.ffn_down.weight", [ff, d], extra));
        }

        tensors.Add(new("output_norm.weight", [d], GgmlType.F32));
        if (!shape.TiedEmbeddings)
        {
            tensors.Add(new("output.weight", [d, vocabularySize], output));
        }

        return new SyntheticModelPlan(shape, quantization, vocabularySize, tensors);
    }

    /// <summary>The plan for these options: loads the vocabulary (if any) to learn its size.</summary>
    /// <exception cref="SyntheticModelException">The vocabulary file holds no tokenizer.</exception>
    /// <exception cref="GgufFormatException">The vocabulary file is not a valid GGUF.</exception>
    public SyntheticModelPlan Plan() => Plan(_options.Shape, _options.Quantization, _vocabulary.Value.Count);

    /// <summary>Writes the model file (replacing any file there) and returns its plan; a partial file is removed on failure.</summary>
    /// <exception cref="SyntheticModelException">The vocabulary is unusable or the file could not be written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left at the output path.</exception>
    public Task<SyntheticModelPlan> WriteAsync(CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Write(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private SyntheticModelPlan Write(CancellationToken cancellationToken)
    {
        var options = _options;
        var shape = options.Shape;
        var vocabulary = _vocabulary.Value;
        var plan = Plan(shape, options.Quantization, vocabulary.Count);
        var writer = new GgufWriter()
            .Set("general.architecture", GgufValue.Of("qwen3"))
            .Set("general.name", GgufValue.Of($"{shape.Name}-synthetic-{SyntheticQuantizationNames.Name(options.Quantization)}"))
            .Set("general.description", GgufValue.Of(
                $"Random weights with the shape of {shape.Name} (seed {options.Seed}, vocabulary {vocabulary.Description}), " +
                "made by 'm1p models synth' for speed benchmarks and tests; its text is noise."))
            .Set("general.file_type", GgufValue.Of(plan.FileType));
        if (options.Quantization != SyntheticQuantization.F16)
        {
            writer.Set("general.quantization_version", GgufValue.Of(2u));
        }

        foreach (var (key, value) in ShapeMetadata(shape).Concat(vocabulary.Metadata))
        {
            writer.Set(key, value);
        }

        foreach (var tensor in plan.Tensors)
        {
            writer.AddTensor(tensor.Name, tensor.Type, [.. tensor.Dimensions],
                stream => RandomTensorData.Write(stream, tensor, options.Seed, cancellationToken));
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
            writer.Write(options.OutputPath, options.Progress, cancellationToken);
        }
        catch (IOException e)
        {
            throw new SyntheticModelException(
                $"Could not write '{options.OutputPath}' ({plan.TensorBytes / 1e9:F2} GB of tensor data): {e.Message} " +
                "Check free disk space and that the folder is writable.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SyntheticModelException(
                $"Could not write '{options.OutputPath}': {e.Message} Choose a folder you can write to.", e);
        }

        return plan;
    }

    /// <summary>The qwen3.* header keys that give llama.cpp the shape's dimensions.</summary>
    internal static IReadOnlyList<KeyValuePair<string, GgufValue>> ShapeMetadata(ModelShape shape) =>
    [
        new("qwen3.context_length", GgufValue.Of((uint)shape.ContextLength)),
        new("qwen3.embedding_length", GgufValue.Of((uint)shape.EmbeddingLength)),
        new("qwen3.block_count", GgufValue.Of((uint)shape.LayerCount)),
        new("qwen3.feed_forward_length", GgufValue.Of((uint)shape.FeedForwardLength)),
        new("qwen3.attention.head_count", GgufValue.Of((uint)shape.HeadCount)),
        new("qwen3.attention.head_count_kv", GgufValue.Of((uint)shape.KvHeadCount)),
        new("qwen3.attention.key_length", GgufValue.Of((uint)shape.HeadDimension)),
        new("qwen3.attention.value_length", GgufValue.Of((uint)shape.HeadDimension)),
        new("qwen3.rope.freq_base", GgufValue.Of(shape.RopeFrequencyBase)),
        new("qwen3.attention.layer_norm_rms_epsilon", GgufValue.Of(shape.RmsNormEpsilon)),
    ];

    private static GgmlType BaseType(SyntheticQuantization quantization) => quantization switch
    {
        SyntheticQuantization.F16 => GgmlType.F16,
        SyntheticQuantization.Q8_0 => GgmlType.Q8_0,
        SyntheticQuantization.Q4_0 => GgmlType.Q4_0,
        SyntheticQuantization.Q4_K_M => GgmlType.Q4_K,
        _ => throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization."),
    };

    // llama-quantize keeps the output matrix at Q6_K for every quantization below 8 bits (llama_tensor_get_type_impl).
    private static GgmlType OutputType(SyntheticQuantization quantization) => quantization switch
    {
        SyntheticQuantization.Q4_0 or SyntheticQuantization.Q4_K_M => GgmlType.Q6_K,
        _ => BaseType(quantization),
    };

    // llama.cpp's use_more_bits: Q4_K_M stores attn_v and ffn_down of these layers as Q6_K.
    private static bool UseMoreBits(int layer, int layers) =>
        layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}
