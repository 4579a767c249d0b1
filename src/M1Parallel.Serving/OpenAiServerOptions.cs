using System.Net;

namespace M1Parallel.Serving;

/// <summary>Address, API key and limits of an <see cref="OpenAiCompatibleServer"/>; checked by <see cref="Validate"/> when the server starts.</summary>
public sealed record OpenAiServerOptions
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    /// <summary>The address to bind: <c>127.0.0.1</c> (default), <c>localhost</c>, <c>::1</c>, or another IP, which then requires <see cref="ApiKey"/>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (read it from <see cref="OpenAiCompatibleServer.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>The Bearer key every <c>/v1</c> and <c>/metrics</c> request must carry; null for none (loopback only).</summary>
    public string? ApiKey { get; init; }

    /// <summary>The model name served and accepted in requests; null takes the chat client's default model id.</summary>
    public string? ModelId { get; init; }

    /// <summary>Largest request body in bytes (413 beyond).</summary>
    public long MaxBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most characters of message text, tool arguments and tool schemas in one request (400 context_length_exceeded beyond).</summary>
    public int MaxPromptCharacters { get; init; } = 1024 * 1024;

    /// <summary>Largest <c>max_tokens</c> / <c>max_completion_tokens</c> a request may ask for (400 beyond).</summary>
    public int MaxTokens { get; init; } = 8192;

    /// <summary>Tokens generated when a request names no limit; at most <see cref="MaxTokens"/>.</summary>
    public int DefaultMaxTokens { get; init; } = 1024;

    /// <summary>
    /// Chat completions served at once; more wait for a place (<see cref="MaxQueuedRequests"/>). A place frees the moment
    /// its request ends or its client goes away.
    /// </summary>
    public int MaxConcurrentRequests { get; init; } = 64;

    /// <summary>Requests that may wait for a place, first come first served; one more is answered 429 at once. 0 waits none.</summary>
    public int MaxQueuedRequests { get; init; } = 64;

    /// <summary>The longest a request waits for a place before it is answered 429.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait suggested to refused clients in <c>Retry-After</c> (whole seconds, at least 1).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long <see cref="OpenAiCompatibleServer.StopAsync"/> lets requests in flight finish before it cancels their
    /// generations.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clock for the <c>created</c> timestamps of responses, the queue's waits and the shutdown grace period.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>True when <see cref="Host"/> is a loopback address, reachable from this machine only.</summary>
    public bool IsLoopback => ParseHost() is { } address && IPAddress.IsLoopback(address);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting and how to fix it.</summary>
    public void Validate()
    {
        if (ParseHost() is not { } address)
        {
            throw new ArgumentException($"Host '{Host}' is not an IP address; use 127.0.0.1 (this machine only), localhost, or the IP of a network interface.", nameof(Host));
        }

        if (Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be between 0 (any free port) and 65535.");
        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("ApiKey is blank; set a real key or null for a loopback server without keys.", nameof(ApiKey));
        }

        if (!IPAddress.IsLoopback(address) && ApiKey is null)
        {
            throw new ArgumentException(
                $"Binding {Host} makes the server reachable from other machines, so it needs an API key: " +
                "export a key in an environment variable and pass --api-key-env VAR (clients send it as 'Authorization: Bearer KEY'), or bind 127.0.0.1.",
                nameof(ApiKey));
        }

        if (ModelId is not null && string.IsNullOrWhiteSpace(ModelId)) throw new ArgumentException("ModelId is blank; name the model or pass null.", nameof(ModelId));
        if (MaxBodyBytes is < 1024 or > 1L << 30) throw new ArgumentOutOfRangeException(nameof(MaxBodyBytes), MaxBodyBytes, "MaxBodyBytes must be between 1 KiB and 1 GiB.");
        if (MaxPromptCharacters < 1) throw new ArgumentOutOfRangeException(nameof(MaxPromptCharacters), MaxPromptCharacters, "MaxPromptCharacters must be positive.");
        if (MaxTokens < 1) throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "MaxTokens must be positive.");
        if (DefaultMaxTokens < 1 || DefaultMaxTokens > MaxTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultMaxTokens), DefaultMaxTokens, $"DefaultMaxTokens must be between 1 and MaxTokens ({MaxTokens}).");
        }

        if (MaxConcurrentRequests < 1) throw new ArgumentOutOfRangeException(nameof(MaxConcurrentRequests), MaxConcurrentRequests, "MaxConcurrentRequests must be positive.");
        if (MaxQueuedRequests < 0) throw new ArgumentOutOfRangeException(nameof(MaxQueuedRequests), MaxQueuedRequests, "MaxQueuedRequests must be 0 (no queue) or more.");
        if (QueueTimeout < TimeSpan.Zero || QueueTimeout > MaxWait)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueTimeout), QueueTimeout, $"QueueTimeout must be between 0 and {MaxWait.TotalMinutes:0} minutes.");
        }

        if (ShutdownGracePeriod < TimeSpan.Zero || ShutdownGracePeriod > MaxWait)
        {
            throw new ArgumentOutOfRangeException(nameof(ShutdownGracePeriod), ShutdownGracePeriod,
                $"ShutdownGracePeriod must be between 0 (cancel at once) and {MaxWait.TotalMinutes:0} minutes.");
        }

        if (RetryAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryAfter), RetryAfter, "RetryAfter must not be negative.");
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    internal IPAddress? ParseHost() =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(Host, out var address) ? address
        : null;
}
