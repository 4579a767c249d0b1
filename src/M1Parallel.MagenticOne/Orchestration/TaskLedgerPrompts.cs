namespace M1Parallel.MagenticOne.Orchestration;

/// <summary>
/// Magentic-One's task-ledger conversation (after AgentChat's ORCHESTRATOR_TASK_LEDGER_FACTS_PROMPT and
/// ORCHESTRATOR_TASK_LEDGER_PLAN_PROMPT, in this project's own words): the orchestrator's system prompt, a facts survey,
/// then, in the same conversation, a plan for the team. The orchestrator holds this conversation itself; a planner for
/// parallel teams holds the same one to make the first plan π1.
/// </summary>
public static class TaskLedgerPrompts
{
    /// <summary>The orchestrator's system prompt (this project's own line; AgentChat's ORCHESTRATOR_SYSTEM_MESSAGE is empty).</summary>
    public const string System =
        "You are the Orchestrator of a small team of AI agents. You plan the work, track progress, and direct the members one step at a time until the request is answered.";

    /// <summary>The facts survey: what is given, what to look up, what to derive, what to guess.</summary>
    public static string Facts(string task) => $"""
        Here is a request the team is about to work on:

        {task}

        Before any work starts, take stock of what we know, from memory alone. Answer this survey under exactly these
        four headings:

            1. GIVEN OR VERIFIED FACTS
               Specific facts or figures stated in the request itself (there may be none).
            2. FACTS TO LOOK UP
               Facts we still need, and exactly where they could be found (a website, a file, a source the request names).
            3. FACTS TO DERIVE
               Facts to be worked out by reasoning, calculation, simulation or running code.
            4. EDUCATED GUESSES
               Things recalled from memory, hunches and well-reasoned guesses.

        "Facts" here means concrete things: names, dates, numbers, statistics. Write only these four sections; do not
        make a plan or list next steps yet.
        """;

    /// <summary>The plan request that follows the facts survey in the same conversation.</summary>
    public static string Plan(string team) => $"""
        Thank you. These are the members of the team working on the request:

        {team}

        With this team and the facts above in mind, write a short plan for the request as bullet points. Involve only
        the members the request really needs.
        """;
}
