namespace M1Parallel.Bench.LlamaSharp;

/// <summary>
/// Measures both engines at every stream count, round after round, each measurement in a fresh process and the two of a pair
/// back to back, the order alternating between rounds, so that a change in the machine's load hits both engines alike.
/// </summary>
internal static class EngineComparison
{
    /// <summary>Runs <paramref name="rounds"/> rounds; returns every pair in the order measured.</summary>
    public static async Task<IReadOnlyList<EnginePair>> RunAsync(ComparisonSettings settings, IReadOnlyList<int> streamCounts, int rounds,
        IProgress<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(streamCounts);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var pairs = new List<EnginePair>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var streams in streamCounts)
            {
                var llamaSharpFirst = round % 2 == 0;
                EngineMeasurement first = await EngineProcess.MeasureAsync(llamaSharpFirst ? Engine.LlamaSharp : Engine.Binding, streams, settings,
                    cancellationToken).ConfigureAwait(false);
                EngineMeasurement second = await EngineProcess.MeasureAsync(llamaSharpFirst ? Engine.Binding : Engine.LlamaSharp, streams, settings,
                    cancellationToken).ConfigureAwait(false);
                var pair = llamaSharpFirst
                    ? new EnginePair(round, streams, true, second, first)
                    : new EnginePair(round, streams, false, first, second);
                pairs.Add(pair);
                log?.Report($"round {round}, {streams} streams: binding {pair.Binding.DecodeTokensPerSecond:F1} tok/s, " +
                            $"LLamaSharp {pair.LlamaSharp.DecodeTokensPerSecond:F1} tok/s ({pair.Ratio:F2}x)");
            }
        }

        return pairs;
    }
}
