using M1Parallel.Inference.Gguf;

namespace M1Parallel.Inference.Memory;

/// <summary>How the KV cache stores keys and values (llama.cpp's context parameters <c>type_k</c> and <c>type_v</c>).</summary>
public enum KvCacheType
{
    /// <summary>16-bit floats, 2 bytes an element: llama.cpp's default.</summary>
    F16 = (int)GgmlType.F16,

    /// <summary>8-bit blocks, 34 bytes per 32 elements: about half of f16.</summary>
    Q8_0 = (int)GgmlType.Q8_0,

    /// <summary>4-bit blocks, 18 bytes per 32 elements: about a quarter of f16.</summary>
    Q4_0 = (int)GgmlType.Q4_0,
}
