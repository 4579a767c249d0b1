using M1Parallel.TestSupport;
using System.Diagnostics;
using System.Globalization;
using M1Parallel.Cli.Hosting;
using M1Parallel.Cli.Tests.TestSupport;

namespace M1Parallel.Cli.Tests.Hosting;

public sealed class ChildSessionsTests
{
    /// <summary>How long the processes may take to start (a guard, not a measurement).</summary>
    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(30);

    [LinuxFact]
    public async Task KillAll_AChildLeadingItsOwnSession_KillsItsWholeGroupAndSparesTheOtherChildren()
    {
        // A shell (standing in for m1p) with two children: one in a session of its own (as code runs under setsid) with
        // a child of its own, and one in the shell's group.
        using var parent = Process.Start(new ProcessStartInfo("sh")
        {
            ArgumentList = { "-c", "setsid sh -c 'sleep 600 & wait' & sleep 600 & wait" },
            UseShellExecute = false,
        })!;
        try
        {
            using var guard = new CancellationTokenSource(StartGuard);
            var (leader, plain) = await ChildrenAsync(parent.Id, guard.Token);
            var grandchild = await FirstChildAsync(leader, guard.Token);

            Assert.Equal(1, ChildSessions.KillAll(parent.Id));

            Assert.True(await EndedAsync(leader), "the session leader still runs");
            Assert.True(await EndedAsync(grandchild), "the session leader's child still runs");
            Assert.False(await EndedAsync(plain, TimeSpan.FromMilliseconds(300)), "the child in the parent's group was killed");
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
            await parent.WaitForExitAsync();
        }
    }

    [LinuxFact]
    public void KillAll_NoChildren_KillsNothing()
    {
        using var lone = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        try
        {
            Assert.Equal(0, ChildSessions.KillAll(lone.Id));
        }
        finally
        {
            lone.Kill();
            lone.WaitForExit();
        }
    }

    /// <summary>The shell's two children once both have started: the session leader and the plain one.</summary>
    private static async Task<(int Leader, int Plain)> ChildrenAsync(int parentId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var children = Stats().Where(s => s.Parent == parentId && s.State != 'Z').ToList();
            var leader = children.FirstOrDefault(s => s.Session == s.Pid && Command(s.Pid).StartsWith("sh", StringComparison.Ordinal));
            var plain = children.FirstOrDefault(s => s.Session != s.Pid && Command(s.Pid).StartsWith("sleep", StringComparison.Ordinal));
            if (leader.Pid > 0 && plain.Pid > 0)
            {
                return (leader.Pid, plain.Pid);
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<int> FirstChildAsync(int parentId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var child = Stats().FirstOrDefault(s => s.Parent == parentId && s.State != 'Z');
            if (child.Pid > 0)
            {
                return child.Pid;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Whether the process has ended (gone, or a zombie) within <paramref name="limit"/> (default 5 s).</summary>
    private static async Task<bool> EndedAsync(int pid, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            if (!Stats().Any(s => s.Pid == pid && s.State != 'Z'))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static List<(int Pid, char State, int Parent, int Session)> Stats()
    {
        var stats = new List<(int, char, int, int)>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                stats.Add((pid, fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
                // Ended while being read.
            }
        }

        return stats;
    }
}
