namespace M1Parallel.Inference.Native;

/// <summary>Where llama.cpp is loaded from: the folder, the shipped build it holds (null for a folder of one build), and
/// why GPU builds beside it could not be used.</summary>
internal sealed record LlamaLibraryLocation(string Directory, LlamaVariant? Variant, IReadOnlyList<string> Problems);
