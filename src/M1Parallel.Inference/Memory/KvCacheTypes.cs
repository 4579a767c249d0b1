using M1Parallel.Inference.Gguf;

namespace M1Parallel.Inference.Memory;

/// <summary>Names and sizes of the <see cref="KvCacheType"/>s.</summary>
public static class KvCacheTypes
{
    /// <summary>The name a spec and the command line use: <c>f16</c>, <c>q8_0</c> or <c>q4_0</c>.</summary>
    public static string Name(this KvCacheType type) => type.ToString().ToLowerInvariant();

    /// <summary>The names, for help texts and errors.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<KvCacheType>().Select(Name).ToArray();

    /// <summary>The ggml type llama.cpp stores the cache in.</summary>
    public static GgmlType ToGgml(this KvCacheType type) => (GgmlType)(uint)type;

    /// <summary>Bytes one cached element takes (a block's bytes over its elements).</summary>
    public static double BytesPerElement(this KvCacheType type)
    {
        var block = GgmlTypeInfo.Block(type.ToGgml())!.Value;
        return (double)block.BlockBytes / block.BlockElements;
    }

    /// <summary>Elements per block: a head's key and value length must be a multiple of it.</summary>
    public static int BlockElements(this KvCacheType type) => GgmlTypeInfo.Block(type.ToGgml())!.Value.BlockElements;
}
