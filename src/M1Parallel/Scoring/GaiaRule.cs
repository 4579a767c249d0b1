namespace M1Parallel.Scoring;

/// <summary>Which of GAIA's comparison rules the ground truth selected.</summary>
public enum GaiaRule
{
    /// <summary>The ground truth is a number; the answer is compared as a number.</summary>
    Number,

    /// <summary>The ground truth holds <c>,</c> or <c>;</c>; elements are compared one by one.</summary>
    List,

    /// <summary>Anything else; whitespace-free, lowercase, punctuation-free comparison.</summary>
    String,
}
