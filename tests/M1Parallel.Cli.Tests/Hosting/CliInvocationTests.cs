using System.CommandLine;
using System.Runtime.InteropServices;
using M1Parallel.Cli.Hosting;

namespace M1Parallel.Cli.Tests.Hosting;

public sealed class CliInvocationTests
{
    [Fact]
    public async Task InvokeAsync_CommandLetsTheCancellationEscapeAfterASignal_Exits130NamingTheCommand()
    {
        var (root, started) = Root(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        });
        var (configuration, error) = Configuration();
        using var signals = new TerminationSignals(error, _ => Assert.Fail("exited at once on the first signal"));

        var run = CliInvocation.InvokeAsync(root.Parse(["tool", "wait"]), configuration, signals);
        await started.Task;
        signals.Receive(PosixSignal.SIGINT);

        Assert.Equal(CliInvocation.Interrupted, await run);
        Assert.Contains("m1p tool wait: interrupted; stopped before it finished.", error.ToString());
    }

    [Fact]
    public async Task InvokeAsync_CommandStopsCleanlyOnTheSignal_ExitsWithItsOwnCode()
    {
        var (root, started) = Root(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        });
        var (configuration, error) = Configuration();
        using var signals = new TerminationSignals(error, _ => { });

        var run = CliInvocation.InvokeAsync(root.Parse(["tool", "wait"]), configuration, signals);
        await started.Task;
        signals.Receive(PosixSignal.SIGTERM);

        Assert.Equal(0, await run);
        Assert.DoesNotContain("interrupted", error.ToString());
    }

    [Fact]
    public async Task InvokeAsync_CancellationWithoutASignal_IsAnErrorNotAnInterruption()
    {
        var (root, _) = Root(_ => throw new OperationCanceledException("a timeout inside the command"));
        var (configuration, error) = Configuration();
        using var signals = new TerminationSignals(error, _ => { });

        var exit = await CliInvocation.InvokeAsync(root.Parse(["tool", "wait"]), configuration, signals);

        Assert.Equal(1, exit);
        Assert.Contains("Unhandled exception: System.OperationCanceledException: a timeout inside the command", error.ToString());
    }

    [Fact]
    public void CommandLineOf_TokensAShellWouldSplitOrExpand_AreQuotedSoTheLineRunsAgain()
    {
        var (root, _) = Root(_ => Task.FromResult(0));

        var line = CliInvocation.CommandLineOf(root.Parse(["tool", "wait", "--label", "two words", "--label", "it's", "--label", "a/b.yaml"]));

        Assert.Equal("m1p tool wait --label 'two words' --label 'it'\\''s' --label a/b.yaml", line);
    }

    private static (RootCommand Root, TaskCompletionSource Started) Root(Func<CancellationToken, Task<int>> action)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wait = new Command("wait") { new Option<string[]>("--label") };
        wait.SetAction((_, ct) =>
        {
            started.TrySetResult();
            return action(ct);
        });
        return (new RootCommand { new Command("tool") { wait } }, started);
    }

    private static (InvocationConfiguration Configuration, StringWriter Error) Configuration()
    {
        var error = new StringWriter();
        return (new InvocationConfiguration { Output = new StringWriter(), Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, error);
    }
}
