namespace M1Parallel.Inference.Memory;

/// <summary>Where a model's weights, KV cache and compute buffers go, with the memory free there now.</summary>
/// <param name="Name">The device, e.g. "CUDA0 (NVIDIA H200)" or "system memory".</param>
/// <param name="FreeBytes">Bytes free on it.</param>
/// <param name="IsGpu">Whether it is a GPU's own memory (else system memory).</param>
/// <param name="Source">Where the free figure comes from, e.g. "ggml_backend_dev_memory" or "/proc/meminfo MemAvailable".</param>
public sealed record MemoryDevice(string Name, long FreeBytes, bool IsGpu, string Source);
