using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Tests.TestDoubles;

/// <summary>One request seen by a <see cref="ScriptedChatClient"/>.</summary>
internal sealed record ChatCall(int Index, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    public string Purpose => Options?.AdditionalProperties?.TryGetValue("m1p.purpose", out var p) == true ? p?.ToString() ?? "" : "";

    public string Role => Options?.AdditionalProperties?.TryGetValue("m1p.role", out var r) == true ? r?.ToString() ?? "" : "";

    public string LastUserText => Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";

    public string AllText => string.Join("\n", Messages.Select(m => m.Text));

    /// <summary>The assistant messages' texts: for a team member, its own earlier replies in the team thread.</summary>
    public IReadOnlyList<string> OwnReplies => Messages.Where(m => m.Role == ChatRole.Assistant).Select(m => m.Text).ToList();
}

/// <summary>A chat client whose replies come from a callback; it records every call.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<ChatCall, CancellationToken, Task<ChatResponse>> _respond;
    private readonly Lock _gate = new();
    private readonly List<ChatCall> _calls = [];

    public ScriptedChatClient(Func<ChatCall, ChatResponse> respond)
        : this((call, _) => Task.FromResult(respond(call)))
    {
    }

    public ScriptedChatClient(Func<ChatCall, CancellationToken, Task<ChatResponse>> respond) => _respond = respond;

    public IReadOnlyList<ChatCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToArray();
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ChatCall call;
        lock (_gate)
        {
            call = new ChatCall(_calls.Count, messages.ToList(), options);
            _calls.Add(call);
        }

        return _respond(call, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The team does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    public static ChatResponse Text(string text, int input = 100, int output = 10) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };

    public static ChatResponse ToolCall(string name, IDictionary<string, object?> arguments, string callId = "call_1", int input = 100, int output = 10) =>
        new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, name, arguments)]))
        {
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };
}
