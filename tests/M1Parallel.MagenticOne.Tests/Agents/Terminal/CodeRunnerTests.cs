using M1Parallel.TestSupport;
using System.Net;
using System.Net.Sockets;
using M1Parallel.MagenticOne.Agents.Terminal;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Agents.Terminal;

public sealed class CodeRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private CodeRunner Runner(TerminalOptions? options = null) => new(options ?? new TerminalOptions(), _folder.Path, TimeProvider.System);

    [LinuxFact]
    public async Task RunAsync_PythonThatPrints_SucceedsWithItsOutputInTheWorkFolder()
    {
        _folder.Write("input.txt", "forty-two");

        var result = await Runner().RunAsync(new CodeBlock(CodeLanguage.Python, "import os\nprint(open('input.txt').read(), os.getcwd())"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("forty-two", result.Output);
        Assert.Contains(_folder.Path, result.Output);
        Assert.Equal("succeeded (exit code 0)", result.OutcomeInWords(TimeSpan.FromSeconds(60)));
    }

    [LinuxFact]
    public async Task RunAsync_ShellWithNonZeroExit_ReportsTheExitCodeInWordsAndStderr()
    {
        var result = await Runner().RunAsync(new CodeBlock(CodeLanguage.Shell, "echo oops >&2\nexit 3"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("failed with exit code 3", result.OutcomeInWords(TimeSpan.FromSeconds(60)));
        Assert.Contains("oops", result.Output);
    }

    [LinuxFact]
    public async Task RunAsync_MissingCommand_SaysCommandNotFound()
    {
        var result = await Runner().RunAsync(new CodeBlock(CodeLanguage.Shell, "no-such-command-m1p"), CancellationToken.None);

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("not found", result.OutcomeInWords(TimeSpan.FromSeconds(60)));
    }

    [LinuxFact]
    public async Task RunAsync_PastTheTimeLimit_StopsAndSaysSo()
    {
        // Long enough for a slow machine to start python and print before the limit stops it.
        var runner = Runner(new TerminalOptions { Timeout = TimeSpan.FromSeconds(5) });

        var result = await runner.RunAsync(new CodeBlock(CodeLanguage.Python, "import time\nprint('started', flush=True)\ntime.sleep(120)"), CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Contains("started", result.Output);
        Assert.Contains("time limit of 5 s", result.OutcomeInWords(TimeSpan.FromSeconds(5)));
    }

    // The code may run in its own PID namespace, where the pids it sees are not this machine's: children are found by a
    // marker in their command line instead.

    [LinuxFact]
    public async Task RunAsync_Timeout_KillsBackgroundChildrenToo()
    {
        var marker = ProcessProbe.NewSleepMarker();
        var runner = Runner(new TerminalOptions { Timeout = TimeSpan.FromSeconds(2) });
        var code = $"sleep {marker} &\necho $! > child.pid\nsleep 300\n";

        var result = await runner.RunAsync(new CodeBlock(CodeLanguage.Shell, code), CancellationToken.None);
        await ProcessProbe.ReadPidFileAsync(Path.Combine(_folder.Path, "child.pid"), TimeSpan.FromSeconds(5));

        Assert.True(result.TimedOut);
        Assert.Empty(await ProcessProbe.WaitNoneMarkedAsync(marker, TimeSpan.FromSeconds(5)));
    }

    [LinuxFact]
    public async Task RunAsync_DaemonLeftBehindAfterNormalExit_IsKilled()
    {
        var marker = ProcessProbe.NewSleepMarker();
        var code = $"import subprocess\np = subprocess.Popen(['sleep', '{marker}'])\nopen('daemon.pid', 'w').write(str(p.pid))\nprint('parent done')";

        var result = await Runner().RunAsync(new CodeBlock(CodeLanguage.Python, code), CancellationToken.None);
        await ProcessProbe.ReadPidFileAsync(Path.Combine(_folder.Path, "daemon.pid"), TimeSpan.FromSeconds(5));

        Assert.True(result.Succeeded, result.Output);
        Assert.Empty(await ProcessProbe.WaitNoneMarkedAsync(marker, TimeSpan.FromSeconds(5)));
    }

    [LinuxFact]
    public async Task RunAsync_Cancelled_KillsTheProcessTreeAndReportsCancellation()
    {
        var marker = ProcessProbe.NewSleepMarker();
        using var cts = new CancellationTokenSource();
        var run = Runner().RunAsync(new CodeBlock(CodeLanguage.Shell, $"sleep {marker} &\necho $! > child.pid\nwait\n"), cts.Token);
        await ProcessProbe.ReadPidFileAsync(Path.Combine(_folder.Path, "child.pid"), TimeSpan.FromSeconds(10));
        Assert.NotEmpty(await ProcessProbe.WaitMarkedAsync(marker, TimeSpan.FromSeconds(10)));

        await cts.CancelAsync();
        var result = await run;

        Assert.True(result.Cancelled);
        Assert.Empty(await ProcessProbe.WaitNoneMarkedAsync(marker, TimeSpan.FromSeconds(5)));
    }

    [LinuxFact]
    public async Task RunAsync_HugeOutput_IsCappedAndMarkedTruncated()
    {
        var runner = Runner(new TerminalOptions { MaxOutputChars = 1000 });

        var result = await runner.RunAsync(new CodeBlock(CodeLanguage.Python, "for i in range(100000):\n    print('line', i)\nprint('LAST')"), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.True(result.OutputTruncated);
        Assert.DoesNotContain("LAST", result.Output);
        Assert.Contains("output truncated", result.Output);
        Assert.True(result.Output.Length < 1200);
    }

    // Code that connects to a listener on this machine's loopback (outside the code's sandbox) and says whether it got through.
    private static CodeBlock ConnectTo(int port) => new(CodeLanguage.Python,
        $"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=3).close()\n    print('CONNECTED')\nexcept OSError as e:\n    print('NO CONNECTION', type(e).__name__)");

    [LinuxFact]
    public async Task RunAsync_CodeNetworkOff_CannotOpenASocketToALoopbackListenerOutside()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var result = await Runner(new TerminalOptions { Network = false }).RunAsync(ConnectTo(((IPEndPoint)listener.LocalEndpoint).Port), CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("NO CONNECTION", result.Output);
        Assert.False(listener.Pending());
    }

    [LinuxFact]
    public async Task RunAsync_CodeNetworkOn_OpensASocketToALoopbackListenerOutside()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var result = await Runner(new TerminalOptions { Network = true }).RunAsync(ConnectTo(((IPEndPoint)listener.LocalEndpoint).Port), CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("CONNECTED", result.Output);
        Assert.DoesNotContain("NO CONNECTION", result.Output);
        Assert.True(listener.Pending());
    }

    [Fact]
    public void TerminalOptions_ByDefault_LetCodeReachTheNetwork()
    {
        Assert.True(new TerminalOptions().Network);
    }

    [LinuxFact]
    public async Task RunAsync_CodeNetworkOffWhereNoNetworkNamespaceCanBeMade_RefusesToRunTheCodeNamingTheFix()
    {
        var marker = Path.Combine(_folder.Path, "ran.txt");
        var runner = new CodeRunner(new TerminalOptions { Network = false }, _folder.Path, TimeProvider.System) { UnshareCommand = "/nonexistent/unshare-m1p" };

        var error = await Assert.ThrowsAsync<CodeNetworkException>(() => runner.RunAsync(new CodeBlock(CodeLanguage.Shell, $"touch '{marker}'"), CancellationToken.None));

        Assert.StartsWith("code_network: false, but this machine does not let code run without network", error.Message, StringComparison.Ordinal);
        Assert.Contains("unshare-m1p could not be started", error.Why);
        Assert.Contains("set code_network: true", error.Message);
        Assert.False(File.Exists(marker));
    }

    [LinuxFact]
    public async Task EnsureAvailable_CodeNetworkOffWhereNoNetworkNamespaceCanBeMade_ThrowsBeforeAnyRun()
    {
        var error = await Assert.ThrowsAsync<CodeNetworkException>(() =>
            CodeNetworkIsolation.EnsureAvailableAsync(new TerminalOptions { Network = false }, "/nonexistent/unshare-m1p", CancellationToken.None));

        Assert.Contains("set code_network: true", error.Message);
    }

    [LinuxFact]
    public async Task RunAsync_CodeNetworkOnWhereNoNamespaceCanBeMade_StillRunsTheCode()
    {
        var runner = new CodeRunner(new TerminalOptions { Network = true }, _folder.Path, TimeProvider.System) { UnshareCommand = "/nonexistent/unshare-m1p" };

        var result = await runner.RunAsync(new CodeBlock(CodeLanguage.Shell, "echo ran"), CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("ran", result.Output);
    }

    [LinuxFact]
    public async Task RunAsync_MemoryLimit_StopsAProgramThatAllocatesTooMuch()
    {
        var runner = Runner(new TerminalOptions { MemoryLimitMiB = 256 });

        var result = await runner.RunAsync(new CodeBlock(CodeLanguage.Python, "x = bytearray(1024 * 1024 * 1024)\nprint('allocated')"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.DoesNotContain("allocated\n", result.Output);
        Assert.Contains("MemoryError", result.Output);
    }

    [Fact]
    public void TerminalOptions_NonPositiveTimeout_IsRejectedWithAHint()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TerminalOptions { Timeout = TimeSpan.Zero });
        Assert.Contains("must be positive", ex.Message);
    }
}
