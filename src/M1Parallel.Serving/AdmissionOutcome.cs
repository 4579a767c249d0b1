namespace M1Parallel.Serving;

/// <summary>What <see cref="AdmissionQueue.EnterAsync"/> gave a request.</summary>
internal enum AdmissionOutcome
{
    /// <summary>A place: the request is served.</summary>
    Admitted,

    /// <summary>Every place was taken and the queue was full (429).</summary>
    QueueFull,

    /// <summary>The request waited the longest allowed without a place freeing (429).</summary>
    TimedOut,

    /// <summary>The server is stopping and admits no one (503).</summary>
    Stopping,

    /// <summary>The client went away while its request waited.</summary>
    ClientGone,
}
