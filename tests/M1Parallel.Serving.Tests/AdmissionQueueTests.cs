namespace M1Parallel.Serving.Tests;

/// <summary>The places of the server: a limit served at once, a bounded queue with a bounded wait, first come first served.</summary>
public sealed class AdmissionQueueTests
{
    private readonly FakeTimeProvider _clock = new();

    private AdmissionQueue Queue(int limit = 1, int queueLength = 2, double timeoutSeconds = 10) =>
        new(limit, queueLength, TimeSpan.FromSeconds(timeoutSeconds), _clock);

    [Fact]
    public async Task EnterAsync_BelowTheLimit_AdmitsAtOnce()
    {
        var queue = Queue(limit: 2);

        using var first = await queue.EnterAsync(CancellationToken.None);
        using var second = await queue.EnterAsync(CancellationToken.None);

        Assert.Equal((AdmissionOutcome.Admitted, AdmissionOutcome.Admitted), (first.Outcome, second.Outcome));
        Assert.Equal((2, 0), (queue.Active, queue.Waiting));
    }

    [Fact]
    public async Task EnterAsync_AllPlacesTaken_WaitsThenGetsTheFreedPlaceInArrivalOrder()
    {
        var queue = Queue();
        var holder = await queue.EnterAsync(CancellationToken.None);

        var first = queue.EnterAsync(CancellationToken.None);
        var second = queue.EnterAsync(CancellationToken.None);
        Assert.False(first.IsCompleted);
        Assert.Equal(2, queue.Waiting);
        holder.Dispose();
        using var admitted = await first;

        Assert.Equal(AdmissionOutcome.Admitted, admitted.Outcome);
        Assert.False(second.IsCompleted);
        Assert.Equal((1, 1), (queue.Active, queue.Waiting));
        admitted.Dispose();
        Assert.Equal(AdmissionOutcome.Admitted, (await second).Outcome);
    }

    [Fact]
    public async Task EnterAsync_QueueFull_IsRefusedAtOnce()
    {
        var queue = Queue(queueLength: 1);
        using var holder = await queue.EnterAsync(CancellationToken.None);
        var waiting = queue.EnterAsync(CancellationToken.None);

        using var refused = await queue.EnterAsync(CancellationToken.None);

        Assert.Equal(AdmissionOutcome.QueueFull, refused.Outcome);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task EnterAsync_NoQueue_IsRefusedAtOnceWhenThePlacesAreTaken()
    {
        var queue = Queue(queueLength: 0);
        using var holder = await queue.EnterAsync(CancellationToken.None);

        using var refused = await queue.EnterAsync(CancellationToken.None);

        Assert.Equal(AdmissionOutcome.QueueFull, refused.Outcome);
    }

    [Fact]
    public async Task EnterAsync_WaitRunsOut_TimesOutAndLeavesTheQueue()
    {
        var queue = Queue(timeoutSeconds: 10);
        using var holder = await queue.EnterAsync(CancellationToken.None);
        var waiting = queue.EnterAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(AdmissionOutcome.TimedOut, (await waiting).Outcome);
        Assert.Equal((1, 0), (queue.Active, queue.Waiting));
    }

    [Fact]
    public async Task EnterAsync_ClientGoneWhileWaiting_LeavesTheQueueAndTheNextOneIsServed()
    {
        var queue = Queue();
        var holder = await queue.EnterAsync(CancellationToken.None);
        using var gone = new CancellationTokenSource();
        var leaving = queue.EnterAsync(gone.Token);
        var staying = queue.EnterAsync(CancellationToken.None);

        await gone.CancelAsync();
        Assert.Equal(AdmissionOutcome.ClientGone, (await leaving).Outcome);
        Assert.Equal(1, queue.Waiting);
        holder.Dispose();

        Assert.Equal(AdmissionOutcome.Admitted, (await staying).Outcome);
    }

    [Fact]
    public async Task Dispose_Twice_FreesOnePlaceOnly()
    {
        var queue = Queue(limit: 2);
        var first = await queue.EnterAsync(CancellationToken.None);
        using var second = await queue.EnterAsync(CancellationToken.None);

        first.Dispose();
        first.Dispose();

        Assert.Equal(1, queue.Active);
    }

    [Fact]
    public async Task Close_WaitingRequestsAreToldTheServerIsStopping_AndNoOneIsAdmitted()
    {
        var queue = Queue();
        using var holder = await queue.EnterAsync(CancellationToken.None);
        var waiting = queue.EnterAsync(CancellationToken.None);

        queue.Close();

        Assert.Equal(AdmissionOutcome.Stopping, (await waiting).Outcome);
        Assert.Equal(AdmissionOutcome.Stopping, (await queue.EnterAsync(CancellationToken.None)).Outcome);
        Assert.Equal(0, queue.Waiting);
    }
}
