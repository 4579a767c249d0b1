using System.Text.Json;
using M1Parallel.MagenticOne.Ledgers;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

using M1Parallel.MagenticOne.Formats;

namespace M1Parallel.MagenticOne.Tools;

/// <summary>One agent turn with tools, as Magentic-One's WebSurfer and FileSurfer take it (autogen-ext's
/// <c>MultimodalWebSurfer._generate_reply</c> and <c>FileSurfer._generate_reply</c>): ONE model call; when it answers in
/// text that is the reply, when it calls tools they run and their result is the reply. Nothing is fed back to the model
/// within the turn, so each orchestrator turn is one action and the team's steps and stalls count actions.</summary>
/// <remarks>This is its own loop rather than Microsoft.Extensions.AI's <c>FunctionInvokingChatClient</c> on purpose.
/// That client feeds tool results back to the model and calls it again until it stops asking, so one turn could take
/// many actions; Magentic-One's agents take exactly one action per orchestrator turn, and the orchestrator's step
/// budget and stall counting rely on it. It also reports a tool's exception to the model as a tool error, while here
/// only the expected failures of a tool (bad arguments, a missing file, a timeout, …) become an "Error from …" reply:
/// anything else, a crashed browser above all, propagates and surfaces as the team's crash, never as a message the
/// model is asked to work around.</remarks>
internal sealed class ToolTurn
{
    private readonly TeamRun _run;

    public ToolTurn(TeamRun run) => _run = run;

    /// <summary>Calls the model once with <paramref name="tools"/> and runs at most <paramref name="maxCalls"/> of the calls
    /// it asks for, in order, stopping at the first that fails. Calls left unrun are noted in the transcript.</summary>
    public async Task<ToolTurnResult> RunAsync(
        TeamRole role,
        string speaker,
        IReadOnlyList<ChatMessage> messages,
        IReadOnlyList<AIFunction> tools,
        int maxCalls,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCalls, 1);
        var options = _run.NewChatOptions(role, "agent_step", [.. tools]);
        var response = await _run.ClientFor(role).GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var requested = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        if (requested.Count == 0)
        {
            return new ToolTurnResult(ThinkingText.Strip(response.Text), [], response.Usage);
        }

        if (requested.Count > maxCalls)
        {
            _run.Record(speaker, TranscriptEntryKind.Note,
                $"The model asked for {requested.Count} tool calls ({string.Join(", ", requested.Select(c => c.Name))}); one action per turn, so only " +
                $"{string.Join(", ", requested.Take(maxCalls).Select(c => c.Name))} ran.", _run.Now());
        }

        var byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var calls = new List<TranscriptToolCall>();
        var usageToRecord = response.Usage;
        foreach (var call in requested.Take(maxCalls))
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
            if (failed)
            {
                break; // as autogen's FileSurfer, which replies with the first error
            }
        }

        return new ToolTurnResult(string.Empty, calls, response.Usage);
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
