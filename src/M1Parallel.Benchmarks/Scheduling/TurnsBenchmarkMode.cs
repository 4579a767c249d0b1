namespace M1Parallel.Benchmarks.Scheduling;

/// <summary>Result of <c>m1p bench turns</c> for one mode (slot reuse on or off).</summary>
public sealed record TurnsBenchmarkMode(bool Reuse, long PromptTokens, long ReusedTokens, double PrefillSeconds)
{
    /// <summary>Share of prompt tokens served from the KV cache.</summary>
    public double ReusedShare => PromptTokens > 0 ? (double)ReusedTokens / PromptTokens : 0;
}
