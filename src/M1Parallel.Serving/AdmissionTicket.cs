namespace M1Parallel.Serving;

/// <summary>The answer of the <see cref="AdmissionQueue"/> to one request; when admitted, disposing it (once or more) frees the place.</summary>
internal sealed class AdmissionTicket : IDisposable
{
    private readonly AdmissionQueue? _queue;
    private int _released;

    internal AdmissionTicket(AdmissionOutcome outcome, AdmissionQueue? queue)
    {
        Outcome = outcome;
        _queue = queue;
    }

    public AdmissionOutcome Outcome { get; }

    /// <summary>Frees the place (it goes straight to the oldest waiting request); later calls do nothing. Safe from any thread.</summary>
    public void Dispose()
    {
        if (_queue is not null && Interlocked.Exchange(ref _released, 1) == 0)
        {
            _queue.Release();
        }
    }
}
