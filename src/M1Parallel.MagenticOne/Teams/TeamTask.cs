namespace M1Parallel.MagenticOne.Teams;

/// <summary>The task text a team works on, the same for its orchestrator and for the planner that plans for it.</summary>
public static class TeamTask
{
    /// <summary><paramref name="question"/>, and where a file is attached, a sentence naming it and saying where the team
    /// finds it. Follows the file sentence agbench's GAIA templates add to the task (MagenticOne and ParallelAgents
    /// <c>scenario.py</c>: the question is about a file, document or image, reachable by its name in the working
    /// folder), in this project's words.</summary>
    /// <param name="question">The task as asked.</param>
    /// <param name="attachedFileName">The attached file's name (no folder), or null when there is none.</param>
    public static string Of(string question, string? attachedFileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        return string.IsNullOrWhiteSpace(attachedFileName)
            ? question
            : $"{question}\n\nThe question is about a file, document or image attached to it, '{attachedFileName}', which is in the " +
              "team's folder, where its code runs and its files are read.";
    }
}
