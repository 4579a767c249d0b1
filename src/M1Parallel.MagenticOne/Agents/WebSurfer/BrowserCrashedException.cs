namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>The WebSurfer's browser crashed more often than it may be restarted, or its tab more often than it may be reopened;
/// ends the team's run (not one tool call).</summary>
internal sealed class BrowserCrashedException(string message) : Exception(message);
