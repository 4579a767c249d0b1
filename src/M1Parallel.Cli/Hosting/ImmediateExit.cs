using System.Runtime.InteropServices;

namespace M1Parallel.Cli.Hosting;

/// <summary>Ends the process now: no finally block, exit handler or flush runs (what a second Ctrl+C asks for). Code the
/// teams were running, each in a session of its own, is killed first: nothing else would end it.</summary>
internal static class ImmediateExit
{
    /// <summary>Exits with <paramref name="exitCode"/> at once.</summary>
    public static void Now(int exitCode)
    {
        ChildSessions.KillAll(Environment.ProcessId);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // Environment.Exit would first run the exit handlers, which may wait for the very work being abandoned.
            ExitWithoutCleanup(exitCode);
        }

        Environment.Exit(exitCode);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitWithoutCleanup(int status);
}
