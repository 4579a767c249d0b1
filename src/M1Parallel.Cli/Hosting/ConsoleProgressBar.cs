using System.Globalization;
using Spectre.Console;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// The CLI's one progress bar: a Spectre.Console bar (with elapsed and remaining time) redrawn in place on a terminal;
/// when the output is redirected, a plain line per 10% reached ("loading m.gguf  40%"), without ANSI codes.
/// </summary>
internal sealed class ConsoleProgressBar
{
    private readonly TextWriter _output;
    private readonly bool _terminal;

    /// <summary>A bar on <paramref name="output"/>, live when <paramref name="terminal"/> (a terminal shows it), plain lines otherwise.</summary>
    internal ConsoleProgressBar(TextWriter output, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _terminal = terminal;
    }

    /// <summary>A bar on standard error, where commands print what they are doing.</summary>
    public static ConsoleProgressBar OnStandardError() => On(Console.Error);

    /// <summary>A bar on <paramref name="output"/>, live only when it is a terminal.</summary>
    public static ConsoleProgressBar On(TextWriter output) => new(output, SpectreConsoles.IsTerminal(output));

    /// <summary>Runs <paramref name="work"/>, showing what it reports (0 to 1) under <paramref name="label"/>.</summary>
    public T Run<T>(string label, Func<IProgress<double>, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_terminal)
        {
            return work(new PlainLines(_output, label));
        }

        return Bar().Start(context => work(new TaskProgress(context.AddTask(Markup.Escape(label), maxValue: 1))));
    }

    /// <summary>Runs <paramref name="work"/>, showing what it reports (0 to 1) under <paramref name="label"/>.</summary>
    public Task<T> RunAsync<T>(string label, Func<IProgress<double>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_terminal)
        {
            return work(new PlainLines(_output, label));
        }

        return Bar().StartAsync(context => work(new TaskProgress(context.AddTask(Markup.Escape(label), maxValue: 1))));
    }

    /// <summary>Runs <paramref name="work"/>, showing what it reports (0 to 1) under <paramref name="label"/>.</summary>
    public Task RunAsync(string label, Func<IProgress<double>, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(label, async progress =>
        {
            await work(progress);
            return true;
        });
    }

    private Progress Bar() =>
        SpectreConsoles.Create(_output, terminal: true)
            .Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());

    /// <summary>Moves the live bar's task; Spectre redraws it on its own thread.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = Math.Clamp(value, 0, 1);
    }

    /// <summary>A line each time another 10% is reached, from whichever thread reports.</summary>
    private sealed class PlainLines(TextWriter output, string label) : IProgress<double>
    {
        private readonly Lock _lock = new();
        private int _shown = -1;

        public void Report(double value)
        {
            var step = (int)Math.Clamp(value * 100, 0, 100) / 10 * 10;
            lock (_lock)
            {
                if (step <= _shown)
                {
                    return;
                }

                _shown = step;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {step,3}%"));
            }
        }
    }
}
