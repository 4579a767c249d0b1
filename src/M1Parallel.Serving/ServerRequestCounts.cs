namespace M1Parallel.Serving;

/// <summary>Chat completion requests an <see cref="OpenAiCompatibleServer"/> has seen, by outcome, since it started.</summary>
public sealed record ServerRequestCounts
{
    /// <summary>Answered in full (200, or a stream that ended with [DONE]).</summary>
    public long Completed { get; init; }

    /// <summary>The client went away (or the server stopped) and the generation was cancelled.</summary>
    public long Cancelled { get; init; }

    /// <summary>Refused as malformed or beyond a limit (4xx other than 401 and 429).</summary>
    public long Invalid { get; init; }

    /// <summary>Refused for a missing or wrong API key (401).</summary>
    public long Unauthorized { get; init; }

    /// <summary>
    /// Refused a place: 429 when <see cref="OpenAiServerOptions.MaxConcurrentRequests"/> were being served and the queue
    /// was full or the wait ran out (<see cref="OpenAiServerOptions.MaxQueuedRequests"/>,
    /// <see cref="OpenAiServerOptions.QueueTimeout"/>); 503 when the server was stopping.
    /// </summary>
    public long Rejected { get; init; }

    /// <summary>Failed inside the chat client (5xx, or an error event in a stream).</summary>
    public long Failed { get; init; }

    /// <summary>
    /// Being served right now, until the handler ends; a request whose client went away has already given its place to
    /// another, so for a moment this may exceed <see cref="OpenAiServerOptions.MaxConcurrentRequests"/>.
    /// </summary>
    public int InFlight { get; init; }

    /// <summary>Waiting for a place right now.</summary>
    public int Waiting { get; init; }

    /// <summary>All requests that have ended.</summary>
    public long Total => Completed + Cancelled + Invalid + Unauthorized + Rejected + Failed;
}
