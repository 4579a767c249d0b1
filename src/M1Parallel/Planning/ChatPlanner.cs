using System.Collections.Concurrent;
using M1Parallel.FailureMemory;
using M1Parallel.MagenticOne.Formats;
using M1Parallel.MagenticOne.Orchestration;
using M1Parallel.MagenticOne.Teams;
using Microsoft.Extensions.AI;

namespace M1Parallel.Planning;

/// <summary>A planner that asks a chat model for plans through Magentic-One's facts-and-plan conversation: repeated
/// (independent samples at a high temperature) or diverse (the conversation continued with requests for a different plan).</summary>
public sealed class ChatPlanner : IPlanner
{
    private readonly IChatClient _client;
    private readonly ChatPlannerOptions _options;
    private readonly ConcurrentDictionary<string, string> _firstFacts = new(StringComparer.Ordinal);
    private long _requests;

    /// <summary>Creates a planner over <paramref name="client"/> (the <c>planner</c> role's backend).</summary>
    public ChatPlanner(IChatClient client, ChatPlannerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new ChatPlannerOptions();
    }

    /// <inheritdoc />
    /// <remarks>π1 is Magentic-One's facts-and-plan conversation (<see cref="TaskLedgerPrompts"/>). Repeated planning samples
    /// that same conversation n times at the planning temperature; diverse planning holds it once and continues it, after
    /// each plan, with the paper's request for another plan that differs in approach, team members or order. Each plan
    /// carries the facts survey of the conversation it came from (a repeated sample its own), which its team then takes
    /// instead of surveying the facts again.</remarks>
    public async Task<IReadOnlyList<Plan>> CreatePlansAsync(string task, int count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        IReadOnlyList<Plan> plans;
        if (_options.Strategy == PlanningStrategy.Repeated)
        {
            var samples = Enumerable.Range(0, count).Select(async _ => (await FirstPlanAsync(task, cancellationToken).ConfigureAwait(false)).Plan);
            plans = await Task.WhenAll(samples).ConfigureAwait(false);
        }
        else
        {
            var (conversation, first) = await FirstPlanAsync(task, cancellationToken).ConfigureAwait(false);
            var diverse = new List<Plan>(count) { first };
            while (diverse.Count < count)
            {
                conversation.Add(new ChatMessage(ChatRole.Assistant, diverse[^1].Text));
                conversation.Add(new ChatMessage(ChatRole.User, PlannerPrompts.AnotherPlan));
                diverse.Add(new Plan(await AskAsync(conversation, cancellationToken).ConfigureAwait(false), first.Facts));
            }

            plans = diverse;
        }

        _firstFacts[task] = plans[0].Facts!;
        return plans;
    }

    /// <inheritdoc />
    /// <remarks>The new plan carries the facts of the task's first plan π1 when this planner made it (the failures are
    /// about the plans, not the facts), else none, and its team surveys the facts itself.</remarks>
    public async Task<Plan> ReplanAsync(string task, IReadOnlyList<FailureRecord> failures, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(failures);
        if (failures.Count == 0)
        {
            return (await FirstPlanAsync(task, cancellationToken).ConfigureAwait(false)).Plan;
        }

        List<ChatMessage> messages =
        [
            new(ChatRole.System, PlannerPrompts.System),
            new(ChatRole.User, PlannerPrompts.Replan(TeamTask.Of(task, _options.AttachedFileName), _options.TeamDescription, failures, _options.FailureSummaryChars)),
        ];
        return new Plan(await AskAsync(messages, cancellationToken).ConfigureAwait(false), _firstFacts.GetValueOrDefault(task));
    }

    /// <summary>π1: Magentic-One's facts survey, then its plan request in the same conversation; returns the conversation
    /// (without the plan) and the plan with the facts.</summary>
    private async Task<(List<ChatMessage> Conversation, Plan Plan)> FirstPlanAsync(string task, CancellationToken cancellationToken)
    {
        List<ChatMessage> conversation = [new(ChatRole.System, TaskLedgerPrompts.System), new(ChatRole.User, TaskLedgerPrompts.Facts(TeamTask.Of(task, _options.AttachedFileName)))];
        var facts = await AskAsync(conversation, cancellationToken).ConfigureAwait(false);
        conversation.Add(new ChatMessage(ChatRole.Assistant, facts));
        conversation.Add(new ChatMessage(ChatRole.User, TaskLedgerPrompts.Plan(_options.TeamDescription)));
        return (conversation, new Plan(await AskAsync(conversation, cancellationToken).ConfigureAwait(false), facts));
    }

    private async Task<string> AskAsync(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaxOutputTokens,
            Seed = _options.Seed is { } seed ? seed + Interlocked.Increment(ref _requests) - 1 : null,
        };
        var response = await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var text = ThinkingText.Strip(response.Text ?? string.Empty);
        if (text.Length == 0)
        {
            throw new PlanningException(
                "The planner model returned an empty reply (or only a <think> section). Check the planner backend, or raise its " +
                $"max output tokens (now {_options.MaxOutputTokens}) so the plan fits after the reasoning.");
        }

        return text;
    }
}
