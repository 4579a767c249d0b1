namespace M1Parallel.Cli.Tests.TestSupport;

/// <summary>A fact that needs Linux (SIGKILL for Process.Kill, /proc to see a child's open files); skipped elsewhere with the reason.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/fd"))
        {
            Skip = "Needs Linux: Process.Kill must send SIGKILL and /proc must show a child's open files.";
        }
    }
}
