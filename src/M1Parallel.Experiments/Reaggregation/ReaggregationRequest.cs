using M1Parallel.Methods;

namespace M1Parallel.Experiments.Reaggregation;

/// <summary>What to aggregate again: a stored method, with which aggregator and backend, under which name.</summary>
/// <param name="Method">The stored method whose teams' answers are aggregated again (a method of the spec).</param>
/// <param name="Aggregator">The aggregator to use.</param>
/// <param name="Backend">The LLM aggregator's backend; null for the source method's aggregator backend. Only for <see cref="AggregatorKind.Llm"/>.</param>
/// <param name="DerivedName">The derived method's name; null for <c>METHOD+AGGREGATOR</c> (with <c>@BACKEND</c> for an LLM).</param>
/// <param name="K">For single-team methods: how many sequential runs make one aggregated run; null for all the spec's repetitions.</param>
public sealed record ReaggregationRequest(string Method, AggregatorKind Aggregator, string? Backend = null, string? DerivedName = null, int? K = null);
