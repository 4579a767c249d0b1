namespace M1Parallel.Scoring;

/// <summary>The outcome of scoring one answer: correct or not, the rule used, and the official scorer's warning if any.</summary>
public sealed record GaiaScore(bool Correct, GaiaRule Rule, string? Warning);
