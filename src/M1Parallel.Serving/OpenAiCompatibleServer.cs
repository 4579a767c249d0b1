using System.Net;
using System.Text;
using M1Parallel.Inference.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Serving;

/// <summary>
/// An OpenAI-compatible HTTP server (Kestrel) over any <see cref="IChatClient"/>: <c>POST /v1/chat/completions</c>
/// (JSON or SSE streaming, tools, usage), <c>GET /v1/models</c>, <c>GET /health</c> and <c>GET /metrics</c> (Prometheus).
/// Every request goes to the one client, so over a <see cref="M1Parallel.Inference.Chat.LocalChatClient"/> external callers batch with the
/// project's own teams in one <see cref="InferenceScheduler"/>. At most <see cref="OpenAiServerOptions.MaxConcurrentRequests"/>
/// are served at once and a few more wait for a place (<see cref="OpenAiServerOptions.MaxQueuedRequests"/>); a client
/// that goes away frees its place and cancels its generation at once. Thread-safe; <see cref="StopAsync"/> (or
/// <see cref="RunAsync"/>) stops gracefully, disposing stops at once.
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private const string ServerError = "server_error";
    private const int DrainFactor = 16;
    private readonly WebApplication _app;
    private readonly IChatClient _client;
    private readonly InferenceScheduler? _scheduler;
    private readonly OpenAiServerOptions _options;
    private readonly ServerCounters _counters = new();
    private readonly AdmissionQueue _admission;
    private readonly ApiKeyCheck? _key;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stopGate = new();
    private readonly string _modelId;
    private readonly long _startedAt;
    private Task? _stop;
    private int _disposed;

    private OpenAiCompatibleServer(WebApplication app, IChatClient client, InferenceScheduler? scheduler, OpenAiServerOptions options)
    {
        _app = app;
        _client = client;
        _scheduler = scheduler;
        _options = options;
        _key = options.ApiKey is { } key ? new ApiKeyCheck(key) : null;
        _admission = new AdmissionQueue(options.MaxConcurrentRequests, options.MaxQueuedRequests, options.QueueTimeout, options.TimeProvider);
        _modelId = options.ModelId
                   ?? (client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId
                   ?? "local";
        _startedAt = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
    }

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The OpenAI-compatible base URL clients are given, e.g. <c>http://127.0.0.1:5123/v1</c>.</summary>
    public Uri ApiBase => new(BaseAddress, "v1");

    /// <summary>The model name the server answers to.</summary>
    public string ModelId => _modelId;

    /// <summary>The options in force.</summary>
    public OpenAiServerOptions Options => _options;

    /// <summary>Chat completion requests so far, by outcome, and how many are being served and waiting now.</summary>
    public ServerRequestCounts Requests => _counters.Snapshot(_admission.Waiting);

    /// <summary>True from the moment the server begins to stop; it then admits no new request.</summary>
    public bool IsStopping => Volatile.Read(ref _stop) is not null;

    /// <summary>Validates the options, binds the address and starts serving.</summary>
    /// <param name="client">Answers every chat completion; the caller owns and disposes it.</param>
    /// <param name="options">Address, key and limits; loopback on a free port when null.</param>
    /// <param name="scheduler">Source of the scheduler metrics on <c>/metrics</c>; taken from <paramref name="client"/>'s services when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">An option is invalid (for example a non-loopback host without an API key).</exception>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static async Task<OpenAiCompatibleServer> StartAsync(IChatClient client, OpenAiServerOptions? options = null,
        InferenceScheduler? scheduler = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new OpenAiServerOptions();
        options.Validate();
        scheduler ??= client.GetService(typeof(InferenceScheduler)) as InferenceScheduler;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // The grace period of StopAsync decides when requests in flight are cancelled, not the host's own timeout.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(options.ParseHost()!, options.Port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes * DrainFactor;
        });
        var app = builder.Build();
        var server = new OpenAiCompatibleServer(app, client, scheduler, options);
        server.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            server._stopping.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Serves until <paramref name="stoppingToken"/> is cancelled (Ctrl+C, SIGTERM), then stops gracefully with <see cref="StopAsync"/>.</summary>
    /// <param name="stoppingToken">Cancel to stop the server.</param>
    /// <param name="hurryToken">Cancel to end the grace period at once (a second Ctrl+C): generations still running are cancelled.</param>
    public async Task RunAsync(CancellationToken stoppingToken, CancellationToken hurryToken = default)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync(hurryToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops gracefully: accepts no new connection, answers new requests and those waiting for a place 503, lets requests
    /// in flight finish for up to <see cref="OpenAiServerOptions.ShutdownGracePeriod"/>, then cancels their generations and
    /// waits for them to end. Safe to call more than once (later calls wait for the same stop). The caller then disposes
    /// the server, and after it the chat client and the model.
    /// </summary>
    /// <param name="cancellationToken">Cancel to end the grace period at once.</param>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopGate)
        {
            return _stop ??= StopCoreAsync(cancellationToken);
        }
    }

    private async Task StopCoreAsync(CancellationToken hurry)
    {
        _admission.Close();
        using var grace = new CancellationTokenSource(_options.ShutdownGracePeriod, _options.TimeProvider);
        using var over = CancellationTokenSource.CreateLinkedTokenSource(grace.Token, hurry);
        // When the grace period is over, the generations still running are cancelled (their clients get what was sent so far).
        await using (over.Token.Register(() => _stopping.Cancel()).ConfigureAwait(false))
        {
            try
            {
                await _app.StopAsync(over.Token).ConfigureAwait(false); // stops listening; waits for requests in flight until the grace ends
            }
            catch (OperationCanceledException)
            {
            }

            await _counters.WhenIdleAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Stops at once: generations still running are cancelled, with no grace period.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false); // also ends a graceful stop's grace period
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (_key is not null && context.Request.Path != "/health" && !_key.IsAuthorized(context.Request.Headers.Authorization))
            {
                _counters.Record(RequestOutcome.Unauthorized);
                await WriteErrorAsync(context, new OpenAiErrorException(401,
                    "Missing or wrong API key. Send the server's key as 'Authorization: Bearer KEY'.", code: "invalid_api_key")).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.MapPost("/v1/chat/completions", ChatCompletionsAsync);
        app.MapGet("/v1/models", context => WriteJsonAsync(context, 200, ModelsJson(list: true)));
        app.MapGet("/v1/models/{id}", (HttpContext context, string id) => id == _modelId
            ? WriteJsonAsync(context, 200, ModelsJson(list: false))
            : WriteErrorAsync(context, new OpenAiErrorException(404, $"The model '{id}' does not exist on this server; it serves '{_modelId}'.", param: "model", code: "model_not_found")));
        app.MapGet("/health", context => IsStopping
            ? WriteJsonAsync(context, 503, Encoding.UTF8.GetBytes("{\"status\":\"stopping\"}"))
            : WriteJsonAsync(context, 200, Encoding.UTF8.GetBytes(
                $"{{\"status\":\"ok\",\"model\":{System.Text.Json.JsonSerializer.Serialize(_modelId)},\"in_flight\":{_counters.InFlight},\"waiting\":{_admission.Waiting}}}")));
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(PrometheusText.Format(Requests, _scheduler?.Metrics), context.RequestAborted).ConfigureAwait(false);
        });
        app.MapFallback(context => WriteErrorAsync(context, new OpenAiErrorException(404,
            $"There is no {context.Request.Method} {context.Request.Path} here; this server serves POST /v1/chat/completions, GET /v1/models, GET /health and GET /metrics.",
            code: "unknown_url")));
    }

    private async Task ChatCompletionsAsync(HttpContext context)
    {
        using var place = await _admission.EnterAsync(context.RequestAborted).ConfigureAwait(false);
        if (place.Outcome != AdmissionOutcome.Admitted)
        {
            await RefuseAsync(context, place.Outcome).ConfigureAwait(false);
            return;
        }

        // A client that goes away frees its place at once, not when the handler next writes to it (the generation,
        // cancelled by the same token, may take a decode step to end).
        using var freeOnAbort = context.RequestAborted.UnsafeRegister(static ticket => ((AdmissionTicket)ticket!).Dispose(), place);
        _counters.Enter();
        try
        {
            _counters.Record(await ServeAsync(context).ConfigureAwait(false));
        }
        catch
        {
            _counters.Record(RequestOutcome.Failed); // failed after the response had started; Kestrel aborts the connection
            throw;
        }
        finally
        {
            _counters.Exit();
        }
    }

    private Task RefuseAsync(HttpContext context, AdmissionOutcome outcome)
    {
        if (outcome == AdmissionOutcome.ClientGone)
        {
            _counters.Record(RequestOutcome.Cancelled);
            return Task.CompletedTask;
        }

        _counters.Record(RequestOutcome.Rejected);
        return WriteErrorAsync(context, outcome switch
        {
            AdmissionOutcome.QueueFull => new OpenAiErrorException(429,
                $"The server is answering {_options.MaxConcurrentRequests} requests and {_options.MaxQueuedRequests} more are waiting; retry after the Retry-After delay.",
                "requests", code: "rate_limit_exceeded") { RetryAfter = _options.RetryAfter },
            AdmissionOutcome.TimedOut => new OpenAiErrorException(429,
                $"The request waited {_options.QueueTimeout.TotalSeconds:0.#} s and no place among the {_options.MaxConcurrentRequests} requests served at once freed; retry after the Retry-After delay.",
                "requests", code: "rate_limit_exceeded") { RetryAfter = _options.RetryAfter },
            _ => new OpenAiErrorException(503, "The server is shutting down.", ServerError, code: "server_shutting_down") { RetryAfter = _options.RetryAfter },
        });
    }

    private async Task<RequestOutcome> ServeAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        try
        {
            var body = await ReadBodyAsync(context.Request, ct).ConfigureAwait(false);
            var request = ChatCompletionRequestReader.Read(body, _modelId, _options);
            if (request.Stream)
            {
                return await StreamAsync(context, request, ct).ConfigureAwait(false);
            }

            var response = await _client.GetResponseAsync(request.Messages, request.Options, ct).ConfigureAwait(false);
            var json = ChatCompletionJson.Completion(NewId(), Now(), _modelId, response);
            await WriteJsonAsync(context, 200, json, ct).ConfigureAwait(false);
            return RequestOutcome.Completed;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return RequestOutcome.Cancelled;
        }
        catch (ClientGoneException)
        {
            return RequestOutcome.Cancelled; // the client left before its request was whole: nobody is there to answer
        }
        catch (Exception e) when (!context.Response.HasStarted && ToError(e) is { } error)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return error.Status >= 500 ? RequestOutcome.Failed : RequestOutcome.Invalid;
        }
    }

    private async Task<RequestOutcome> StreamAsync(HttpContext context, ChatCompletionRequest request, CancellationToken ct)
    {
        var id = NewId();
        var created = Now();
        await using var updates = _client.GetStreamingResponseAsync(request.Messages, request.Options, ct).GetAsyncEnumerator(ct);

        // The first update is awaited before the headers go out, so that a prompt the model refuses still gets a 4xx.
        var more = await updates.MoveNextAsync().ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await SendAsync(response, ChatCompletionJson.Chunk(id, created, _modelId, text: "", role: true), ct).ConfigureAwait(false);

        UsageDetails? usage = null;
        ChatFinishReason? finish = null;
        var calls = 0;
        try
        {
            for (; more; more = await updates.MoveNextAsync().ConfigureAwait(false))
            {
                var update = updates.Current;
                finish = update.FinishReason ?? finish;
                var text = string.Concat(update.Contents.OfType<TextContent>().Select(t => t.Text));
                var reasoning = string.Concat(update.Contents.OfType<TextReasoningContent>().Select(t => t.Text));
                var toolCalls = update.Contents.OfType<FunctionCallContent>().Select(c => (calls++, c)).ToList();
                usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
                if (text.Length > 0 || reasoning.Length > 0 || toolCalls.Count > 0)
                {
                    var chunk = ChatCompletionJson.Chunk(id, created, _modelId, text.Length > 0 ? text : null,
                        reasoning.Length > 0 ? reasoning : null, toolCalls);
                    await SendAsync(response, chunk, ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Headers are gone: the error travels as an event, as OpenAI's own streams do.
            var error = ToError(e) ?? new OpenAiErrorException(500, $"The model failed mid-reply: {e.Message}", ServerError);
            await SendAsync(response, ChatCompletionJson.Error(error), ct).ConfigureAwait(false);
            return RequestOutcome.Failed;
        }

        await SendAsync(response, ChatCompletionJson.Chunk(id, created, _modelId, finishReason: ChatCompletionJson.FinishReason(finish, calls > 0)), ct).ConfigureAwait(false);
        if (request.IncludeUsage)
        {
            await SendAsync(response, ChatCompletionJson.UsageChunk(id, created, _modelId, usage), ct).ConfigureAwait(false);
        }

        await response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
        return RequestOutcome.Completed;
    }

    private static async Task SendAsync(HttpResponse response, byte[] json, CancellationToken ct)
    {
        var frame = new byte[json.Length + 8];
        "data: "u8.CopyTo(frame);
        json.CopyTo(frame, 6);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        await response.Body.WriteAsync(frame, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the body up to <see cref="OpenAiServerOptions.MaxBodyBytes"/>. A larger body is read on and dropped (up to
    /// <see cref="DrainFactor"/> times the limit) so that the client, still sending, gets to read the 413 instead of a broken pipe.
    /// </summary>
    private async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var limit = _options.MaxBodyBytes;
        if (request.ContentLength > limit * DrainFactor)
        {
            throw TooLarge(request.ContentLength.Value);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        var total = 0L;
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                total += n;
                if (total <= limit)
                {
                    buffer.Write(chunk, 0, n);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.Message.Contains("Unexpected end of request content", StringComparison.Ordinal))
        {
            throw new ClientGoneException(e); // Content-Length promised more than came before the connection closed
        }
        catch (BadHttpRequestException e)
        {
            throw e.StatusCode == 413 ? TooLarge(total) : new OpenAiErrorException(e.StatusCode, $"The request could not be read: {e.Message}");
        }
        catch (IOException e)
        {
            throw new ClientGoneException(e); // the connection was reset mid-body
        }

        if (total > limit)
        {
            throw TooLarge(total);
        }

        if (buffer.Length == 0)
        {
            throw new OpenAiErrorException(400, "The request body is empty; send a JSON chat completion request.", code: "invalid_json");
        }

        return buffer.ToArray();
    }

    private OpenAiErrorException TooLarge(long size) => new(413,
        $"The request body has {size} bytes or more; this server accepts at most {_options.MaxBodyBytes} bytes. Shorten the conversation.",
        code: "request_too_large");

    /// <summary>What to tell the client about an exception from reading the request or from the chat client.</summary>
    private OpenAiErrorException? ToError(Exception e) => e switch
    {
        OpenAiErrorException error => error,
        InferenceException { Kind: InferenceErrorKind.PromptTooLong or InferenceErrorKind.InvalidToken } inference => new OpenAiErrorException(400,
            inference.Message, param: "messages", code: "context_length_exceeded"),
        InferenceException { Kind: InferenceErrorKind.KvCacheFull } inference => new OpenAiErrorException(503,
            $"The model is out of KV cache for now: {inference.Message}", ServerError, code: "server_overloaded") { RetryAfter = _options.RetryAfter },
        InferenceException inference => new OpenAiErrorException(500, inference.Message, ServerError),
        ObjectDisposedException => new OpenAiErrorException(503, "The model is shutting down.", ServerError, code: "server_shutting_down"),
        ArgumentException argument => new OpenAiErrorException(400, argument.Message),
        OperationCanceledException => new OpenAiErrorException(503, "The server is stopping.", ServerError, code: "server_shutting_down"),
        _ => new OpenAiErrorException(500, $"The chat client failed: {e.GetType().Name}: {e.Message}", ServerError),
    };

    private static async Task WriteErrorAsync(HttpContext context, OpenAiErrorException error)
    {
        if (error.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        try
        {
            await WriteJsonAsync(context, error.Status, ChatCompletionJson.Error(error), context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client has gone; there is no one to tell.
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, byte[] json, CancellationToken ct = default)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, ct).ConfigureAwait(false);
    }

    private byte[] ModelsJson(bool list)
    {
        var model = $"{{\"id\":{System.Text.Json.JsonSerializer.Serialize(_modelId)},\"object\":\"model\",\"created\":{_startedAt},\"owned_by\":\"m1p\"}}";
        return Encoding.UTF8.GetBytes(list ? $"{{\"object\":\"list\",\"data\":[{model}]}}" : model);
    }

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");

    private long Now() => _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The client closed its connection before its request body was complete.</summary>
    private sealed class ClientGoneException(Exception inner) : Exception("The client closed the connection before its request body was complete.", inner);
}
