using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Synthetic;

namespace M1Parallel.Inference.Memory;

/// <summary>
/// What a model's memory depends on, read from its GGUF header without loading any weights: the weights' bytes (the
/// tensor table's sizes) and the dimensions that size the KV cache and the compute buffers.
/// </summary>
/// <param name="Architecture">general.architecture, e.g. qwen3.</param>
/// <param name="WeightBytes">Bytes of every tensor's data.</param>
/// <param name="LayerCount">Transformer blocks (<c>ARCH.block_count</c>).</param>
/// <param name="KvHeadCount">Key/value heads per layer (<c>ARCH.attention.head_count_kv</c>; the largest where it varies by layer).</param>
/// <param name="KeyLength">Width of one key head (<c>ARCH.attention.key_length</c>, else embedding_length / head_count).</param>
/// <param name="ValueLength">Width of one value head (<c>ARCH.attention.value_length</c>, else the key length).</param>
/// <param name="KvElementsPerToken">Key and value elements one token adds to the cache over all layers:
/// Σ over layers of head_count_kv × (key_length + value_length), that is 2 × n_layer × n_head_kv × head_dim.</param>
/// <param name="EmbeddingLength">Width of the residual stream.</param>
/// <param name="HeadCount">Query heads.</param>
/// <param name="FeedForwardLength">Hidden width of the feed-forward block (the largest where it varies by layer).</param>
/// <param name="VocabularySize">Rows of the output (logits) matrix.</param>
/// <param name="TrainedContextLength">The context the model was trained with, or 0 when the header does not say.</param>
public sealed record ModelMemoryShape(
    string Architecture,
    long WeightBytes,
    int LayerCount,
    int KvHeadCount,
    int KeyLength,
    int ValueLength,
    long KvElementsPerToken,
    int EmbeddingLength,
    int HeadCount,
    int FeedForwardLength,
    int VocabularySize,
    int TrainedContextLength)
{
    /// <summary>Bytes one token takes in the KV cache stored as <paramref name="type"/>.</summary>
    public double KvBytesPerToken(KvCacheType type) => KvElementsPerToken * type.BytesPerElement();

    /// <summary>Reads the shape of the model in <paramref name="file"/>.</summary>
    /// <exception cref="GgufFormatException">The header lacks a dimension the plan needs; the message names the key.</exception>
    public static ModelMemoryShape FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return FromHeader(file.Path, file.Metadata, file.Tensors, file.FileLength - file.DataOffset);
    }

    /// <summary>The shape of a catalog model that is not downloaded yet, so that its memory can be planned first: the
    /// layout of the <see cref="ModelShape"/> with the entry's architecture, block count and width, and the entry's
    /// published size as the weights. Null when the entry lacks one of these or no known shape matches it.</summary>
    public static ModelMemoryShape? FromCatalog(ModelCatalog.Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.ApproximateBytes is not { } bytes || entry.Architecture != "qwen3"
            || ModelShape.Known.FirstOrDefault(s => s.LayerCount == entry.BlockCount && s.EmbeddingLength == entry.EmbeddingLength) is not { } shape)
        {
            return null;
        }

        return new ModelMemoryShape(
            entry.Architecture, bytes, shape.LayerCount, shape.KvHeadCount, shape.HeadDimension, shape.HeadDimension,
            (long)shape.LayerCount * shape.KvHeadCount * 2 * shape.HeadDimension, shape.EmbeddingLength, shape.HeadCount,
            shape.FeedForwardLength, shape.VocabularySize, shape.ContextLength);
    }

    /// <summary>Reads the shape from a header's metadata and tensor table; <paramref name="dataBytes"/> stands in for
    /// tensors of a type whose size this project does not know.</summary>
    internal static ModelMemoryShape FromHeader(string path, IReadOnlyDictionary<string, GgufValue> metadata, IReadOnlyList<GgufTensorInfo> tensors, long dataBytes)
    {
        var architecture = metadata.GetValueOrDefault("general.architecture")?.AsString()
            ?? throw Missing(path, "general.architecture");
        var layers = (int)Integer(path, metadata, $"{architecture}.block_count");
        var embedding = (int)Integer(path, metadata, $"{architecture}.embedding_length");
        var heads = PerLayer(path, metadata, $"{architecture}.attention.head_count", layers, null);
        var kvHeads = PerLayer(path, metadata, $"{architecture}.attention.head_count_kv", layers, heads);
        var headCount = heads.Max();
        var keyLength = (int)(metadata.GetValueOrDefault($"{architecture}.attention.key_length")?.AsInteger() ?? embedding / Math.Max(1, headCount));
        var valueLength = (int)(metadata.GetValueOrDefault($"{architecture}.attention.value_length")?.AsInteger() ?? keyLength);
        var feedForward = metadata.ContainsKey($"{architecture}.feed_forward_length")
            ? PerLayer(path, metadata, $"{architecture}.feed_forward_length", layers, null).Max()
            : 4 * embedding;
        var vocabulary = tensors.FirstOrDefault(t => t.Name is "output.weight" or "token_embd.weight") is { Dimensions.Count: >= 2 } embeddings
            ? (int)embeddings.Dimensions[1]
            : (int)(metadata.GetValueOrDefault($"{architecture}.vocab_size")?.AsInteger()
                    ?? (metadata.GetValueOrDefault("tokenizer.ggml.tokens")?.Value as Array)?.Length ?? 0);
        var known = tensors.Select(t => t.ByteSize).ToList();
        var weights = known.All(size => size is not null) ? known.Sum(size => size!.Value) : dataBytes;
        return new ModelMemoryShape(
            architecture, weights, layers, kvHeads.Max(), keyLength, valueLength, kvHeads.Sum(h => (long)h) * (keyLength + valueLength),
            embedding, headCount, feedForward, vocabulary,
            (int)(metadata.GetValueOrDefault($"{architecture}.context_length")?.AsInteger() ?? 0));
    }

    private static long Integer(string path, IReadOnlyDictionary<string, GgufValue> metadata, string key) =>
        metadata.GetValueOrDefault(key)?.AsInteger() is { } value and > 0 ? value : throw Missing(path, key);

    // A dimension llama.cpp allows per layer: one integer for every layer, or an array of one per layer.
    private static int[] PerLayer(string path, IReadOnlyDictionary<string, GgufValue> metadata, string key, int layers, int[]? fallback)
    {
        switch (metadata.GetValueOrDefault(key))
        {
            case null when fallback is not null:
                return fallback;
            case { Type: GgufValueType.Array, Value: Array values } when values.Length == layers:
                return values.Cast<object>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            case { } value when value.AsInteger() is { } one and > 0:
                return Enumerable.Repeat((int)one, layers).ToArray();
            default:
                throw Missing(path, key);
        }
    }

    private static GgufFormatException Missing(string path, string key) => new(
        $"'{path}' has no usable '{key}' in its GGUF header, so its memory cannot be planned. " +
        "Use a GGUF converted by a current llama.cpp (its header names every dimension).");
}
