namespace M1Parallel.Methods;

/// <summary>How a method runs teams: the Magentic-One baseline, or M1-Parallel with early stop or aggregation.</summary>
public enum MethodKind
{
    /// <summary>One team (the Magentic-One baseline).</summary>
    Single,

    /// <summary>n teams at once; the first answer wins and the others are cancelled. t_s = t_(1).</summary>
    EarlyStop,

    /// <summary>n teams at once; after k answers (or when the rest have all failed) an aggregator decides. t_s = t_(k).</summary>
    Aggregate,
}
