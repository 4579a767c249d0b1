namespace M1Parallel.Benchmarks.Baselines;

/// <summary>The result of <see cref="ChatClientOverheadBenchmark"/>: every pair and the best of each side.</summary>
public sealed record ChatClientOverheadResult(int PromptTokens, int GeneratedTokens, IReadOnlyList<ChatClientOverheadPair> Pairs)
{
    /// <summary>Best bare-loop decode tokens/s over all pairs.</summary>
    public double BestBare => Pairs.Max(p => p.BareTokensPerSecond);

    /// <summary>Best LocalChatClient decode tokens/s over all pairs.</summary>
    public double BestClient => Pairs.Max(p => p.ClientTokensPerSecond);

    /// <summary>Best client over best bare: the figure the 95% target is stated in.</summary>
    public double BestRatio => BestBare > 0 ? BestClient / BestBare : 0;

    /// <summary>Median of the per-pair ratios: robust to one run being hit by other load.</summary>
    public double MedianRatio
    {
        get
        {
            var ratios = Pairs.Select(p => p.Ratio).Order().ToArray();
            return ratios.Length == 0 ? 0 : ratios.Length % 2 == 1
                ? ratios[ratios.Length / 2]
                : (ratios[ratios.Length / 2 - 1] + ratios[ratios.Length / 2]) / 2;
        }
    }
}
