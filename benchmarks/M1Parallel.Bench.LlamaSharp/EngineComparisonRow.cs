namespace M1Parallel.Bench.LlamaSharp;

/// <summary>One stream count's pairs summarised: each engine's median decode speed and the median, lowest and highest pair ratio.</summary>
internal sealed record EngineComparisonRow(int Streams, int Pairs, double BindingMedian, double LlamaSharpMedian, double MedianRatio,
    double MinRatio, double MaxRatio)
{
    /// <summary>Summarises the pairs measured at <paramref name="streams"/> streams.</summary>
    /// <exception cref="ArgumentException">No pair was measured at that stream count.</exception>
    public static EngineComparisonRow From(int streams, IEnumerable<EnginePair> pairs)
    {
        var these = pairs.Where(p => p.Streams == streams).ToList();
        if (these.Count == 0)
        {
            throw new ArgumentException($"No pair was measured at {streams} streams.", nameof(pairs));
        }

        var ratios = these.Select(p => p.Ratio).ToList();
        return new EngineComparisonRow(streams, these.Count, Median(these.Select(p => p.Binding.DecodeTokensPerSecond)),
            Median(these.Select(p => p.LlamaSharp.DecodeTokensPerSecond)), Median(ratios), ratios.Min(), ratios.Max());
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
