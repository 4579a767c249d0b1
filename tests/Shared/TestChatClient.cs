using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace M1Parallel.TestSupport;

/// <summary>An <see cref="IChatClient"/> whose behaviour is set by callbacks; records every request. Shared by test projects (linked).</summary>
internal sealed class TestChatClient : IChatClient
{
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _requests = [];

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, int, ChatResponse>? OnResponse { get; init; }

    public Func<IReadOnlyList<ChatMessage>, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? OnStreaming { get; init; }

    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToArray();
        int index;
        lock (_requests)
        {
            index = _requests.Count;
            _requests.Add((list, options));
        }

        return Task.FromResult((OnResponse ?? throw new InvalidOperationException("No OnResponse set."))(list, options, index));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToArray();
        lock (_requests)
        {
            _requests.Add((list, options));
        }

        await foreach (var update in (OnStreaming ?? throw new InvalidOperationException("No OnStreaming set."))(list, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
