namespace M1Parallel.Bench.LlamaSharp;

/// <summary>Both engines measured back to back on the same prompts; <see cref="Ratio"/> is LLamaSharp's decode speed over the binding's.</summary>
internal sealed record EnginePair(int Round, int Streams, bool LlamaSharpFirst, EngineMeasurement Binding, EngineMeasurement LlamaSharp)
{
    /// <summary>LLamaSharp's decode tokens per second over the binding's (1 = even).</summary>
    public double Ratio => Binding.DecodeTokensPerSecond > 0 ? LlamaSharp.DecodeTokensPerSecond / Binding.DecodeTokensPerSecond : 0;
}
