using System.Text.Json;
using Microsoft.Extensions.AI;

namespace M1Parallel.Experiments.Tests.TestSupport;

/// <summary>
/// A scripted model for real teams: plans for the planner, facts, a satisfied progress ledger and a final answer for
/// the orchestrator, a FINAL ANSWER for the aggregator. Every call uses 100 prompt and 10 completion tokens.
/// </summary>
internal sealed class ScriptedModel : IChatClient
{
    private readonly List<(string Purpose, string Text)> _calls = [];
    private int _plans;
    private readonly List<object?> _thinking = [];
    private int _facts;

    /// <summary>The n-th plan the planner writes (from 0).</summary>
    public Func<int, string> Plan { get; init; } = n => $"- plan {n}: answer at once";

    /// <summary>The team's final answer.</summary>
    public string Answer { get; init; } = "42";

    /// <summary>Team calls whose prompt holds this text wait until they are cancelled.</summary>
    public string? HangWhenPromptContains { get; init; }

    /// <summary>The facts call with this number (1-based, in arrival order) throws, and so its team ends without an answer.</summary>
    public int? FailOnFactsCall { get; init; }

    /// <summary>The <c>enable_thinking</c> value of every team call (null where it was not set), in call order.</summary>
    public IReadOnlyList<object?> ThinkingFlags
    {
        get
        {
            lock (_calls)
            {
                return _thinking.ToArray();
            }
        }
    }

    public IReadOnlyList<(string Purpose, string Text)> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>The sampling seed of each planner call, in call order.</summary>
    public List<long?> PlannerSeeds { get; } = [];

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = string.Join("\n", messages.Select(m => m.Text));
        var purpose = options?.AdditionalProperties?.TryGetValue("m1p.purpose", out var p) == true ? p?.ToString() ?? string.Empty : string.Empty;
        // Plans start from Magentic-One's facts-and-plan conversation (the orchestrator's system prompt); re-plans come from the manager.
        var planner = purpose.Length == 0 && (text.StartsWith(M1Parallel.MagenticOne.Orchestration.TaskLedgerPrompts.System, StringComparison.Ordinal)
                                             || text.Contains("manager of a small team", StringComparison.Ordinal));
        lock (_calls)
        {
            _calls.Add((purpose.Length > 0 ? purpose : planner ? "planner" : "aggregator", text));
            if (planner)
            {
                PlannerSeeds.Add(options?.Seed);
            }

            if (purpose.Length > 0)
            {
                _thinking.Add(options?.AdditionalProperties?.TryGetValue("enable_thinking", out var thinking) == true ? thinking : null);
            }
        }

        var factsCall = purpose == "facts" ? Interlocked.Increment(ref _facts) : 0;
        if (factsCall > 0 && factsCall == FailOnFactsCall)
        {
            throw new InvalidOperationException("scripted model failure on this facts call");
        }

        if (purpose.Length > 0 && HangWhenPromptContains is { } marker && text.Contains(marker, StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var reply = purpose switch
        {
            "facts" or "facts_update" => "1. GIVEN OR VERIFIED FACTS\n- none",
            "progress_ledger" => Ledger(),
            "final_answer" or "final_answer_retry" => $"Done.\nFINAL ANSWER: {Answer}",
            "" when planner => Plan(Interlocked.Increment(ref _plans) - 1),
            "" => $"The teams agree.\nFINAL ANSWER: {Answer}",
            _ => "Nothing to add.",
        };
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
        {
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Teams, planner and aggregator do not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static string Ledger() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["is_request_satisfied"] = new { reason = "known", answer = true },
        ["is_in_loop"] = new { reason = "no", answer = false },
        ["is_progress_being_made"] = new { reason = "yes", answer = true },
        ["next_speaker"] = new { reason = "done", answer = "Coder" },
        ["instruction_or_question"] = new { reason = "done", answer = "None." },
    });
}
