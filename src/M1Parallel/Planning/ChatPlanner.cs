using M1Parallel.FailureMemory;
using M1Parallel.MagenticOne.Formats;
using M1Parallel.MagenticOne.Orchestration;
using Microsoft.Extensions.AI;

namespace M1Parallel.Planning;

/// <summary>A planner that asks a chat model for plans through Magentic-One's facts-and-plan conversation: repeated
/// (independent samples at a high temperature) or diverse (the conversation continued with requests for a different plan).</summary>
public sealed class ChatPlanner : IPlanner
{
    private readonly IChatClient _client;
    private readonly ChatPlannerOptions _options;

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
    /// each plan, with the paper's request for another plan that differs in approach, team members or order.</remarks>
    public async Task<IReadOnlyList<Plan>> CreatePlansAsync(string task, int count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        if (_options.Strategy == PlanningStrategy.Repeated)
        {
            var samples = Enumerable.Range(0, count).Select(async _ => (await FirstPlanAsync(task, cancellationToken).ConfigureAwait(false)).Plan);
            return await Task.WhenAll(samples).ConfigureAwait(false);
        }

        var (conversation, first) = await FirstPlanAsync(task, cancellationToken).ConfigureAwait(false);
        var plans = new List<Plan>(count) { first };
        while (plans.Count < count)
        {
            conversation.Add(new ChatMessage(ChatRole.Assistant, plans[^1].Text));
            conversation.Add(new ChatMessage(ChatRole.User, PlannerPrompts.AnotherPlan));
            plans.Add(new Plan(await AskAsync(conversation, cancellationToken).ConfigureAwait(false)));
        }

        return plans;
    }

    /// <inheritdoc />
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
            new(ChatRole.User, PlannerPrompts.Replan(task, _options.TeamDescription, failures, _options.FailureSummaryChars)),
        ];
        return new Plan(await AskAsync(messages, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>π1: Magentic-One's facts survey, then its plan request in the same conversation; returns the conversation
    /// (without the plan) and the plan.</summary>
    private async Task<(List<ChatMessage> Conversation, Plan Plan)> FirstPlanAsync(string task, CancellationToken cancellationToken)
    {
        List<ChatMessage> conversation = [new(ChatRole.System, TaskLedgerPrompts.System), new(ChatRole.User, TaskLedgerPrompts.Facts(task))];
        var facts = await AskAsync(conversation, cancellationToken).ConfigureAwait(false);
        conversation.Add(new ChatMessage(ChatRole.Assistant, facts));
        conversation.Add(new ChatMessage(ChatRole.User, TaskLedgerPrompts.Plan(_options.TeamDescription)));
        return (conversation, new Plan(await AskAsync(conversation, cancellationToken).ConfigureAwait(false)));
    }

    private long _requests;

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
