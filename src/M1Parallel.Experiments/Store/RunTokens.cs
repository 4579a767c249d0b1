namespace M1Parallel.Experiments.Store;

/// <summary>
/// A run's tokens kept apart as the paper accounts them: the teams' Σ_i c_i(t_(k)) (each team's tokens up to the decisive
/// moment t_(k), the k-th answer; t_(1) for early stop), and beside it the planner's and the aggregator's calls, whole.
/// </summary>
/// <param name="Teams">Σ_i c_i(t_(k)) over the run's teams.</param>
/// <param name="Planner">Every planner call of the run (first plans and re-plans).</param>
/// <param name="Aggregator">Every aggregator call of the run (none for single and early-stop methods).</param>
public sealed record RunTokens(TokenCount Teams, TokenCount Planner, TokenCount Aggregator);
