namespace M1Parallel.Bench.LlamaSharp;

/// <summary>What every measurement of a comparison shares.</summary>
/// <param name="ModelPath">The GGUF model both engines load.</param>
/// <param name="PromptsPath">A JSON file of prompts (arrays of token ids), one per stream, the same for both engines.</param>
/// <param name="Tokens">Tokens generated per stream.</param>
/// <param name="Threads">CPU threads both engines use.</param>
internal sealed record ComparisonSettings(string ModelPath, string PromptsPath, int Tokens, int Threads);
