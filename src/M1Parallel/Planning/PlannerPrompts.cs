using System.Text;
using M1Parallel.FailureMemory;

namespace M1Parallel.Planning;

/// <summary>The planning prompts beyond Magentic-One's own (in this project's own words): the diverse-planning request and
/// the failure-memory re-plan.</summary>
internal static class PlannerPrompts
{
    public const string System =
        "You are the manager of a small team of AI agents. You write short, concrete, numbered plans that the team's " +
        "orchestrator can follow step by step. A plan names which team member does each step. Do not solve the task " +
        "yourself and do not guess the answer; only write the plan.";

    /// <summary>The diverse-planning request that continues π1's conversation after each plan: after the paper's Figure 4
    /// (M1-Parallel, arXiv 2507.08944), which asks for another plan that differs in its approach, its team members or its
    /// order of steps.</summary>
    public const string AnotherPlan = """
        Another team will follow the plan above, and each plan before it. Write a different plan for the same request, one
        that differs from all of them in its approach, in the team members it uses, or in the order of its steps, so that
        if the earlier plans fail this one may still succeed. Reply with the new plan only, as bullet points.
        """;

    public static string Replan(string task, string team, IReadOnlyList<FailureRecord> failures, int summaryChars)
    {
        var text = new StringBuilder();
        text.AppendLine("Task:").AppendLine(task).AppendLine();
        text.AppendLine("Team members:").AppendLine(team).AppendLine();
        text.AppendLine("These plans were tried and ended without an answer:");
        for (var i = 0; i < failures.Count; i++)
        {
            var failure = failures[i];
            var summary = RunFailureMemory.Summarise(failure.Summary, summaryChars);
            text.AppendLine($"--- Failed attempt {i + 1} (stopped: {failure.StopReason}) ---");
            text.AppendLine("Plan:").AppendLine(failure.Plan.Text);
            text.AppendLine("What happened (end of the transcript):").AppendLine(summary);
        }

        text.AppendLine().Append(
            "Write a new plan that avoids what went wrong above and does not repeat a failed approach. " +
            "Reply with the plan only, as a numbered list.");
        return text.ToString();
    }
}
