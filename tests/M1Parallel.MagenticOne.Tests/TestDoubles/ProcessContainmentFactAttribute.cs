using System.Diagnostics;
using M1Parallel.MagenticOne.Agents.Terminal;

namespace M1Parallel.MagenticOne.Tests.TestDoubles;

/// <summary>What confines a fork storm so that none of it can outlive the test.</summary>
internal enum Containment
{
    /// <summary>A pids cgroup this process can create (also holds the storm to a process limit).</summary>
    PidsCgroup,

    /// <summary>A PID namespace (<c>unshare --pid</c>): all its processes die with its first one; no process limit.</summary>
    PidNamespace,

    /// <summary>Both: a PID namespace inside a pids cgroup.</summary>
    PidNamespaceAndPidsCgroup,
}

/// <summary>A fact that runs a (bounded) fork storm: it needs the <see cref="Needs"/> containment (default a pids cgroup);
/// skipped with the reason where this machine does not offer it, so the storm is never run unconfined.</summary>
internal sealed class ProcessContainmentFactAttribute : FactAttribute
{
    public ProcessContainmentFactAttribute() => Needs = Containment.PidsCgroup;

    /// <summary>The containment the test relies on.</summary>
    public Containment Needs
    {
        get;
        init
        {
            field = value;
            Skip = !OperatingSystem.IsLinux()
                ? "Needs Linux (pids cgroups, PID namespaces)."
                : value != Containment.PidNamespace && !CanCreatePidsCgroup(out var why)
                    ? $"Needs a pids cgroup to confine the fork storm and none can be made here ({why}); the storm is not run unconfined."
                    : value != Containment.PidsCgroup && !CanUnsharePid()
                        ? "Needs a PID namespace (unshare --pid --fork --kill-child) to confine the fork storm, and it is not permitted here; the storm is not run unconfined."
                        : null;
        }
    }

    private static bool CanCreatePidsCgroup(out string why)
    {
        if (PidsCgroup.FindParent(out why) is not { } parent)
        {
            return false;
        }

        var probe = PidsCgroup.TryCreate(parent, $"m1p-test-probe-{Environment.ProcessId}-{Guid.NewGuid():N}", 8, out why);
        if (probe is null)
        {
            return false;
        }

        try
        {
            // The code joins the cgroup itself: check that a shell may.
            using var join = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "echo 0 > \"$1\"", "m1p-test-probe", probe.ProcsFile]));
            var joined = join is not null && join.WaitForExit(5000) && join.ExitCode == 0;
            why = joined ? string.Empty : "a shell could not join it";
            return joined;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            why = ex.Message;
            return false;
        }
        finally
        {
            probe.KillAllAndRemoveAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }
    }

    private static bool CanUnsharePid()
    {
        foreach (var args in new[] { "--pid --fork --kill-child true", "-r --pid --fork --kill-child true" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo("unshare", args) { RedirectStandardError = true, RedirectStandardOutput = true });
                if (p is not null && p.WaitForExit(5000) && p.ExitCode == 0)
                {
                    return true;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        return false;
    }
}
