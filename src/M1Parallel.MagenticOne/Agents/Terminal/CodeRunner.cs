using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace M1Parallel.MagenticOne.Agents.Terminal;

/// <summary>Runs code in a folder in its own process group (via setsid) and, where <c>unshare</c> allows, its own PID
/// namespace (when the code's first process dies, the kernel kills every process it started, including those that left
/// the group with setsid), in a network namespace of its own when it may not reach the network (refused with
/// <see cref="CodeNetworkException"/> where that is not permitted); in a pids cgroup where one can be made (a real process limit, also for root),
/// under ulimits, with a time limit and an output cap. Everything is killed on timeout, cancellation or exit.</summary>
internal sealed class CodeRunner
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CleanupGrace = TimeSpan.FromSeconds(10);
    private static readonly string[] PidNamespace = ["--pid", "--fork", "--kill-child"];

    private readonly TerminalOptions _options;
    private readonly string _workFolder;
    private readonly TimeProvider _clock;
    private readonly Lock _probeGate = new();
    private Sandbox? _sandbox;
    private int _runCount;

    public CodeRunner(TerminalOptions options, string workFolder, TimeProvider clock)
    {
        _options = options;
        _workFolder = workFolder;
        _clock = clock;
    }

    /// <summary>Whether to run code in its own PID namespace where allowed (tests turn it off to check the cgroup alone).</summary>
    internal bool UsePidNamespace { get; init; } = true;

    /// <summary>Whether to run code in a pids cgroup where allowed (tests turn it off to check the PID namespace alone).</summary>
    internal bool UsePidsCgroup { get; init; } = true;

    /// <summary>The unshare executable (tests name a missing one to check the refusal where it cannot be used).</summary>
    internal string UnshareCommand { get; init; } = "unshare";

    /// <summary>Process group ids of runs still in progress (for tests and diagnostics).</summary>
    public int? CurrentGroupId { get; private set; }

    /// <summary>The pids cgroup folder of the latest run (removed when the run ended), or null (for tests and diagnostics).</summary>
    public string? LastCgroupPath { get; private set; }

    public async Task<CodeRunResult> RunAsync(CodeBlock block, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sandbox = await SandboxAsync(cancellationToken).ConfigureAwait(false);
        if (sandbox.NetworkRefusal is { } refusal)
        {
            throw CodeNetworkException.Refused(refusal);
        }

        Directory.CreateDirectory(_workFolder);
        var scriptFolder = Path.Combine(_workFolder, ".terminal");
        Directory.CreateDirectory(scriptFolder);
        var n = Interlocked.Increment(ref _runCount);
        var extension = block.Language == CodeLanguage.Python ? "py" : "sh";
        var scriptPath = Path.Combine(scriptFolder, $"block_{n:D3}.{extension}");
        await File.WriteAllTextAsync(scriptPath, block.Code, cancellationToken).ConfigureAwait(false);

        var notes = new List<string>(sandbox.Notes);
        PidsCgroup? cgroup = null;
        if (sandbox.CgroupParent is { } parent)
        {
            cgroup = PidsCgroup.TryCreate(parent, $"m1p-{Environment.ProcessId}-{Guid.NewGuid():N}", _options.MaxProcesses, out var why);
            if (cgroup is null)
            {
                notes.Add($"The process limit was not enforced for this run: {why}.");
            }

            LastCgroupPath = cgroup?.Path;
        }

        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = _workFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in sandbox.Prefix)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(LimitsScript(cgroup is not null, sandbox.Prefix.Contains("--pid")));
        start.ArgumentList.Add("m1p-terminal");
        if (cgroup is not null)
        {
            start.ArgumentList.Add(cgroup.ProcsFile);
        }

        start.ArgumentList.Add(block.Language == CodeLanguage.Python ? _options.PythonExecutable : "/bin/sh");
        start.ArgumentList.Add(scriptPath);
        start.Environment["PYTHONUNBUFFERED"] = "1";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["MPLBACKEND"] = "Agg";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            if (cgroup is not null)
            {
                await cgroup.KillAllAndRemoveAsync(CleanupGrace).ConfigureAwait(false);
            }

            return new CodeRunResult(null, false, false, $"The code could not be started: {ex.Message}. Is 'setsid' (util-linux) installed?", false, notes);
        }

        var groupId = process.Id;
        CurrentGroupId = groupId;
        process.StandardInput.Close();
        var output = new CappedOutput(_options.MaxOutputChars);
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);

        using var timeout = new CancellationTokenSource(_options.Timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var timedOut = false;
        var cancelled = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancelled = cancellationToken.IsCancellationRequested;
            timedOut = !cancelled;
        }
        finally
        {
            // Always: leftovers (background children) of a finished run are killed too.
            KillGroup(process, groupId);
            CurrentGroupId = null;
        }

        if (cgroup is not null)
        {
            // Processes that left the group (setsid, double fork) are still in the cgroup: find and kill them too.
            await CleanUpAsync(cgroup, notes).ConfigureAwait(false);
        }

        if (!process.HasExited)
        {
            using var grace = new CancellationTokenSource(DrainGrace);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                notes.Add("The process did not exit after being killed.");
            }
        }

        // Readers end when every holder of the pipes is gone; wait briefly, never forever.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(DrainGrace, CancellationToken.None)).ConfigureAwait(false);
        int? exitCode = process.HasExited ? process.ExitCode : null;
        return new CodeRunResult(exitCode, timedOut, cancelled, output.Text(), output.Truncated, notes);
    }

    private static void KillGroup(Process process, int groupId)
    {
        ProcessGroup.Kill(groupId);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task CleanUpAsync(PidsCgroup cgroup, List<string> notes)
    {
        var (emptied, refused, peak) = await cgroup.KillAllAndRemoveAsync(CleanupGrace).ConfigureAwait(false);
        if (refused > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The code reached the process limit of {_options.MaxProcesses} processes and threads (TerminalOptions.MaxProcesses): {refused} attempt(s) to start another were refused{(peak is { } p ? $"; at most {p} ran at once" : string.Empty)}."));
        }

        if (!emptied)
        {
            notes.Add($"Some of the code's processes could not be killed or its cgroup ({cgroup.Path}) could not be removed within {CleanupGrace.TotalSeconds:0} s.");
        }
    }

    private string LimitsScript(bool joinCgroup, bool namespaceInit)
    {
        var script = new StringBuilder();
        if (joinCgroup)
        {
            // First, before it starts anything: every process the code starts is then in the cgroup too.
            script.Append("{ echo 0 > \"$1\"; } 2>/dev/null || echo 'm1p-terminal: could not join the pids cgroup; the process limit is not enforced' >&2; shift; ");
        }

        if (_options.MemoryLimitMiB > 0)
        {
            script.Append("ulimit -v ").Append((_options.MemoryLimitMiB * 1024L).ToString(CultureInfo.InvariantCulture)).Append(" 2>/dev/null; ");
        }

        if (_options.MaxProcesses > 0)
        {
            script.Append("ulimit -u ").Append(_options.MaxProcesses.ToString(CultureInfo.InvariantCulture)).Append(" 2>/dev/null; ");
        }

        // In a PID namespace the shell stays as process 1 instead of handing that role to the code: process 1 must reap
        // the orphans the code leaves (or they pile up as zombies against the limit) and ignores signals it has no
        // handler for, which the code would not expect. Its exit status is the code's (128 + signal when killed).
        script.Append(namespaceInit ? "\"$@\"; exit $?" : "exec \"$@\"");
        return script.ToString();
    }

    /// <summary>What this machine allows, probed once per runner: the unshare prefix (PID namespace, no network), where
    /// pids cgroups can be made, and notes for every run about what is missing.</summary>
    private async Task<Sandbox> SandboxAsync(CancellationToken cancellationToken)
    {
        lock (_probeGate)
        {
            if (_sandbox is not null)
            {
                return _sandbox;
            }
        }

        var candidates = new List<string[]>();
        if (!_options.Network)
        {
            // Without network or not at all: only prefixes with a network namespace of its own.
            if (UsePidNamespace)
            {
                candidates.AddRange([["-n", .. PidNamespace], ["-r", "-n", .. PidNamespace]]);
            }

            candidates.AddRange([["-n"], ["-r", "-n"]]);
        }
        else if (UsePidNamespace)
        {
            candidates.AddRange([PidNamespace, ["-r", .. PidNamespace]]);
        }

        string[] prefix = [];
        var refusal = string.Empty;
        foreach (var flags in candidates)
        {
            var (ok, error) = await CommandProbe.RunAsync([UnshareCommand, .. flags, "true"], cancellationToken).ConfigureAwait(false);
            if (ok)
            {
                prefix = [UnshareCommand, .. flags];
                break;
            }

            refusal = error;
        }

        var networkRefusal = !_options.Network && !prefix.Contains("-n") ? refusal : null;

        var noCgroup = "pids cgroups are turned off for this runner";
        var cgroupParent = UsePidsCgroup ? PidsCgroup.FindParent(out noCgroup) : null;
        if (cgroupParent is not null)
        {
            PidsCgroup.RemoveStale(cgroupParent);
            var probe = PidsCgroup.TryCreate(cgroupParent, $"m1p-probe-{Environment.ProcessId}-{Guid.NewGuid():N}", 8, out noCgroup);
            if (probe is null)
            {
                cgroupParent = null;
            }
            else
            {
                string[] join = [.. prefix, "/bin/sh", "-c", "echo 0 > \"$1\"", "m1p-probe", probe.ProcsFile];
                if (!(await CommandProbe.RunAsync(join, cancellationToken).ConfigureAwait(false)).Ok)
                {
                    cgroupParent = null;
                    noCgroup = "the code could not join a pids cgroup";
                }

                await probe.KillAllAndRemoveAsync(CleanupGrace).ConfigureAwait(false);
            }
        }

        var notes = new List<string>();
        if (cgroupParent is null && _options.MaxProcesses > 0 && Environment.IsPrivilegedProcess)
        {
            notes.Add($"The process limit ({_options.MaxProcesses}) was not enforced: no pids cgroup could be used ({noCgroup}), and ulimit -u does not limit root.");
        }

        if (cgroupParent is null && !prefix.Contains("--pid"))
        {
            notes.Add("Processes that the code moves out of its process group (setsid) may outlive the run: neither a PID namespace (unshare --pid) nor a pids cgroup can be used here.");
        }

        var sandbox = new Sandbox(prefix, cgroupParent, notes, networkRefusal);
        lock (_probeGate)
        {
            _sandbox ??= sandbox;
            return _sandbox;
        }
    }

    private static async Task PumpAsync(StreamReader reader, CappedOutput output)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                output.Append(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
            // The pipe broke when the process group was killed.
        }
        catch (ObjectDisposedException)
        {
            // The process was disposed while draining.
        }
    }

    /// <summary>How code runs on this machine.</summary>
    /// <param name="Prefix">The unshare command and flags before the code's shell (empty when unshare is not allowed).</param>
    /// <param name="CgroupParent">Where each run's pids cgroup is made, or null when none can be.</param>
    /// <param name="Notes">What every run's result says about missing isolation.</param>
    /// <param name="NetworkRefusal">What the machine said when code that may not reach the network could not be cut off
    /// from it; null when it can be, or may reach it.</param>
    private sealed record Sandbox(string[] Prefix, string? CgroupParent, IReadOnlyList<string> Notes, string? NetworkRefusal);

    /// <summary>Output kept up to a cap; the rest is counted and dropped while the pipes keep draining.</summary>
    private sealed class CappedOutput(int cap)
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _kept = new();
        private long _dropped;

        public bool Truncated
        {
            get
            {
                lock (_gate)
                {
                    return _dropped > 0;
                }
            }
        }

        public void Append(ReadOnlySpan<char> chunk)
        {
            lock (_gate)
            {
                var room = Math.Max(0, cap - _kept.Length);
                var keep = Math.Min(room, chunk.Length);
                _kept.Append(chunk[..keep]);
                _dropped += chunk.Length - keep;
            }
        }

        public string Text()
        {
            lock (_gate)
            {
                return _dropped == 0
                    ? _kept.ToString()
                    : $"{_kept}\n[... output truncated: {_dropped} more characters were dropped (cap {cap}) ...]";
            }
        }
    }
}
