using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace M1Parallel.Serving.Tests;

/// <summary>An <see cref="IChatClient"/> whose replies a test scripts, recording what each call received.</summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> reply) : IChatClient
{
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _calls = [];

    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>A client that answers every call with the given contents (text, tool calls), then usage and a finish reason.</summary>
    public static ScriptedChatClient Replying(params AIContent[] contents) => new((_, _, ct) => Updates(contents, ct));

    /// <summary>
    /// A client whose every call signals <paramref name="started"/>, waits for <paramref name="release"/> (or its
    /// cancellation), then answers "done": a request held in flight for as long as a test needs.
    /// </summary>
    public static ScriptedChatClient WaitingFor(Task release, TaskCompletionSource? started = null) =>
        new((_, _, ct) => Waiting(release, started, ct));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (_calls)
        {
            _calls.Add((list, options));
        }

        return reply(list, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, "scripted-model") : null;

    public void Dispose()
    {
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Waiting(Task release, TaskCompletionSource? started, [EnumeratorCancellation] CancellationToken ct)
    {
        started?.TrySetResult();
        await release.WaitAsync(ct);
        yield return new ChatResponseUpdate(ChatRole.Assistant, "done") { FinishReason = ChatFinishReason.Stop };
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(AIContent[] contents, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        foreach (var content in contents)
        {
            ct.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, [content]);
        }

        var calls = contents.OfType<FunctionCallContent>().Any();
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 11, OutputTokenCount = 7, TotalTokenCount = 18, CachedInputTokenCount = 3 })])
        {
            FinishReason = calls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        };
    }
}
