namespace M1Parallel.Benchmarks.Baselines;

/// <summary>One bare-loop run and one LocalChatClient run, made back to back on prompts of the same length.</summary>
public sealed record ChatClientOverheadPair(double BareTokensPerSecond, double ClientTokensPerSecond)
{
    /// <summary>Client tokens/s over bare tokens/s for this pair.</summary>
    public double Ratio => BareTokensPerSecond > 0 ? ClientTokensPerSecond / BareTokensPerSecond : 0;
}
