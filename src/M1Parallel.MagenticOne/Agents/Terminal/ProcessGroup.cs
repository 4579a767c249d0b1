using System.Runtime.InteropServices;

namespace M1Parallel.MagenticOne.Agents.Terminal;

/// <summary>Signals a whole process group (every process started by a code run, including background children).</summary>
internal static class ProcessGroup
{
    private const int SigKill = 9;

    /// <summary>Sends SIGKILL to the process group <paramref name="groupId"/>; false when none is left.</summary>
    public static bool Kill(int groupId)
    {
        if (groupId <= 1 || !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return false;
        }

        return NativeKill(-groupId, SigKill) == 0;
    }

    /// <summary>Sends SIGKILL to one process (e.g. one that left its group with setsid); false when it is gone.</summary>
    public static bool KillProcess(int pid)
    {
        if (pid <= 1 || !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return false;
        }

        return NativeKill(pid, SigKill) == 0;
    }

    /// <summary>Whether any process is still in the group (signal 0 probes without sending).</summary>
    public static bool IsAlive(int groupId) =>
        groupId > 1 && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && NativeKill(-groupId, 0) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);
}
