namespace M1Parallel.Aggregation;

/// <summary>One message a team's members exchanged, as the LLM aggregator reads it.</summary>
/// <param name="Source">Who sent it (<c>user</c> for the task, <c>Orchestrator</c>, or an agent's name).</param>
/// <param name="Text">What it said.</param>
/// <param name="FromOrchestrator">Whether the team's orchestrator sent it (the aggregator sees those as its own turns, the others as user turns).</param>
public sealed record TeamMessage(string Source, string Text, bool FromOrchestrator);
