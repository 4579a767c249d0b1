using M1Parallel.FailureMemory;
using M1Parallel.MagenticOne.Formats;
using Microsoft.Extensions.AI;

namespace M1Parallel.Planning;

/// <summary>A planner that asks a chat model for plans: repeated (independent, high temperature) or diverse.</summary>
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
    public async Task<IReadOnlyList<Plan>> CreatePlansAsync(string task, int count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        if (_options.Strategy == PlanningStrategy.Repeated)
        {
            var prompt = PlannerPrompts.First(task, _options.TeamDescription);
            var calls = Enumerable.Range(0, count).Select(_ => AskAsync(prompt, cancellationToken));
            return await Task.WhenAll(calls).ConfigureAwait(false);
        }

        var plans = new List<Plan>(count);
        for (var i = 0; i < count; i++)
        {
            var prompt = i == 0
                ? PlannerPrompts.First(task, _options.TeamDescription)
                : PlannerPrompts.Different(task, _options.TeamDescription, plans);
            plans.Add(await AskAsync(prompt, cancellationToken).ConfigureAwait(false));
        }

        return plans;
    }

    /// <inheritdoc />
    public Task<Plan> ReplanAsync(string task, IReadOnlyList<FailureRecord> failures, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(failures);
        var prompt = failures.Count == 0
            ? PlannerPrompts.First(task, _options.TeamDescription)
            : PlannerPrompts.Replan(task, _options.TeamDescription, failures, _options.FailureSummaryChars);
        return AskAsync(prompt, cancellationToken);
    }

    private long _requests;

    private async Task<Plan> AskAsync(string prompt, CancellationToken cancellationToken)
    {
        ChatMessage[] messages = [new(ChatRole.System, PlannerPrompts.System), new(ChatRole.User, prompt)];
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
                "The planner model returned an empty plan (or only a <think> section). Check the planner backend, or raise its " +
                $"max output tokens (now {_options.MaxOutputTokens}) so the plan fits after the reasoning.");
        }

        return new Plan(text);
    }
}
