using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace M1Parallel.Inference.Hosted;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible endpoint (OpenAI, llama-server, vLLM) over the OpenAI SDK:
/// streaming with usage, function tools, a per-attempt timeout, and retries with exponential backoff on HTTP 429 and
/// 5xx that honour Retry-After, on failed connections and on streams that break before their first update (one retry
/// layer: the SDK's own retry policy is off). A stream that breaks after updates were handed out fails clearly. Thread-safe.
/// </summary>
public sealed class HostedChatClient : IChatClient
{
    private readonly HostedBackendOptions _options;
    private readonly ChatClient _chat;
    private readonly ResiliencePipeline _pipeline;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates the client; reads the API key from the environment variable named in <paramref name="options"/>.</summary>
    /// <param name="options">The endpoint, model and retry settings.</param>
    /// <param name="environment">Reads an environment variable (tests pass their own); <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    /// <exception cref="HostedBackendException">The named environment variable is not set.</exception>
    public HostedChatClient(HostedBackendOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var key = HostedApiKey.Read(options, environment);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // Polly below is the only retry layer.
            NetworkTimeout = options.RequestTimeout,
        };
        _chat = new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
        _metadata = new ChatClientMetadata("openai-compatible", options.Endpoint, options.Model);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                // Transient: HTTP 408/429/5xx, no answer in time, and a connection that failed or a stream that ended
                // early before anything reached the caller. A reply that arrived whole but is invalid is not retried.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    ClientResultException http => http.Status == 0 || IsTransient(http.Status),
                    TimeoutRejectedException or StreamEndedEarlyException or HttpRequestException or IOException => true,
                    OperationCanceledException => !args.Context.CancellationToken.IsCancellationRequested,
                    _ => false,
                }),
                MaxRetryAttempts = options.MaxRetries,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(DelayFor(args.Outcome.Exception, args.AttemptNumber)),
            });
        }

        _pipeline = pipeline
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = OpenAIChatMapping.ToSdkMessages(messages);
        var attempts = 0;
        try
        {
            var completion = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return (await _chat.CompleteChatAsync(request, OpenAIChatMapping.ToSdkOptions(options), token).ConfigureAwait(false)).Value;
                },
                cancellationToken).ConfigureAwait(false);
            return OpenAIChatMapping.ToResponse(completion);
        }
        catch (Exception ex) when (Translate(ex, attempts, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Until the first update reaches the caller a failed attempt (HTTP 429/5xx, a reset connection, a stream that
    /// breaks off or ends before its finish, no update within the request timeout) is retried like any other call.
    /// Once updates have been handed out nothing is retried: a stream that then breaks off, ends without its finish or
    /// sends nothing for longer than the request timeout fails with a <see cref="HostedBackendException"/> saying how
    /// much had arrived, never with a silently shortened answer.
    /// </remarks>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<MeaiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = OpenAIChatMapping.ToSdkMessages(messages);
        var attempts = 0;
        StreamReading reading;
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
        catch (Exception ex) when (Translate(ex, attempts, cancellationToken) is { } translated)
        {
            throw translated;
        }

        await using var _ = reading;
        var update = reading.First;
        while (update is not null)
        {
            yield return update;
            reading.HandedOut(update);
            update = await NextUpdateAsync(reading, cancellationToken).ConfigureAwait(false);
        }

        if (reading.Tools.Count > 0)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, reading.Tools.Values.Select(t => (AIContent)t.Build()).ToList())
            {
                FinishReason = ChatFinishReason.ToolCalls,
            };
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>One attempt: sends the request and reads until the first update worth handing out (or the stream's
    /// complete end). Everything up to there may fail and be retried; the stream outlives the attempt's token, so it
    /// gets its own, cancelled by the attempt's timeout only while this method runs.</summary>
    private async Task<StreamReading> OpenStreamAsync(
        List<OpenAI.Chat.ChatMessage> request, ChatOptions? options, int attempt, CancellationToken attemptToken, CancellationToken cancellationToken)
    {
        var streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = new StreamReading(
            _chat.CompleteChatStreamingAsync(request, OpenAIChatMapping.ToSdkOptions(options), streamCancellation.Token).GetAsyncEnumerator(streamCancellation.Token),
            streamCancellation,
            attempt,
            _options.TimeProvider);
        try
        {
            await using (attemptToken.Register(() => streamCancellation.Cancel()))
            {
                reading.First = await reading.ReadAsync().ConfigureAwait(false);
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
    private async Task<ChatResponseUpdate?> NextUpdateAsync(StreamReading reading, CancellationToken cancellationToken)
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
            throw BrokenOff(reading, $"it sent no data for {_options.RequestTimeout.TotalSeconds:0.#} s (the request timeout)", ex,
                "If the model is just slow between tokens, raise requestTimeout.");
        }
        catch (Exception ex) when (ex is not HostedBackendException)
        {
            var cause = ex is StreamEndedEarlyException
                ? "the stream ended without a finish reason, a usage chunk or [DONE]"
                : $"{Innermost(ex).GetType().Name}: {Innermost(ex).Message.TrimEnd('.')}";
            throw BrokenOff(reading, cause, ex, "If it keeps happening, check the service and any proxy in between (idle or length limits).");
        }
    }

    private HostedBackendException BrokenOff(StreamReading reading, string cause, Exception error, string fix) => new(
        $"The hosted backend {_options.Endpoint} (model {_options.Model}) broke off its streamed reply after {reading.Updates} update(s) " +
        $"({reading.TextLength} characters of text) had been handed out: {cause}. The answer is incomplete; it was not retried because part of " +
        $"it had already been handed out, so call again (calls that fail before any update are retried by themselves). {fix}",
        null, reading.Attempt, error);

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }

    private static ChatResponseUpdate ToUpdate(StreamingChatCompletionUpdate update, SortedDictionary<int, ToolCallBuilder> tools)
    {
        var result = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = update.CompletionId,
            ModelId = update.Model,
            CreatedAt = update.CreatedAt,
            RawRepresentation = update,
            FinishReason = update.FinishReason is { } reason && reason != OpenAI.Chat.ChatFinishReason.ToolCalls ? OpenAIChatMapping.ToFinishReason(reason) : null,
        };
        foreach (var part in update.ContentUpdate)
        {
            if (!string.IsNullOrEmpty(part.Text))
            {
                result.Contents.Add(new TextContent(part.Text));
            }
        }

        foreach (var call in update.ToolCallUpdates)
        {
            if (!tools.TryGetValue(call.Index, out var builder))
            {
                tools[call.Index] = builder = new ToolCallBuilder();
            }

            builder.Id ??= call.ToolCallId;
            builder.Name ??= call.FunctionName;
            if (call.FunctionArgumentsUpdate is { } arguments && !arguments.ToMemory().IsEmpty)
            {
                builder.Arguments.Append(arguments.ToString());
            }
        }

        if (update.Usage is { } usage)
        {
            result.Contents.Add(new UsageContent(OpenAIChatMapping.ToUsage(usage)));
        }

        return result;
    }

    private TimeSpan DelayFor(Exception? error, int attemptNumber)
    {
        if (error is ClientResultException { } http && RetryAfter(http) is { } serverDelay)
        {
            return serverDelay;
        }

        var backoff = _options.BaseDelay * Math.Pow(2, attemptNumber);
        return backoff > _options.MaxDelay ? _options.MaxDelay : backoff;
    }

    private TimeSpan? RetryAfter(ClientResultException error)
    {
        var headers = error.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - _options.TimeProvider.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private Exception? Translate(Exception error, int attempts, CancellationToken cancellationToken)
    {
        if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null; // The caller cancelled: let the cancellation through unchanged.
        }

        var where = $"{_options.Endpoint} (model {_options.Model})";
        return error switch
        {
            ClientResultException http when IsTransient(http.Status) => new HostedBackendException(
                $"The hosted backend {where} still failed with HTTP {http.Status} after {attempts} attempt(s) ({_options.MaxRetries} retries with backoff). " +
                "The service is overloaded or down: try again later, lower the number of parallel teams, or raise maxRetries.",
                http.Status, attempts, http),
            ClientResultException { Status: 401 or 403 } http => new HostedBackendException(
                $"The hosted backend {where} rejected the API key (HTTP {http.Status}). Check the key in the environment variable " +
                $"{_options.ApiKeyVariable ?? "(none configured)"}.", http.Status, attempts, http),
            ClientResultException { Status: 0 } http => ConnectionFailed(where, http, attempts),
            ClientResultException http => new HostedBackendException(
                $"The hosted backend {where} rejected the request with HTTP {http.Status}: {http.Message}", http.Status, attempts, http),
            TimeoutRejectedException or OperationCanceledException => new HostedBackendException(
                $"The hosted backend {where} did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s in {attempts} attempt(s). " +
                "Raise requestTimeout or check the service.", null, attempts, error),
            StreamEndedEarlyException => new HostedBackendException(
                $"The hosted backend {where} ended its streamed reply before it was complete (no finish reason, usage chunk or [DONE]) " +
                $"in each of {attempts} attempt(s), before any update. Check the service's health and that it really is OpenAI-compatible.",
                null, attempts, error),
            JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException => new HostedBackendException(
                $"The hosted backend {where} sent a reply that is not a valid OpenAI chat completion ({error.GetType().Name}: {error.Message}). " +
                "Check that the endpoint really is OpenAI-compatible.", null, attempts, error),
            HttpRequestException or IOException => ConnectionFailed(where, error, attempts),
            _ => null,
        };
    }

    private HostedBackendException ConnectionFailed(string where, Exception error, int attempts) => new(
        $"The connection to the hosted backend {where} failed after {attempts} attempt(s) ({_options.MaxRetries} retries with backoff): " +
        $"{Innermost(error).Message.TrimEnd('.')}. Check the endpoint URL, the network, and that the service is up.", null, attempts, error);

    private static bool IsTransient(int status) => status is 408 or 429 or (>= 500 and <= 599);

    /// <summary>A streamed reply being read: the SDK's updates turned into ours, tool-call fragments collected, and
    /// whether the stream has shown it is complete (a finish reason or the usage chunk, which OpenAI sends last).</summary>
    private sealed class StreamReading : IAsyncDisposable
    {
        private readonly IAsyncEnumerator<StreamingChatCompletionUpdate> _stream;
        private readonly CancellationTokenSource _cancellation;
        private readonly CancellationTokenSource _idle;
        private readonly CancellationTokenRegistration _idleStops;
        private bool _complete;

        public StreamReading(IAsyncEnumerator<StreamingChatCompletionUpdate> stream, CancellationTokenSource cancellation, int attempt, TimeProvider time)
        {
            _stream = stream;
            _cancellation = cancellation;
            Attempt = attempt;
            _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            _idleStops = _idle.Token.Register(cancellation.Cancel);
        }

        public SortedDictionary<int, ToolCallBuilder> Tools { get; } = new();

        public ChatResponseUpdate? First { get; set; }

        /// <summary>The attempt that opened the stream (1 for the first).</summary>
        public int Attempt { get; }

        /// <summary>Whether a wait for data outlasted its limit (the stream has then been cancelled).</summary>
        public bool IdleLimitReached => _idle.IsCancellationRequested;

        public int Updates { get; private set; }

        public int TextLength { get; private set; }

        /// <summary>Cancels the stream unless data arrives within <paramref name="limit"/>.</summary>
        public void StartIdleLimit(TimeSpan limit) => _idle.CancelAfter(limit);

        /// <summary>Stops the limit while the caller holds an update.</summary>
        public void StopIdleLimit() => _idle.CancelAfter(Timeout.InfiniteTimeSpan);

        public void HandedOut(ChatResponseUpdate update)
        {
            Updates++;
            TextLength += update.Text.Length;
        }

        /// <summary>The next update worth handing out; null at a complete end (a connection lost once the finish
        /// reason or usage has arrived, before <c>[DONE]</c>, counts as the end: nothing of the answer is missing).</summary>
        /// <exception cref="StreamEndedEarlyException">The stream ended before it was complete.</exception>
        public async Task<ChatResponseUpdate?> ReadAsync()
        {
            while (true)
            {
                try
                {
                    if (!await _stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (_complete && ex is IOException or HttpRequestException)
                {
                    return null;
                }

                var current = _stream.Current;
                _complete |= current.FinishReason is not null || current.Usage is not null;
                var update = ToUpdate(current, Tools);
                if (update.Contents.Count > 0 || update.FinishReason is not null)
                {
                    return update;
                }
            }

            return _complete ? null : throw new StreamEndedEarlyException();
        }

        public async ValueTask DisposeAsync()
        {
            await _idleStops.DisposeAsync().ConfigureAwait(false);
            _idle.Dispose();
            await _stream.DisposeAsync().ConfigureAwait(false);
            _cancellation.Dispose();
        }
    }

    /// <summary>A stream ended (cleanly, as far as HTTP goes) without a finish reason, a usage chunk or <c>[DONE]</c>.</summary>
    private sealed class StreamEndedEarlyException() : Exception("The stream ended without a finish reason, a usage chunk or [DONE].");

    private sealed class ToolCallBuilder
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();

        public FunctionCallContent Build() =>
            OpenAIChatMapping.FunctionCall(Id ?? $"call_{Guid.NewGuid():N}", Name ?? "unknown", Arguments.ToString());
    }
}
