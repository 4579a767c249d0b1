namespace M1Parallel.Experiments.Reaggregation;

/// <summary>What a re-aggregation did.</summary>
/// <param name="DerivedMethod">The derived method's name in the store.</param>
/// <param name="Planned">Derived runs the stored source runs make.</param>
/// <param name="Stored">Derived runs stored now.</param>
/// <param name="AlreadyStored">Derived runs found in the store already (left as they were).</param>
/// <param name="Solved">Solved derived runs among those planned and stored.</param>
/// <param name="Errors">Derived runs stored with an error (the aggregator failed); run the command again to retry them.</param>
/// <param name="Skipped">Source runs or groups left out, each with the reason.</param>
public sealed record ReaggregationSummary(string DerivedMethod, int Planned, int Stored, int AlreadyStored, int Solved, int Errors, IReadOnlyList<string> Skipped);
