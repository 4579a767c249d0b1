namespace M1Parallel.Serving;

/// <summary>
/// Places for chat completions: at most <c>limit</c> are served at once; up to <c>queueLength</c> more wait, first come
/// first served, for at most <c>timeout</c> each, and a place that frees goes straight to the oldest of them. A request
/// whose client goes away while waiting leaves the queue at once. Thread-safe.
/// </summary>
internal sealed class AdmissionQueue(int limit, int queueLength, TimeSpan timeout, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource<bool>> _waiting = new();
    private int _active;
    private bool _closed;

    /// <summary>Places taken now.</summary>
    public int Active
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Requests waiting for a place now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Takes a place, waiting for one (bounded) when all are taken; the ticket says whether and why not.</summary>
    /// <param name="clientGone">Cancelled when the client goes away: the request then leaves the queue.</param>
    public async Task<AdmissionTicket> EnterAsync(CancellationToken clientGone)
    {
        TaskCompletionSource<bool> waiter;
        LinkedListNode<TaskCompletionSource<bool>> node;
        lock (_gate)
        {
            if (_closed)
            {
                return new AdmissionTicket(AdmissionOutcome.Stopping, null);
            }

            if (_active < limit && _waiting.Count == 0)
            {
                _active++;
                return new AdmissionTicket(AdmissionOutcome.Admitted, this);
            }

            if (_waiting.Count >= queueLength)
            {
                return new AdmissionTicket(AdmissionOutcome.QueueFull, null);
            }

            waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(waiter);
        }

        using var expiry = new CancellationTokenSource(timeout, timeProvider);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(clientGone, expiry.Token);
        bool admitted;
        using (giveUp.Token.Register(() => Withdraw(node)))
        {
            admitted = await waiter.Task.ConfigureAwait(false);
        }

        return admitted ? new AdmissionTicket(AdmissionOutcome.Admitted, this)
            : clientGone.IsCancellationRequested ? new AdmissionTicket(AdmissionOutcome.ClientGone, null)
            : expiry.IsCancellationRequested ? new AdmissionTicket(AdmissionOutcome.TimedOut, null)
            : new AdmissionTicket(AdmissionOutcome.Stopping, null);
    }

    /// <summary>Admits no one from now on; every waiting request is told the server is stopping.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var waiter in _waiting)
            {
                waiter.TrySetResult(false);
            }

            _waiting.Clear();
        }
    }

    /// <summary>Frees a place: handed to the oldest waiting request if there is one.</summary>
    internal void Release()
    {
        lock (_gate)
        {
            if (_waiting.First is { } oldest)
            {
                _waiting.RemoveFirst();
                oldest.Value.TrySetResult(true);
            }
            else
            {
                _active--;
            }
        }
    }

    private void Withdraw(LinkedListNode<TaskCompletionSource<bool>> node)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return; // already admitted (or the queue closed): the result stands
            }

            _waiting.Remove(node);
            node.Value.TrySetResult(false);
        }
    }
}
