using System.Globalization;

namespace M1Parallel.Inference.Memory;

/// <summary>
/// What one llama.cpp context over a model needs, worked out before anything is loaded: the weights (the GGUF tensor
/// sizes), the KV cache (<see cref="ModelMemoryShape.KvBytesPerToken"/> × the context, <see cref="ContextPerSequence"/>
/// for each of <see cref="Sequences"/>) and the compute buffers (an estimate, see <see cref="ComputeBytes"/>), to hold
/// against a device's free memory with <see cref="Refusal"/>.
/// </summary>
public sealed record MemoryPlan
{
    /// <summary>Plans a context of <paramref name="contextTokens"/> tokens in all for <paramref name="sequences"/> sequences.</summary>
    /// <param name="shape">The model's dimensions.</param>
    /// <param name="contextTokens">The context handed to llama.cpp (every sequence's together).</param>
    /// <param name="sequences">Sequences decoded together.</param>
    /// <param name="kvCacheType">How keys and values are stored.</param>
    /// <param name="batchSize">Most tokens one decode step takes (the scheduler's batch size).</param>
    /// <param name="layerShare">The share of the layers on the planned device (1 when all are; less with a partial GPU offload).</param>
    /// <exception cref="ArgumentException">A count is not positive, the share is outside (0, 1], or the model's heads cannot be stored in the KV type.</exception>
    public MemoryPlan(ModelMemoryShape shape, int contextTokens, int sequences, KvCacheType kvCacheType, int batchSize, double layerShare = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contextTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (layerShare is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(layerShare), layerShare, "The share of layers on the device must be in (0, 1].");
        }

        if (shape.KeyLength % kvCacheType.BlockElements() != 0 || shape.ValueLength % kvCacheType.BlockElements() != 0)
        {
            throw new ArgumentException(
                $"kv_cache_type {kvCacheType.Name()} stores blocks of {kvCacheType.BlockElements()} values, but this model's key and value heads are " +
                $"{shape.KeyLength} and {shape.ValueLength} wide; use kv_cache_type f16.", nameof(kvCacheType));
        }

