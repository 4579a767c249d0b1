namespace M1Parallel.MagenticOne.Orchestration;

/// <summary>How a final answer is to be written: the <c>FINAL ANSWER:</c> line that <see cref="FinalAnswerText"/> reads, and GAIA's answer-format rules.</summary>
public static class FinalAnswerFormat
{
    /// <summary>
    /// The instructions, in this project's words, with the meaning and order of the answer-format rules that agbench's
    /// GAIA templates (MagenticOne, ParallelAgents) give the final-answer step and the aggregator.
    /// </summary>
    public const string Instructions = """
        Write the final answer on a line of this form: FINAL ANSWER: [YOUR FINAL ANSWER]
        The final answer is a number, or as few words as possible, or a comma-separated list of numbers and/or strings.
        It must also follow every formatting instruction of the original request (alphabetical order, sequence, units, rounding, decimal places and the like).
        For a number, write it in digits rather than words, without commas, and without units such as $ or a percent sign unless the request asks for them.
        For a string, use no articles and no abbreviations (of cities, for example) unless the request asks for them, and end it without sentence punctuation such as '.', '!' or '?'.
        For a comma-separated list, apply the rules above to each element, as a number or as a string.
        """;
}
