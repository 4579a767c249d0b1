namespace M1Parallel.MagenticOne.Orchestration;

/// <summary>The orchestrator's prompts (after Magentic-One's design, in this project's own words).</summary>
internal static class OrchestratorPrompts
{
    /// <summary>The task ledger that opens each outer loop; follows AgentChat's ORCHESTRATOR_TASK_LEDGER_FULL_PROMPT.</summary>
    public static string TaskLedger(string task, string team, string facts, string plan) => $"""
        We are working on this request:

        {task}

        The team working on it:

        {team}

        What we know so far (fact sheet):

        {facts}

        The plan to follow as closely as possible:

        {plan}
        """;

    /// <summary>The progress-ledger request; follows AgentChat's ORCHESTRATOR_PROGRESS_LEDGER_PROMPT (its five questions and JSON schema).</summary>
    public static string ProgressLedger(string task, string team, IReadOnlyList<string> names)
    {
        var list = string.Join(", ", names);
        return $$"""
            As a reminder, the request is:

            {{task}}

            And the team is:

            {{team}}

            Look at the conversation so far and answer five questions, each with a short reason:

            - is_request_satisfied: has the request been fully and successfully answered? (false while anything it asks for is still missing or unconfirmed)
            - is_in_loop: are we going round in circles, repeating the same requests or getting the same replies, or repeating an action such as scrolling many times? (a loop can span several turns)
            - is_progress_being_made: are the latest messages moving us forward? (true when just starting or when recent messages add something; false when we are stuck, looping, or blocked, e.g. a needed file or page cannot be read)
            - next_speaker: who should act next? Exactly one of: {{list}}
            - instruction_or_question: what should they do? Speak to them directly and include every detail they need.

            Reply with one JSON object and nothing else: no text before or after it, no comments. Use exactly this shape,
            with true/false for the first three answers:

            {
              "is_request_satisfied": {"reason": "...", "answer": false},
              "is_in_loop": {"reason": "...", "answer": false},
              "is_progress_being_made": {"reason": "...", "answer": true},
              "next_speaker": {"reason": "...", "answer": "one of: {{list}}"},
              "instruction_or_question": {"reason": "...", "answer": "..."}
            }
            """;
    }

    /// <summary>This project's own request after an unusable progress ledger (AgentChat retries without saying why).</summary>
    public static string LedgerRetry(string error, IReadOnlyList<string> names) => $$"""
        That reply could not be used: {{error}}.
        Reply again with only the JSON object: the keys "is_request_satisfied", "is_in_loop", "is_progress_being_made",
        "next_speaker" and "instruction_or_question", each {"reason": "...", "answer": ...}; next_speaker's answer must be
        exactly one of: {{string.Join(", ", names)}}.
        """;

    /// <summary>The fact-sheet rewrite at a re-plan; follows AgentChat's ORCHESTRATOR_TASK_LEDGER_FACTS_UPDATE_PROMPT.</summary>
    public static string FactsUpdate(string task, string facts) => $"""
        As a reminder, we are working on this task:

        {task}

        We are not making the progress we hoped for, but we may have learned something along the way. Rewrite the fact
        sheet below, keeping its four headings and adding whatever we have learned that could help. For example, move
        guesses that have been confirmed into the verified facts, and drop ones that proved wrong. This is a good moment
        to revise the educated guesses: add or update at least one, and say why.

        The fact sheet so far:

        {facts}
        """;

    /// <summary>The new plan at a re-plan; follows AgentChat's ORCHESTRATOR_TASK_LEDGER_PLAN_UPDATE_PROMPT.</summary>
    public static string PlanUpdate(string team) => $"""
        Now explain briefly what went wrong in the attempt so far: its root cause. Then write a new plan, short and in
        bullet points, that gets around that problem and does not repeat the same mistakes. Use only this team; nobody
        outside it can be contacted:

        {team}
        """;

    /// <summary>The final-answer request. Follows agbench's GAIA final-answer prompt for Magentic-One
    /// (benchmarks/GAIA/Templates/MagenticOne): the task, "read the conversation and output a FINAL ANSWER", the template
    /// line, and GAIA's formatting rules. <paramref name="bestGuess"/> (<c>on_limit: best_guess</c>, not in the published
    /// prompt) adds that the turns may have run out and that a best guess is wanted rather than none.</summary>
    public static string FinalAnswer(string task, bool bestGuess, bool turnLimitReached)
    {
        var prompt = $"""
            We have finished working on this task:

            {task}

            The messages above are the conversation in which the team worked on it. Read that conversation and state a FINAL ANSWER to the question.
            {FinalAnswerFormat.Instructions}
            """;
        if (!bestGuess)
        {
            return prompt;
        }

        var limit = turnLimitReached ? "We ran out of turns before the team could finish, so answer from what the conversation has established. " : string.Empty;
        return prompt + "\n" + limit + "If the information is not conclusive, give your best guess anyway; do not answer that it cannot be determined.";
    }

    /// <summary>On <c>on_limit: best_guess</c> only: this project's own second request for a missing <c>FINAL ANSWER:</c> line.</summary>
    public static string FinalAnswerRetry => """
        Your reply did not end with a line of the form "FINAL ANSWER: [your answer]". Reply with only that line.
        """;
}
