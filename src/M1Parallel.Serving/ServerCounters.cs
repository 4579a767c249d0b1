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

/// <summary>Thread-safe counters of requests by outcome, and of the requests being served now (their handlers still running).</summary>
internal sealed class ServerCounters
{
    private readonly long[] _outcomes = new long[Enum.GetValues<RequestOutcome>().Length];
    private readonly Lock _gate = new();
    private TaskCompletionSource? _idle;
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>A request is being served.</summary>
    public void Enter()
    {
        lock (_gate)
        {
            _inFlight++;
        }
    }

    /// <summary>A request's handler has ended.</summary>
    public void Exit()
    {
        lock (_gate)
        {
            if (--_inFlight == 0)
            {
                _idle?.TrySetResult();
                _idle = null;
            }
        }
    }

    /// <summary>Completes when no request is being served.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_inFlight == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    public void Record(RequestOutcome outcome) => Interlocked.Increment(ref _outcomes[(int)outcome]);

    public ServerRequestCounts Snapshot(int waiting) => new()
    {
        Completed = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Completed]),
        Cancelled = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Cancelled]),
        Invalid = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Invalid]),
        Unauthorized = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Unauthorized]),
        Rejected = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Rejected]),
        Failed = Interlocked.Read(ref _outcomes[(int)RequestOutcome.Failed]),
        InFlight = InFlight,
        Waiting = waiting,
    };
}
