using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;

namespace M1Parallel.Inference.Hosted;

/// <summary>
/// The resilience of a hosted backend's calls, around the OpenAI SDK's chat client: a timeout per attempt, retries
/// with exponential backoff on HTTP 408, 429 and 5xx that honour Retry-After, on failed connections and on streams that
/// break before their first update; a limit on each wait between streamed updates; and a clear
/// <see cref="HostedBackendException"/> naming the backend and the fix for everything else. Compose it with
/// <see cref="HostedResilienceChatClientBuilderExtensions.UseHostedResilience"/>; the inner client must not retry itself.
/// </summary>
internal sealed class HostedResilienceChatClient : DelegatingChatClient
{
    private readonly HostedBackendOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly HostedErrors _errors;

    /// <summary>Wraps <paramref name="innerClient"/>, which calls the endpoint <paramref name="options"/> describe.</summary>
    public HostedResilienceChatClient(IChatClient innerClient, HostedBackendOptions options)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pipeline = HostedRetryPipeline.Build(options);
        _errors = new HostedErrors(options);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToArray(); // read once, sent by every attempt
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await InnerClient.GetResponseAsync(request, options, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_errors.BeforeAnyUpdate(ex, attempts, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Until the first update worth handing out reaches the caller a failed attempt (HTTP 429/5xx, a reset connection,
    /// a stream that breaks off or ends before its finish, no update within the request timeout) is retried like any
    /// other call. Once updates have been handed out nothing is retried: a stream that then breaks off, ends without its
    /// finish or sends nothing for longer than the request timeout fails with a <see cref="HostedBackendException"/>
    /// saying how much had arrived, never with a silently shortened answer.
    /// </remarks>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToArray();
        var attempts = 0;
        HostedStreamReading reading;
        try
        {
            reading = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await OpenStreamAsync(request, options, attempts, token, cancellationToken).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_errors.BeforeAnyUpdate(ex, attempts, cancellationToken) is { } translated)
        {
            throw translated;
        }

        await using var _ = reading;
        foreach (var held in reading.Held)
        {
            yield return held;
            reading.HandedOut(held);
        }

        while (await NextUpdateAsync(reading, cancellationToken).ConfigureAwait(false) is { } update)
        {
            yield return update;
            reading.HandedOut(update);
        }
    }

    /// <summary>One attempt: sends the request and reads until the first update worth handing out (or the stream's
    /// complete end). Everything up to there may fail and be retried; the stream outlives the attempt's token, so it
    /// gets its own, cancelled by the attempt's timeout only while this method runs.</summary>
    private async Task<HostedStreamReading> OpenStreamAsync(
        IReadOnlyCollection<ChatMessage> request, ChatOptions? options, int attempt, CancellationToken attemptToken, CancellationToken cancellationToken)
    {
        var streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = new HostedStreamReading(
            InnerClient.GetStreamingResponseAsync(request, options, streamCancellation.Token).GetAsyncEnumerator(streamCancellation.Token),
            streamCancellation,
            attempt,
            _options.TimeProvider);
        try
        {
            await using (attemptToken.Register(() => streamCancellation.Cancel()))
            {
                await reading.ReadUntilWorthHandingOutAsync().ConfigureAwait(false);
            }

            attemptToken.ThrowIfCancellationRequested();
            return reading;
        }
        catch
        {
            await reading.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The next update once some have been handed out, each wait limited to the request timeout, or a clear error.</summary>
    private async Task<ChatResponseUpdate?> NextUpdateAsync(HostedStreamReading reading, CancellationToken cancellationToken)
    {
        try
        {
            reading.StartIdleLimit(_options.RequestTimeout);
            var update = await reading.ReadAsync().ConfigureAwait(false);
            reading.StopIdleLimit();
            return update;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // The caller cancelled: let the cancellation through unchanged.
        }
        catch (Exception ex) when (reading.IdleLimitReached)
        {
            throw _errors.BrokenOff(reading,
                $"it sent no data for {_options.RequestTimeout.TotalSeconds:0.#} s (the request timeout)", ex,
                "If the model is just slow between tokens, raise requestTimeout.");
        }
        catch (Exception ex) when (ex is not HostedBackendException)
        {
            var cause = ex is StreamEndedEarlyException
                ? "the stream ended without a finish reason, a usage chunk or [DONE], or without the tool calls it announced"
                : $"{HostedErrors.Innermost(ex).GetType().Name}: {HostedErrors.Innermost(ex).Message.TrimEnd('.')}";
            throw _errors.BrokenOff(reading, cause, ex,
                "If it keeps happening, check the service and any proxy in between (idle or length limits).");
        }
    }
}
