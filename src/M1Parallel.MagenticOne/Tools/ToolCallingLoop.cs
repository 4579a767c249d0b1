using System.Text.Json;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Formats;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tools;

/// <summary>Calls a model with tools, runs the functions it asks for, feeds the results back, and repeats up to a
/// round limit (the role FunctionInvokingChatClient plays elsewhere, written here because that package is absent).</summary>
internal sealed class ToolCallingLoop
{
    private readonly TeamRun _run;

    public ToolCallingLoop(TeamRun run) => _run = run;

    /// <summary>Runs the loop; <paramref name="messages"/> grows with the model's replies and the tool results.</summary>
    public async Task<ToolLoopResult> RunAsync(
        TeamRole role,
        string speaker,
        List<ChatMessage> messages,
        IReadOnlyList<AIFunction> tools,
        int maxRounds,
        CancellationToken cancellationToken)
    {
        var client = _run.ClientFor(role);
        var byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var calls = new List<TranscriptToolCall>();
        var total = new UsageDetails();
        UsageDetails? last = null;
        for (var round = 1; round <= maxRounds; round++)
        {
            var options = _run.NewChatOptions(role, "agent_step", [.. tools]);
            var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            last = response.Usage;
            if (last is not null)
            {
                total.Add(last);
            }

            messages.AddRange(response.Messages);
            var requested = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (requested.Count == 0)
            {
                return new ToolLoopResult(ThinkingText.Strip(response.Text), calls, false, last, total);
            }

            var results = new List<AIContent>();
            var usageToRecord = last;
            foreach (var call in requested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = _run.Now();
                var (text, failed) = await InvokeAsync(call, byName, cancellationToken).ConfigureAwait(false);
                var callId = string.IsNullOrEmpty(call.CallId) ? $"call_{calls.Count}" : call.CallId;
                var record = new TranscriptToolCall(callId, call.Name, ArgumentsJson(call), text, failed);
                calls.Add(record);

                // The model call's usage goes on the first tool call it produced, so totals add up once.
                _run.Record(speaker, TranscriptEntryKind.ToolCall, $"{call.Name} -> {Shorten(text, 200)}", started, usageToRecord, record);
                usageToRecord = null;
                results.Add(new FunctionResultContent(call.CallId, text));
            }

            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }

        return new ToolLoopResult(string.Empty, calls, true, last, total);
    }

    private static async Task<(string Text, bool Failed)> InvokeAsync(
        FunctionCallContent call,
        IReadOnlyDictionary<string, AIFunction> tools,
        CancellationToken cancellationToken)
    {
        if (call.Exception is not null)
        {
            return ($"Error: the arguments of the call to '{call.Name}' could not be read ({call.Exception.Message}). Send the call again with a valid JSON object of arguments.", true);
        }

        if (!tools.TryGetValue(call.Name, out var function))
        {
            return ($"Error: there is no tool named '{call.Name}'. Available tools: {string.Join(", ", tools.Keys)}.", true);
        }

        try
        {
            var result = await function.InvokeAsync(new AIFunctionArguments(call.Arguments), cancellationToken).ConfigureAwait(false);
            return (ResultText(result), false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidOperationException or IOException
            or NotSupportedException or UnauthorizedAccessException or TimeoutException or FormatException)
        {
            return ($"Error from {call.Name}: {ex.Message}", true);
        }
    }

    private static string ResultText(object? result) => result switch
    {
        null => "(no result)",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? string.Empty,
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(result),
    };

    private static string ArgumentsJson(FunctionCallContent call) =>
        call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments);

    internal static string Shorten(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
