namespace M1Parallel.Experiments.Reaggregation;

/// <summary>A re-aggregation that cannot be done as asked; the message names the problem and the fix. Nothing was stored.</summary>
public sealed class ReaggregationException : Exception
{
    /// <summary>Creates the exception with a message that names the problem and the fix.</summary>
    public ReaggregationException(string message) : base(message)
    {
    }
}
