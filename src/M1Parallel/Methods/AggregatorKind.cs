namespace M1Parallel.Methods;

/// <summary>How an aggregating method picks among the teams' answers.</summary>
public enum AggregatorKind
{
    /// <summary>The most frequent normalized answer.</summary>
    Majority,

    /// <summary>An LLM reads the teams' answers and transcripts and decides.</summary>
    Llm,

    /// <summary>An oracle for analysis: the answer matching the ground truth when any does.</summary>
    BestOfK,
}
