using System.Diagnostics;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Agents.WebSurfer;

/// <summary>Kills Chromium's page renderer processes (not the browser), as a renderer crash or the OOM killer would.</summary>
internal static class RendererProcesses
{
    /// <summary>Running renderer processes (<c>--type=renderer</c>) under this test process.</summary>
    public static IReadOnlyList<int> Running() => ChromiumProcesses.Running().Where(IsRenderer).ToList();

    /// <summary>SIGKILLs every renderer (the session has one tab, so its tab's among them) and waits until they are dead;
    /// returns their pids. The browser process is left running.</summary>
    public static async Task<IReadOnlyList<int>> KillAllAsync(TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        var renderers = Running();
        while (renderers.Count == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            renderers = Running();
        }

        Assert.NotEmpty(renderers);
        foreach (var pid in renderers)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(); // SIGKILL on Unix.
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        Assert.Empty(await ChromiumProcesses.SurvivorsAsync(renderers, limit));
        return renderers;
    }

    private static bool IsRenderer(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("--type=renderer", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
