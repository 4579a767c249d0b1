using System.Globalization;
using System.Runtime.InteropServices;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// The processes a process started in sessions of their own (the code teams run, each under <c>setsid</c>), found in
/// Linux's /proc: they outlive an immediate exit unless killed, because no signal to this process reaches them.
/// </summary>
internal static class ChildSessions
{
    private const int SigKill = 9;

    /// <summary>Sends SIGKILL to the process group of every child of <paramref name="parentId"/> that leads its own
    /// session; returns how many groups were killed (0 where there is no /proc).</summary>
    public static int KillAll(int parentId)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            return 0;
        }

        var killed = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Ended while being read.
            }

            // "pid (name) state ppid pgrp session ...": the name may hold spaces and parentheses, so count after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 3
                && int.Parse(fields[1], CultureInfo.InvariantCulture) == parentId
                && int.Parse(fields[3], CultureInfo.InvariantCulture) == pid
                && Kill(-pid, SigKill) == 0)
            {
                killed++;
            }
        }

        return killed;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
