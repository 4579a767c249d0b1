using M1Parallel.Inference.Memory;

namespace M1Parallel.Cli.Hosting;

/// <summary>The memory plan of one local backend: its model file, the plan and the device it is held against.</summary>
/// <param name="Backend">The backend's name.</param>
/// <param name="ModelPath">The GGUF file (backends on one file share its weights).</param>
/// <param name="Plan">Weights, KV cache and compute buffers.</param>
/// <param name="Device">Where they go, with its free memory.</param>
/// <param name="Source">Where the model's shape came from when not from the file's header (a catalog model not
/// downloaded yet); null for the header.</param>
internal sealed record BackendMemoryPlan(string Backend, string ModelPath, MemoryPlan Plan, MemoryDevice Device, string? Source = null);
