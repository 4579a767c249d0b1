using M1Parallel.MagenticOne.Agents.Terminal;
using M1Parallel.MagenticOne.Agents.WebSurfer;

namespace M1Parallel.MagenticOne.Teams;

/// <summary>
/// How a team works: limits, thinking, agents, its code runner and browser. The one place each setting is checked, as it
/// is set, with an <see cref="InvalidSettingException"/> naming it as an experiment spec's method does (<c>max_steps</c>,
/// …). A new team setting is added here, read in the spec's method mapping and recorded in the stored method
/// configuration — nowhere else.
/// </summary>
public sealed record TeamSettings
{
    /// <summary>Most inner-loop steps (orchestrator turns) before the team stops (<c>max_steps</c>, default 20).</summary>
    public int MaxSteps
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("max_steps", value, 1);
            field = value;
        }
    } = 20;

    /// <summary>Stall count at which facts and plan are revised and the outer loop restarts (<c>max_stalls</c>, default 3).</summary>
    public int MaxStalls
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("max_stalls", value, 1);
            field = value;
        }
    } = 3;

    /// <summary>Whether the model thinks before each reply (<c>enable_thinking</c>, default false, as for Magentic-One's agents);
    /// sent on every call as <see cref="TeamChatOptionKeys.EnableThinking"/>.</summary>
    public bool EnableThinking { get; init; }

    /// <summary>The agents on the team (<c>agents</c>, default all four; the orchestrator always is).</summary>
    public TeamAgents Agents
    {
        get;
        init
        {
            if ((value & TeamAgents.All) == TeamAgents.None)
            {
                throw new InvalidSettingException("agents", $"must be a non-empty list of agents ({TeamAgentNames.WireNames}); e.g. agents: [coder, computer_terminal]");
            }

            field = value & TeamAgents.All;
        }
    } = TeamAgents.All;

    /// <summary>What a team that hits <see cref="MaxSteps"/> or never states a <c>FINAL ANSWER:</c> gets (<c>on_limit</c>,
    /// default <see cref="OnLimit.Fail"/>: no answer; <see cref="OnLimit.BestGuess"/> asks for a best guess instead).</summary>
    public OnLimit OnLimit
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfUndefined("on_limit", value, "fail or best_guess");
            field = value;
        }
    }

    /// <summary>Attempts at a parseable progress ledger per step, the error fed back each time (<c>max_ledger_attempts</c>,
    /// default 10 as AgentChat's Magentic-One orchestrator retries its JSON).</summary>
    public int MaxLedgerAttempts
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("max_ledger_attempts", value, 1);
            field = value;
        }
    } = 10;

    /// <summary>Most tokens one model call of the team may generate (<c>max_output_tokens</c>); null leaves it to the backend.</summary>
    public int? MaxOutputTokens
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("max_output_tokens", value, 1);

            field = value;
        }
    }

    /// <summary>How the ComputerTerminal runs code.</summary>
    public TerminalOptions Terminal
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Terminal));
            field = value;
        }
    } = new();

    /// <summary>How the WebSurfer drives its browser (search page, start page, Chromium).</summary>
    public WebSurferOptions WebSurfer
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(WebSurfer));
            field = value;
        }
    } = new();
}
