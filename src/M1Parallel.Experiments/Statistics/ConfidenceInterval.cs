using MathNet.Numerics.Distributions;

namespace M1Parallel.Experiments.Statistics;

/// <summary>Sample means with two-sided Student t confidence intervals: over runs for per-run means, over repetitions for the per-level totals.</summary>
public static class ConfidenceInterval
{
    /// <summary>Mean of <paramref name="values"/> with a two-sided <paramref name="confidence"/> interval (default 95%).</summary>
    public static MeanEstimate Of(IEnumerable<double> values, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must lie strictly between 0 and 1, e.g. 0.95.");
        }

        var sample = values.ToArray();
        if (sample.Length == 0)
        {
            return new MeanEstimate(double.NaN, null, 0, null, confidence);
        }

        var mean = sample.Average();
        if (sample.Length == 1)
        {
            return new MeanEstimate(mean, null, 1, null, confidence);
        }

        var variance = sample.Sum(v => (v - mean) * (v - mean)) / (sample.Length - 1);
        var sd = Math.Sqrt(variance);
        var t = CriticalT(confidence, sample.Length - 1);
        return new MeanEstimate(mean, t * sd / Math.Sqrt(sample.Length), sample.Length, sd, confidence);
    }

    /// <summary>Mean of booleans as a rate in [0, 1] (true = 1) with its t interval.</summary>
    public static MeanEstimate OfRate(IEnumerable<bool> values, double confidence = 0.95) =>
        Of(values.Select(v => v ? 1.0 : 0.0), confidence);

    /// <summary>The two-sided critical value t(1 − (1 − confidence)/2, degreesOfFreedom).</summary>
    public static double CriticalT(double confidence, int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Degrees of freedom must be at least 1 (two or more values).");
        }

        return StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - ((1 - confidence) / 2));
    }
}
