namespace M1Parallel.Benchmarks.Serve;

/// <summary>What one soak run of <c>m1p bench serve</c> does; checked at construction.</summary>
public sealed record ServeLoadSettings
{
    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its command-line option.</exception>
    public ServeLoadSettings(int clients, int requests, double disconnectRate, int maxTokens, int seed, TimeSpan timeout)
    {
        if (Problem(clients, requests, disconnectRate, maxTokens, timeout) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        Clients = clients;
        Requests = requests;
        DisconnectRate = disconnectRate;
        MaxTokens = maxTokens;
        Seed = seed;
        Timeout = timeout;
    }

    /// <summary>Concurrent clients, each sending its next request when the last one ended.</summary>
    public int Clients { get; }

    /// <summary>Requests in all.</summary>
    public int Requests { get; }

    /// <summary>Share of requests whose client hangs up early (0 to 1).</summary>
    public double DisconnectRate { get; }

    /// <summary>Most tokens a request asks for (each asks for a random 8 to this).</summary>
    public int MaxTokens { get; }

    /// <summary>Seed of the random choices (stream or not, disconnect, length).</summary>
    public int Seed { get; }

    /// <summary>After this the run stops and fails.</summary>
    public TimeSpan Timeout { get; }

    private static string? Problem(int clients, int requests, double disconnectRate, int maxTokens, TimeSpan timeout) =>
        clients < 1 ? $"clients (--clients) must be positive (is {clients})."
        : requests < 1 ? $"requests (--requests) must be positive (is {requests})."
        : disconnectRate is < 0 or > 1 || double.IsNaN(disconnectRate) ? $"disconnect rate (--disconnect-rate) must be between 0 and 1 (is {disconnectRate})."
        : maxTokens < 8 ? $"max tokens (--max-tokens) must be at least 8 (is {maxTokens})."
        : timeout <= TimeSpan.Zero ? "timeout (--timeout) must be positive."
        : null;
}
