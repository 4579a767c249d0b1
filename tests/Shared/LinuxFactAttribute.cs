namespace M1Parallel.TestSupport;

/// <summary>A fact that needs Linux process tools: setsid (code runs in its own process group), SIGKILL for
/// Process.Kill and /proc (to see a child's open files); skipped elsewhere with the reason. Shared by test projects (linked).</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/fd") || !File.Exists("/usr/bin/setsid") && !File.Exists("/bin/setsid"))
        {
            Skip = "Needs Linux with /proc and setsid (util-linux): code runs in its own process group and Process.Kill sends SIGKILL.";
        }
    }
}
