using System.Runtime.InteropServices;
using M1Parallel.Cli.Hosting;

namespace M1Parallel.Cli.Tests.Hosting;

public sealed class TerminationSignalsTests
{
    [Fact]
    public void FirstSignal_CancelsTheTokenWithoutExitingAndSaysASecondOneExitsAtOnce()
    {
        var error = new StringWriter();
        var exits = new List<int>();
        using var signals = new TerminationSignals(error, exits.Add);

        signals.Receive(PosixSignal.SIGINT);

        Assert.True(signals.Token.IsCancellationRequested);
        Assert.True(signals.StopRequested);
        Assert.Empty(exits);
        Assert.Contains("m1p: Ctrl+C (SIGINT): stopping; Ctrl+C again exits at once.", error.ToString());
    }

    [Theory]
    [InlineData(PosixSignal.SIGINT, 130)]
    [InlineData(PosixSignal.SIGTERM, 143)]
    public void SecondSignal_ExitsAtOnceWith128PlusTheSignalsNumber(PosixSignal signal, int exitCode)
    {
        var error = new StringWriter();
        var exits = new List<int>();
        using var signals = new TerminationSignals(error, exits.Add);

        signals.Receive(PosixSignal.SIGTERM);
        signals.Receive(signal);

        Assert.Equal([exitCode], exits);
        Assert.Contains("exiting at once; work in progress is lost.", error.ToString());
    }

    [Fact]
    public void NoSignal_LeavesTheTokenAlone()
    {
        using var signals = new TerminationSignals(TextWriter.Null, _ => Assert.Fail("exited without a signal"));

        Assert.False(signals.Token.IsCancellationRequested);
        Assert.False(signals.StopRequested);
    }

    [Fact]
    public void Signal_ACancellationCallbackThrows_TheStopStillHappensAndTheFailureIsReported()
    {
        var error = new StringWriter();
        using var signals = new TerminationSignals(error, _ => { });
        var later = false;
        using var failing = signals.Token.Register(() => throw new InvalidOperationException("callback broke"));
        using var other = signals.Token.Register(() => later = true);

        signals.Receive(PosixSignal.SIGTERM);

        Assert.True(signals.StopRequested);
        Assert.True(later);
        Assert.Contains("while stopping: callback broke", error.ToString());
    }
}
