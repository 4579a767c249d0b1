namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>What the FileSurfer can and cannot read, in words, for the planner's and the Orchestrator's team
/// descriptions; derived from the formats its converter handles, so the two cannot drift apart.</summary>
public static class FileSurferCapabilities
{
    /// <summary>One sentence naming every format the FileSurfer reads and the kinds it refuses.</summary>
    public static string Description { get; } =
        "Reads local files in the team's folder page by page and searches within them: "
        + string.Join(", ", FileConverter.Formats.Select(f => f.Name))
        + "; it can also list the folder. It cannot read images, audio or video (it uses a text-only model).";
}
