namespace M1Parallel.Serving;

/// <summary>How one chat completion request ended.</summary>
internal enum RequestOutcome
{
    Completed,
    Cancelled,
    Invalid,
    Unauthorized,
    Rejected,
    Failed,
}

/// <summary>Thread-safe counters of requests by outcome, and the number in flight, which admission control uses.</summary>
internal sealed class ServerCounters
{
    private readonly long[] _outcomes = new long[Enum.GetValues<RequestOutcome>().Length];
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a place among at most <paramref name="limit"/> requests in flight; false when all are taken.</summary>
    public bool TryEnter(int limit)
    {
        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public void Record(RequestOutcome outcome) => Interlocked.Increment(ref _outcomes[(int)outcome]);

    public ServerRequestCounts Snapshot() => new()
    {
        Completed = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Completed]),
        Cancelled = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Cancelled]),
        Invalid = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Invalid]),
        Unauthorized = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Unauthorized]),
        Rejected = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Rejected]),
        Failed = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Failed]),
        InFlight = InFlight,
    };
}
