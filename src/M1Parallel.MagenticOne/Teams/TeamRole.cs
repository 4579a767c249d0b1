namespace M1Parallel.MagenticOne.Teams;

/// <summary>A role that makes model calls in a run of the method: the planner and aggregator around the teams, and each
/// team's orchestrator, agents and final-answer call. Each role can be served by its own backend; wire names (used by
/// experiment specs, <c>m1p run --route</c> and the calls' <see cref="TeamChatOptionKeys.Role"/>) are in
/// <see cref="TeamRoles"/>.</summary>
public enum TeamRole
{
    /// <summary>Makes the n plans and the re-plans (wire name <c>planner</c>); not a member of a team.</summary>
    Planner,

    /// <summary>The orchestrator's planning and progress-ledger calls (wire name <c>orchestrator</c>).</summary>
    Orchestrator,

    /// <summary>The WebSurfer agent (wire name <c>web_surfer</c>).</summary>
    WebSurfer,

    /// <summary>The FileSurfer agent (wire name <c>file_surfer</c>).</summary>
    FileSurfer,

    /// <summary>The Coder agent (wire name <c>coder</c>).</summary>
    Coder,

    /// <summary>The orchestrator's final-answer call (wire name <c>final_answer</c>); unless routed itself it goes where
    /// the orchestrator goes.</summary>
    FinalAnswer,

    /// <summary>The LLM aggregator that decides among the teams' answers (wire name <c>aggregator</c>); not a member of a team.</summary>
    Aggregator,
}
