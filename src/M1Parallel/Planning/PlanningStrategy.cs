namespace M1Parallel.Planning;

/// <summary>How the n plans of a run are made.</summary>
public enum PlanningStrategy
{
    /// <summary>n independent samples of the same first plan π1 (Magentic-One's facts and plan) at a high temperature.</summary>
    Repeated,

    /// <summary>π1's conversation continued, after each plan, with a request for one that differs (the paper's default).</summary>
    Diverse,
}
