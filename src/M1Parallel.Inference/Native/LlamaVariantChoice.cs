namespace M1Parallel.Inference.Native;

/// <summary>The llama.cpp build chosen, and why the GPU builds shipped beside it could not be used (empty when none failed).</summary>
internal sealed record LlamaVariantChoice(LlamaVariant Variant, IReadOnlyList<string> Problems);
