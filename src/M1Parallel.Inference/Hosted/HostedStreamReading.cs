using Microsoft.Extensions.AI;

namespace M1Parallel.Inference.Hosted;

/// <summary>
/// One streamed reply being read: the updates held back until the first one worth handing out, how much has been
/// handed out, an idle limit that cancels the stream when no data arrives in time, and whether the stream has shown it
/// is complete (a finish reason or the usage report, which OpenAI sends last, and every announced tool call).
/// </summary>
internal sealed class HostedStreamReading : IAsyncDisposable
{
    private readonly IAsyncEnumerator<ChatResponseUpdate> _stream;
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationTokenRegistration _idleStops;
    private bool _finished;
    private bool _toolCallsAnnounced;
    private bool _toolCallsArrived;
    private bool _ended;

    /// <summary>Reads <paramref name="stream"/>, which <paramref name="cancellation"/> cancels (and this reading disposes).</summary>
    public HostedStreamReading(IAsyncEnumerator<ChatResponseUpdate> stream, CancellationTokenSource cancellation, int attempt, TimeProvider time)
    {
        _stream = stream;
        _cancellation = cancellation;
        Attempt = attempt;
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _idleStops = _idle.Token.Register(cancellation.Cancel);
    }

    /// <summary>The updates read before (and including) the first worth handing out.</summary>
    public List<ChatResponseUpdate> Held { get; } = [];

    /// <summary>The attempt that opened the stream (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>Whether a wait for data outlasted its limit (the stream has then been cancelled).</summary>
    public bool IdleLimitReached => _idle.IsCancellationRequested;

    /// <summary>Updates handed out to the caller.</summary>
    public int Updates { get; private set; }

    /// <summary>Characters of text handed out to the caller.</summary>
    public int TextLength { get; private set; }

    private bool Complete => _finished && (!_toolCallsAnnounced || _toolCallsArrived);

    /// <summary>Cancels the stream unless data arrives within <paramref name="limit"/>.</summary>
    public void StartIdleLimit(TimeSpan limit) => _idle.CancelAfter(limit);

    /// <summary>Stops the limit while the caller holds an update.</summary>
    public void StopIdleLimit() => _idle.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>Counts <paramref name="update"/> as handed out.</summary>
    public void HandedOut(ChatResponseUpdate update)
    {
        Updates++;
        TextLength += update.Text.Length;
    }

    /// <summary>Reads into <see cref="Held"/> until an update with some of the answer (text, a tool call) or the
    /// stream's complete end: until then nothing of the answer has reached the caller and a failure may be retried (a
    /// reply of tool calls only is assembled at its end, so it is retried until it is whole).</summary>
    /// <exception cref="StreamEndedEarlyException">The stream ended before it was complete.</exception>
    public async Task ReadUntilWorthHandingOutAsync()
    {
        while (await ReadAsync().ConfigureAwait(false) is { } update)
        {
            Held.Add(update);
            if (update.Contents.Any(c => c is not (TextContent { Text.Length: 0 } or UsageContent)))
            {
                return;
            }
        }
    }

    /// <summary>The next update; null at a complete end (a connection lost once the reply is complete, before
    /// <c>[DONE]</c>, counts as the end: nothing of the answer is missing).</summary>
    /// <exception cref="StreamEndedEarlyException">The stream ended before it was complete.</exception>
    public async Task<ChatResponseUpdate?> ReadAsync()
    {
        if (_ended)
        {
            return null;
        }

        try
        {
            if (!await _stream.MoveNextAsync().ConfigureAwait(false))
            {
                _ended = true;
                return Complete ? null : throw new StreamEndedEarlyException();
            }
        }
        catch (Exception ex) when (Complete && ex is IOException or HttpRequestException)
        {
            _ended = true;
            return null;
        }

        var update = _stream.Current;
        _finished |= update.FinishReason is not null || update.Contents.Any(c => c is UsageContent);
        _toolCallsAnnounced |= update.FinishReason == ChatFinishReason.ToolCalls;
        _toolCallsArrived |= update.Contents.Any(c => c is FunctionCallContent);
        return update;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _idleStops.DisposeAsync().ConfigureAwait(false);
        _idle.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _cancellation.Dispose();
    }
}
