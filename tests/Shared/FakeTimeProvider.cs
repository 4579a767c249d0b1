namespace M1Parallel.TestSupport;

/// <summary>
/// The test clock of every test project (linked): time moves only when told. <see cref="Advance"/> fires each timer that
/// falls due on the way, in order, at its own due time; <see cref="AutoAdvance"/> moves the clock on by a fixed step at
/// every reading (timestamps too), for code that must see time pass between readings; with <see cref="SystemTimers"/>
/// timers run on the system clock instead (delays and timeouts then take real time).
/// </summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;

    public FakeTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far the clock moves after each reading; zero (the default) keeps it still.</summary>
    public TimeSpan AutoAdvance { get; init; }

    /// <summary>Whether timers (delays, timeouts) run on the system clock rather than on <see cref="Advance"/>.</summary>
    public bool SystemTimers { get; init; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            var now = _now;
            _now += AutoAdvance;
            return now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (SystemTimers)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Timers waiting to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    /// <summary>Waits (yielding, with a hang guard) until at least <paramref name="count"/> timers are pending, so an advance cannot overtake them.</summary>
    public async Task WaitForTimersAsync(int count)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (PendingTimers < count)
        {
            await Task.Delay(1, guard.Token);
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way at its own due time.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } due && due <= target).OrderBy(t => t.Due).FirstOrDefault();
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.Due!.Value;
                next.Due = next.Period is { } period ? _now + period : null;
            }

            // Fire without the test's SynchronizationContext: with one set, awaiters that the callback completes
            // are queued instead of run inline, and the clock would move on before they act.
            var context = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                next.Fire();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
            }
        }
    }

    private void Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.Due = null;
                return;
            }

            timer.Due = _now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            _timers.Add(timer);
        }
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
