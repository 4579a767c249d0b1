using System.Globalization;
using System.Text.RegularExpressions;
using M1Parallel.MagenticOne.Agents.Terminal;
using M1Parallel.MagenticOne.Tests.TestDoubles;
using Xunit.Abstractions;

namespace M1Parallel.MagenticOne.Tests.Agents.Terminal;

/// <summary>Runaway code: a bounded fork storm whose children partly escape with setsid or a double fork. It runs only
/// where a pids cgroup or a PID namespace confines it (elsewhere the tests skip), and the storm itself checks that it
/// is confined before it forks.</summary>
public sealed partial class ForkStormTests(ITestOutputHelper log) : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _marker = $"m1p-storm-{Guid.NewGuid():N}";

    public void Dispose() => _folder.Dispose();

    private CodeRunner Runner(TerminalOptions options, bool pidNamespace = true, bool pidsCgroup = true) =>
        new(options, _folder.Path, TimeProvider.System) { UsePidNamespace = pidNamespace, UsePidsCgroup = pidsCgroup };

    /// <summary>Tries <paramref name="forks"/> forks; every child execs a 600 s sleep whose argv[0] is the marker. A quarter
    /// call setsid first, a quarter double-fork (the sleep is orphaned, in a new session). Then it reports, and exits or
    /// loops forever. It forks nothing unless <paramref name="confinedBy"/> holds it (in a PID namespace the code's parent is
    /// the namespace's process 1).</summary>
    private string Storm(int forks, bool loopForever, Containment confinedBy) => $$"""
        import os, time
        confined = {{(confinedBy == Containment.PidsCgroup ? "'/m1p-' in open('/proc/self/cgroup').read()" : "os.getppid() == 1")}}
        if not confined:
            print("STORM NOT CONFINED BY {{confinedBy}}: not run", flush=True)
            raise SystemExit(3)
        marker = "{{_marker}}"
        started = refused = escaping = 0
        for i in range({{forks}}):
            try:
                pid = os.fork()
            except OSError:
                refused += 1
                continue
            if pid == 0:
                try:
                    if i % 4 == 1 and os.fork() != 0:
                        os._exit(0)
                    if i % 4 in (0, 1):
                        os.setsid()
                    os.execv("/bin/sleep", [marker, "600"])
                finally:
                    os._exit(1)
            started += 1
            escaping += i % 4 in (0, 1)
        print(f"STORM tried={{forks}} started={started} refused={refused} escaping={escaping}", flush=True)
        while {{(loopForever ? "True" : "False")}}:
            time.sleep(0.05)
        """;

    private async Task<(CodeRunResult Result, Match Report, IReadOnlyList<int> Left)> RunStormAsync(CodeRunner runner, string storm, TimeSpan limit)
    {
        var result = await runner.RunAsync(new CodeBlock(CodeLanguage.Python, storm), CancellationToken.None);
        var left = await ProcessProbe.WaitNoneMarkedAsync(_marker, TimeSpan.FromSeconds(10));
        log.WriteLine($"{result.OutcomeInWords(limit)}\n{result.Output.Trim()}\n{string.Join("\n", result.Notes)}\nleft afterwards: {left.Count}");
        var report = StormReport().Match(result.Output);
        Assert.True(report.Success, result.Output);
        return (result, report, left);
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [ProcessContainmentFact]
    public async Task RunAsync_ForkStormPastMaxProcesses_IsHeldToTheLimitStoppedAtTheTimeLimitAndLeavesNothing()
    {
        const int max = 64, forks = 500;
        // The limit leaves a slow machine time to start python and try every fork before it reports; the storm then
        // loops until the limit stops it.
        var options = new TerminalOptions { MaxProcesses = max, Timeout = TimeSpan.FromSeconds(12) };
        var runner = Runner(options);

        var (result, report, left) = await RunStormAsync(runner, Storm(forks, loopForever: true, Containment.PidsCgroup), options.Timeout);

        Assert.True(result.TimedOut, result.Output);
        Assert.InRange(Number(report, "started"), 1, max - 1); // The storm's own python holds one of the 64.
        Assert.Equal(forks, Number(report, "started") + Number(report, "refused"));
        var note = Assert.Single(result.Notes, n => n.Contains("reached the process limit of 64", StringComparison.Ordinal));
        var refused = RefusedInNote().Match(note);
        Assert.True(refused.Success, note);
        Assert.True(Number(refused, "n") >= Number(report, "refused"), note); // The cgroup also counts the double forks' refusals.
        if (PeakInNote().Match(note) is { Success: true } peak)
        {
            Assert.InRange(Number(peak, "n"), Number(report, "started"), max);
        }

        Assert.Empty(left);
        Assert.NotNull(runner.LastCgroupPath);
        Assert.False(Directory.Exists(runner.LastCgroupPath), $"the run's cgroup {runner.LastCgroupPath} was not removed");
    }

    [ProcessContainmentFact]
    public async Task RunAsync_EscapingChildrenInAPidsCgroupWithoutPidNamespace_AreAllKilledAfterANormalExit()
    {
        var runner = Runner(new TerminalOptions(), pidNamespace: false);

        var (result, report, left) = await RunStormAsync(runner, Storm(120, loopForever: false, Containment.PidsCgroup), new TerminalOptions().Timeout);

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal(120, Number(report, "started"));
        Assert.Equal(60, Number(report, "escaping"));
        Assert.Empty(left);
        Assert.False(Directory.Exists(runner.LastCgroupPath));
    }

    [ProcessContainmentFact(Needs = Containment.PidNamespace)]
    public async Task RunAsync_EscapingChildrenInAPidNamespaceWithoutCgroup_DieWithTheCodeAndTheMissingLimitIsNoted()
    {
        var runner = Runner(new TerminalOptions(), pidsCgroup: false);

        var (result, report, left) = await RunStormAsync(runner, Storm(120, loopForever: false, Containment.PidNamespace), new TerminalOptions().Timeout);

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal(120, Number(report, "started"));
        Assert.Equal(60, Number(report, "escaping"));
        Assert.Empty(left);
        Assert.Null(runner.LastCgroupPath);
        Assert.DoesNotContain(result.Notes, n => n.Contains("outlive", StringComparison.Ordinal));
        if (Environment.IsPrivilegedProcess)
        {
            Assert.Contains(result.Notes, n => n.Contains("process limit (4096) was not enforced", StringComparison.Ordinal) && n.Contains("root", StringComparison.Ordinal));
        }
    }

    [ProcessContainmentFact(Needs = Containment.PidNamespaceAndPidsCgroup)]
    public async Task RunAsync_OrphansInAPidNamespace_AreReapedSoTheyNeverFillTheProcessLimit()
    {
        // Each os.system leaves an orphaned sleep that the namespace's process 1 inherits. Unreaped, the 40 exited
        // orphans would stay as zombies and fill the limit of 16 after about a dozen rounds.
        const string code = """
            import os, time
            failed = 0
            for i in range(40):
                if os.system("sleep 0.05 &") != 0:
                    failed += 1
                time.sleep(0.1)
            print(f"ORPHANS started=40 failed={failed}", flush=True)
            """;

        var result = await Runner(new TerminalOptions { MaxProcesses = 16 }).RunAsync(new CodeBlock(CodeLanguage.Python, code), CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("ORPHANS started=40 failed=0", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Notes, n => n.Contains("reached the process limit", StringComparison.Ordinal));
    }

    [ProcessContainmentFact(Needs = Containment.PidNamespace)]
    public async Task RunAsync_SignalToItselfInAPidNamespace_EndsTheCodeAsItWouldOutsideOne()
    {
        // Process 1 of a namespace ignores signals it has no handler for; the code is not process 1, so SIGTERM ends it.
        const string code = """
            import os, signal, time
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
            print("STILL RUNNING", flush=True)
            """;

        var result = await Runner(new TerminalOptions(), pidsCgroup: false).RunAsync(new CodeBlock(CodeLanguage.Python, code), CancellationToken.None);

        Assert.DoesNotContain("STILL RUNNING", result.Output, StringComparison.Ordinal);
        Assert.Equal(128 + 15, result.ExitCode);
    }

    [ProcessContainmentFact]
    public async Task RunAsync_ThreadsPastMaxProcesses_AreRefusedToo()
    {
        const string code = """
            import threading, time
            made = 0
            try:
                for _ in range(200):
                    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
                    made += 1
            except RuntimeError as e:
                print("THREADS", made, "refused:", e, flush=True)
            """;

        var result = await Runner(new TerminalOptions { MaxProcesses = 16 }).RunAsync(new CodeBlock(CodeLanguage.Python, code), CancellationToken.None);

        var line = ThreadsLine().Match(result.Output);
        Assert.True(line.Success, result.Output);
        Assert.InRange(Number(line, "n"), 1, 15);
        Assert.Contains(result.Notes, n => n.Contains("reached the process limit of 16", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"STORM tried=\d+ started=(?<started>\d+) refused=(?<refused>\d+) escaping=(?<escaping>\d+)")]
    private static partial Regex StormReport();

    [GeneratedRegex(@"(?<n>\d+) attempt\(s\) to start another were refused")]
    private static partial Regex RefusedInNote();

    [GeneratedRegex(@"at most (?<n>\d+) ran at once")]
    private static partial Regex PeakInNote();

    [GeneratedRegex(@"THREADS (?<n>\d+) refused")]
    private static partial Regex ThreadsLine();
}
