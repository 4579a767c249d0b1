using System.Text.Json;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.TestSupport;

/// <summary>
/// A scripted model for a real Magentic-One team: it answers each call by its purpose (facts, progress ledger, final
/// answer, agent step), records the calls, and can hold a call until it is cancelled.
/// </summary>
internal sealed class OrchestratorScript : IChatClient
{
    private readonly List<(string Role, string Purpose, string Text)> _calls = [];
    private readonly List<ChatOptions?> _options = [];

    /// <summary>The progress ledger the model writes; by default "request satisfied".</summary>
    public Func<string, string> Ledger { get; init; } = _ => LedgerJson(satisfied: true);

    /// <summary>The final-answer reply.</summary>
    public string FinalAnswer { get; init; } = "The team found it.\nFINAL ANSWER: 42";

    /// <summary>Calls whose prompt contains this text never return: they wait for their cancellation.</summary>
    public string? HangWhenPromptContains { get; init; }

    /// <summary>Final-answer calls wait until some call is held (<see cref="HangWhenPromptContains"/>), so a fast team
    /// cannot finish before a slow team is really waiting in a model call.</summary>
    public bool FinalAnswerWaitsForAHeldCall { get; init; }

    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set once a held call saw its cancellation.</summary>
    public bool SawCancellation { get; private set; }

    public IReadOnlyList<(string Role, string Purpose, string Text)> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>The options of every call, in call order.</summary>
    public IReadOnlyList<ChatOptions?> Options
    {
        get
        {
            lock (_calls)
            {
                return _options.ToArray();
            }
        }
    }

    public static string LedgerJson(bool satisfied, string speaker = "Coder") => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["is_request_satisfied"] = new { reason = "checked", answer = satisfied },
        ["is_in_loop"] = new { reason = "checked", answer = false },
        ["is_progress_being_made"] = new { reason = "checked", answer = true },
        ["next_speaker"] = new { reason = "best suited", answer = speaker },
        ["instruction_or_question"] = new { reason = "next step", answer = "Carry on." },
    });

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = string.Join("\n", messages.Select(m => m.Text));
        var role = Property(options, "m1p.role");
        var purpose = Property(options, "m1p.purpose");
        lock (_calls)
        {
            _calls.Add((role, purpose, text));
            _options.Add(options);
        }

        if (FinalAnswerWaitsForAHeldCall && purpose == "final_answer")
        {
            await _holding.Task.WaitAsync(cancellationToken);
        }

        if (HangWhenPromptContains is { } marker && text.Contains(marker, StringComparison.Ordinal))
        {
            _holding.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }
        }

        var reply = purpose switch
        {
            "facts" or "facts_update" => "1. GIVEN OR VERIFIED FACTS\n- none",
            "plan" or "plan_update" => "- think, then answer",
            "progress_ledger" => Ledger(text),
            "final_answer" or "final_answer_retry" => FinalAnswer,
            _ => "Nothing to add.",
        };
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
        {
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The team does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static string Property(ChatOptions? options, string key) =>
        options?.AdditionalProperties?.TryGetValue(key, out var value) == true ? value?.ToString() ?? string.Empty : string.Empty;
}
