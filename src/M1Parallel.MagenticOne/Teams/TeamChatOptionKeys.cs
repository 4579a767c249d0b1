using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Teams;

/// <summary>Keys a team puts in <see cref="ChatOptions.AdditionalProperties"/> on every model call. Clients that send
/// requests over the wire should not forward the <c>m1p.*</c> keys.</summary>
public static class TeamChatOptionKeys
{
    /// <summary>Qwen3's thinking switch (bool), from <see cref="TeamSettings.EnableThinking"/>.</summary>
    public const string EnableThinking = "enable_thinking";

    /// <summary>The role making the call, as its wire name (see <see cref="TeamRoles"/>).</summary>
    public const string Role = "m1p.role";

    /// <summary>What the call is for: facts, plan, progress_ledger, facts_update, plan_update, final_answer,
    /// final_answer_retry, agent_step, summarize_page or answer_question.</summary>
    public const string Purpose = "m1p.purpose";
}
