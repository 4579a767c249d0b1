using M1Parallel.MagenticOne.Orchestration;

namespace M1Parallel.Aggregation;

/// <summary>
/// The LLM aggregator's prompts, in this project's words. They follow the aggregation prompt of the M1-Parallel paper
/// (arXiv 2507.08944, Figure 3) as agbench's GAIA <c>ParallelAgents</c> template implements it: a preamble repeating the
/// request and asking for a critical evaluation of every team, each team's transcript and stop reason, then a
/// step-by-step request for the final answer with the request repeated and GAIA's answer-format rules.
/// </summary>
internal static class LlmAggregatorPrompts
{
    /// <summary>A neutral role: it neither favours nor dismisses agreement between teams (the template itself has none).</summary>
    public const string System = "You review the work that several teams of AI agents did on the same request, and you give the final answer to it.";

    /// <summary>The opening message (the template's preamble).</summary>
    public static string Preamble(string task, int teams) => $"""
        Earlier you were given this request:

        {task}

        Teams then worked hard on it. You are given the transcripts and stop reasons of {teams} different teams that
        answered it. Your job is to judge carefully how correct each team's response is, by examining its transcript and
        its stop reason. Once you have weighed every perspective, give a FINAL ANSWER to the request. Examine the
        information in these responses critically: some of it may be biased or wrong.
        """;

    /// <summary>Opens a team's transcript; says how many of its earliest messages were left out to fit the context.</summary>
    public static string TranscriptOf(int team, int omitted) => omitted == 0
        ? $"Transcript of Team #{team}:"
        : $"Transcript of Team #{team} (its {omitted} earliest message(s) are left out to fit the context):";

    /// <summary>Opens a team's stop reason.</summary>
    public static string StopReasonOf(int team) => $"Stop reason of Team #{team}:";

    /// <summary>The stop reason, with the answer the team's final-answer step gave (kept even when the transcript is cut).</summary>
    public static string StopReason(string stopReason, string answer) =>
        $"{(string.IsNullOrWhiteSpace(stopReason) ? "No stop reason was given." : stopReason)}\nThe team's final answer: {answer}";

    /// <summary>The closing request (the template's step-by-step instruction and GAIA's format rules).</summary>
    public static string Final(string task) => $"""
        Think step by step. Review the conversation above carefully, judge critically whether each team's response is
        correct, and then give a FINAL ANSWER to the request. Here it is again:

        {task}

        {FinalAnswerFormat.Instructions}
        """;

    /// <summary>How a team member's message reads to the aggregator: the orchestrator's as they are, the others' after the sender's name (as the orchestrator saw them).</summary>
    public static string Message(TeamMessage message) => message.FromOrchestrator ? message.Text : $"[{message.Source}]\n{message.Text}";
}
