namespace M1Parallel.Inference.Hosted;

/// <summary>Settings of the <see cref="HostedChatClient"/> for one OpenAI-compatible endpoint, validated at construction.</summary>
public sealed class HostedBackendOptions
{
    /// <summary>Creates the settings.</summary>
    /// <param name="endpoint">Base URL ending in <c>/v1</c>, e.g. <c>https://api.openai.com/v1</c> or <c>http://127.0.0.1:8080/v1</c>.</param>
    /// <param name="model">The model name the endpoint serves, e.g. <c>gpt-4o</c>.</param>
    /// <param name="apiKeyVariable">Name of the environment variable holding the API key; null for endpoints without keys.</param>
    /// <param name="requestTimeout">Limit for one attempt: the whole reply, or the first streamed update; then for each wait between streamed updates (default 120 s).</param>
    /// <param name="maxRetries">Retries after the first attempt on HTTP 408, 429, 5xx, timeouts, failed connections and streams that break before their first update (default 4).</param>
    /// <param name="baseDelay">First backoff delay, doubled on every retry, when the server gives no Retry-After (default 1 s).</param>
    /// <param name="maxDelay">Cap on the computed backoff delay (default 30 s); a Retry-After from the server is honoured as given.</param>
    /// <param name="timeProvider">Clock for backoff and timeouts; the system clock when null.</param>
    public HostedBackendOptions(
        Uri endpoint,
        string model,
        string? apiKeyVariable = null,
        TimeSpan? requestTimeout = null,
        int maxRetries = 4,
        TimeSpan? baseDelay = null,
        TimeSpan? maxDelay = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The hosted endpoint '{endpoint}' must be an absolute http(s) URL such as https://api.openai.com/v1.", nameof(endpoint));
        }

        if (!endpoint.AbsolutePath.TrimEnd('/').EndsWith("/v1", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The hosted endpoint '{endpoint}' must end in /v1 (the OpenAI-compatible base URL), e.g. " +
                $"{endpoint.GetLeftPart(UriPartial.Authority)}/v1. The client adds /chat/completions itself.", nameof(endpoint));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (apiKeyVariable is not null && string.IsNullOrWhiteSpace(apiKeyVariable))
        {
            throw new ArgumentException("The API key variable name is blank; name an environment variable (e.g. OPENAI_API_KEY) or pass null.", nameof(apiKeyVariable));
        }

        var timeout = requestTimeout ?? TimeSpan.FromSeconds(120);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(requestTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRetries, 20);
        var first = baseDelay ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(first, TimeSpan.Zero, nameof(baseDelay));
        var cap = maxDelay ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, first, nameof(maxDelay));

        Endpoint = new Uri(endpoint.ToString().TrimEnd('/'));
        Model = model;
        ApiKeyVariable = apiKeyVariable;
        RequestTimeout = timeout;
        MaxRetries = maxRetries;
        BaseDelay = first;
        MaxDelay = cap;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The base URL, ending in <c>/v1</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The model name sent with every request.</summary>
    public string Model { get; }

    /// <summary>The environment variable holding the API key (its value is never logged); null for none.</summary>
    public string? ApiKeyVariable { get; }

    /// <summary>Limit for one attempt.</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>Retries after the first attempt on transient failures.</summary>
    public int MaxRetries { get; }

    /// <summary>First backoff delay.</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>Cap on the computed backoff delay.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Clock for backoff and timeouts.</summary>
    public TimeProvider TimeProvider { get; }
}
