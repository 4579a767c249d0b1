using M1Parallel.MagenticOne.Tools;

namespace M1Parallel.MagenticOne.Agents;

/// <summary>Turns a tool turn's outcome into the reply broadcast to the team.</summary>
internal static class AgentReplies
{
    /// <summary>The model's text when it called no tool; otherwise the last tool call's result (the observation).</summary>
    public static string FromToolTurn(ToolTurnResult result, string agentName)
    {
        if (result.ToolCalls.Count > 0)
        {
            return result.ToolCalls[^1].Result;
        }

        return result.Text.Length > 0 ? result.Text : $"({agentName} gave an empty reply.)";
    }
}