        Shape = shape;
        ContextTokens = contextTokens;
        Sequences = sequences;
        KvCacheType = kvCacheType;
        BatchSize = batchSize;
        LayerShare = layerShare;
    }

    /// <summary>The model's dimensions.</summary>
    public ModelMemoryShape Shape { get; }

    /// <summary>The context handed to llama.cpp, every sequence's together.</summary>
    public int ContextTokens { get; }

    /// <summary>Sequences decoded together.</summary>
    public int Sequences { get; }

    /// <summary>The context each sequence has.</summary>
    public int ContextPerSequence => ContextTokens / Sequences;

    /// <summary>How keys and values are stored.</summary>
    public KvCacheType KvCacheType { get; }

    /// <summary>Most tokens one decode step takes.</summary>
    public int BatchSize { get; }

    /// <summary>The share of the layers on the planned device.</summary>
    public double LayerShare { get; }

    /// <summary>Bytes of weights on the device.</summary>
    public long WeightBytes => (long)Math.Ceiling(Shape.WeightBytes * LayerShare);

    /// <summary>Bytes of KV cache one sequence's context takes on the device.</summary>
    public long KvBytesPerSequence => (long)Math.Ceiling(Shape.KvBytesPerToken(KvCacheType) * LayerShare * ContextPerSequence);

    /// <summary>Bytes of the whole KV cache on the device.</summary>
    public long KvBytes => (long)Math.Ceiling(Shape.KvBytesPerToken(KvCacheType) * LayerShare * ContextTokens);

    /// <summary>
    /// An estimate of llama.cpp's compute buffers, which it sizes by building the graph of a worst-case batch: the f32
    /// logits of a full batch (vocabulary × batch × 4 bytes), one layer's f32 activations for the batch (batch ×
    /// (4 × embedding + 2 × heads × key length + 3 × feed-forward) × 4 bytes) and one layer's keys and values over the
    /// whole context in f16 (read by attention). It assumes flash attention, which llama.cpp's default (auto) turns on
    /// where the device supports it; llama.cpp logs the exact sizes when it creates the context.
    /// </summary>
    public long ComputeBytes
    {
        get
        {
            long batch = BatchSize;
            var logits = (long)Shape.VocabularySize * batch * 4;
            var activations = batch * ((4L * Shape.EmbeddingLength) + (2L * Shape.HeadCount * Shape.KeyLength) + (3L * Shape.FeedForwardLength)) * 4;
            var attention = (long)ContextTokens * (Shape.KvElementsPerToken / Shape.LayerCount) * 2;
            return logits + activations + attention;
        }
    }

    /// <summary>Weights, KV cache and compute buffers together.</summary>
    public long TotalBytes => WeightBytes + KvBytes + ComputeBytes;

    /// <summary>The plan as lines for a console: each part, how it was worked out, and the total against <paramref name="device"/>.</summary>
    public IReadOnlyList<string> Describe(MemoryDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var share = LayerShare < 1 ? $" ({LayerShare:P0} of the layers; the rest stay in system memory)" : "";
        return
        [
            $"weights          {Bytes(WeightBytes),10}  GGUF tensor sizes{share}",
            $"KV cache         {Bytes(KvBytes),10}  {Sequences} sequences × {Count(ContextPerSequence)} tokens × {Bytes((long)Math.Round(Shape.KvBytesPerToken(KvCacheType) * LayerShare))}/token ({KvCacheType.Name()}) = {Bytes(KvBytesPerSequence)} per sequence",
            $"compute buffers  {"~" + Bytes(ComputeBytes),10}  estimate: batch logits + one layer's activations + one layer's K/V over the context (flash attention)",
            $"total            {Bytes(TotalBytes),10}  of {Bytes(device.FreeBytes)} free ({device.Name}, {device.Source})",
        ];
    }

    /// <summary>Why the plan does not fit on <paramref name="device"/> beside <paramref name="otherBytes"/> that other
    /// contexts there take, with the fixes that would make it fit (fewer sequences, a smaller context per sequence, a
    /// quantized KV cache); null when it fits.</summary>
    public string? Refusal(MemoryDevice device, long otherBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(device);
        var room = device.FreeBytes - otherBytes;
        if (TotalBytes <= room)
        {
            return null;
        }

        var others = otherBytes > 0 ? $" beside {Bytes(otherBytes)} for the other local backends" : "";
        var needs = $"needs {Bytes(TotalBytes)} (weights {Bytes(WeightBytes)}, KV cache {Bytes(KvBytes)}, compute ~{Bytes(ComputeBytes)}) " +
                    $"but {device.Name} has {Bytes(device.FreeBytes)} free{others}";
        var fixes = new List<string>();
        if (Enumerable.Range(1, Sequences - 1).Reverse().FirstOrDefault(s => With(ContextPerSequence * s, s, KvCacheType).TotalBytes <= room) is var fewer and > 0)
        {
            fixes.Add($"fewer sequences (sequences: {fewer} fits at context_per_sequence {ContextPerSequence})");
        }

        if (LargestContextPerSequence(room) is { } context)
        {
            fixes.Add($"a smaller context (context_per_sequence: {context} fits {Sequences} sequences)");
        }

        var quantized = Enum.GetValues<KvCacheType>()
            .OrderByDescending(t => t.BytesPerElement())
            .Where(t => t.BytesPerElement() < KvCacheType.BytesPerElement() && Shape.KeyLength % t.BlockElements() == 0 && Shape.ValueLength % t.BlockElements() == 0)
            .Select(t => (Type: t, Total: With(ContextTokens, Sequences, t).TotalBytes))
            .ToList();
        if (quantized.Count > 0)
        {
            fixes.Add("a quantized KV cache (" + string.Join(", ", quantized.Select(q => $"kv_cache_type: {q.Type.Name()} needs {Bytes(q.Total)}{(q.Total <= room ? ", fits" : "")}")) + ")");
        }

        if (fixes.Count == 0)
        {
            return $"{needs}; the weights and compute buffers alone do not fit: use a smaller quantization of the model, or offload fewer layers (gpu_layers).";
        }

        return $"{needs}. Fix: {string.Join("; or ", fixes)}.";
    }

    /// <summary>Bytes as a person reads them: "512 B", "24.0 MiB", "19.76 GiB".</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:0.00} GiB"),
    };

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private MemoryPlan With(int contextTokens, int sequences, KvCacheType type) => new(Shape, contextTokens, sequences, type, BatchSize, LayerShare);

    // The largest multiple of 256 tokens per sequence (below today's) at which every sequence fits, or null.
    private int? LargestContextPerSequence(long room)
    {
        const int Step = 256;
        int? best = null;
        for (int low = 1, high = (ContextPerSequence - 1) / Step; low <= high;)
        {
            var middle = (low + high) / 2;
            if (With(middle * Step * Sequences, Sequences, KvCacheType).TotalBytes <= room)
            {
                best = middle * Step;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return best;
    }
}
