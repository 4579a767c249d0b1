using System.Runtime.InteropServices;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM as a stop request: the first cancels <see cref="Token"/>, so the command stops cleanly
/// (abandons its work in progress, ends its teams, browsers and code, frees its model) and exits with its own code; a
/// second one exits the process at once with 128 + the signal's number.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TextWriter _error;
    private readonly Action<int> _exitAtOnce;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    /// <summary>Creates the stop request without listening to any signal (<see cref="Listen"/> does).</summary>
    /// <param name="error">Where the lines saying what happens go.</param>
    /// <param name="exitAtOnce">Ends the process with the given exit code without any clean-up (on the second signal).</param>
    public TerminationSignals(TextWriter error, Action<int> exitAtOnce)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(exitAtOnce);
        _error = error;
        _exitAtOnce = exitAtOnce;
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Whether a stop was requested.</summary>
    public bool StopRequested => _stop.IsCancellationRequested;

    /// <summary>Handles SIGINT and SIGTERM from now until disposed, instead of the runtime's default (ending the process).</summary>
    public TerminationSignals Listen()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        return this;
    }

    /// <summary>Acts on one signal: the first requests a stop, any later one exits at once.</summary>
    internal void Receive(PosixSignal signal)
    {
        var name = signal == PosixSignal.SIGINT ? "Ctrl+C (SIGINT)" : signal.ToString();
        if (Interlocked.Increment(ref _received) > 1)
        {
            _error.WriteLine($"m1p: {name} again: exiting at once; work in progress is lost.");
            _exitAtOnce(ExitCodeOf(signal));
            return;
        }

        _error.WriteLine($"m1p: {name}: stopping; {(signal == PosixSignal.SIGINT ? "Ctrl+C" : "the signal")} again exits at once.");
        try
        {
            _stop.Cancel();
        }
        catch (AggregateException e)
        {
            // A cancellation callback failed; the stop goes on (this runs on the runtime's signal thread, which must not throw).
            _error.WriteLine($"m1p: while stopping: {e.InnerException?.Message ?? e.Message}");
        }
        catch (ObjectDisposedException)
        {
            // The command has already ended.
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _registrations.Clear();
        _stop.Dispose();
    }

    /// <summary>128 + the signal's number, as shells report a process ended by that signal.</summary>
    internal static int ExitCodeOf(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => 130,
        PosixSignal.SIGTERM => 143,
        _ => 1,
    };

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Receive(context.Signal);
    }
}
