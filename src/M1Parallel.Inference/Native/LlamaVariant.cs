namespace M1Parallel.Inference.Native;

/// <summary>One build of llama.cpp shipped in its own folder under <c>native/llama/</c>.</summary>
/// <param name="Folder">The folder's name.</param>
/// <param name="CudaMajor">The CUDA major version the build needs, or 0 for a build without CUDA.</param>
internal sealed record LlamaVariant(string Folder, int CudaMajor)
{
    /// <summary>The CPU build (every platform but Apple silicon).</summary>
    public static readonly LlamaVariant Cpu = new("cpu", 0);

    /// <summary>The Metal build of Apple silicon (it also runs on the CPU).</summary>
    public static readonly LlamaVariant Metal = new("metal", 0);

    /// <summary>The CUDA 13 build (Linux x64; it also carries the CPU backends).</summary>
    public static readonly LlamaVariant Cuda13 = new("cuda13", 13);

    /// <summary>The CUDA 12 build (Linux x64; it also carries the CPU backends).</summary>
    public static readonly LlamaVariant Cuda12 = new("cuda12", 12);

    /// <summary>Every variant, in the order they are preferred.</summary>
    public static IReadOnlyList<LlamaVariant> All { get; } = [Cuda13, Cuda12, Metal, Cpu];
}
