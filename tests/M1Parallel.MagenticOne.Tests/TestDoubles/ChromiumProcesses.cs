using System.Diagnostics;

namespace M1Parallel.MagenticOne.Tests.TestDoubles;

/// <summary>Finds and kills the Chromium processes this test process started (through Playwright's driver), as a crash would.</summary>
internal static class ChromiumProcesses
{
    /// <summary>Running Chromium processes under this process: the browser and its helpers (zygote, renderers, utilities).</summary>
    public static IReadOnlyList<int> Running() => ProcessProbe.Descendants(Environment.ProcessId, "chromium");

    /// <summary>The main browser process (the one Playwright talks to over its pipe), waiting for it to start.</summary>
    public static async Task<int> BrowserAsync(TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            var main = Running().Where(IsMainBrowser).ToList();
            if (main.Count == 1)
            {
                return main[0];
            }

            Assert.True(main.Count == 0, $"more than one browser is running under this process: {string.Join(", ", main)}");
            await Task.Delay(50);
        }

        throw new TimeoutException("No Chromium browser process started under this process.");
    }

    /// <summary>SIGKILLs the browser and every helper process (the whole tree) and waits until they are dead; returns their pids.</summary>
    public static async Task<IReadOnlyList<int>> KillTreeAsync(TimeSpan limit)
    {
        var browser = await BrowserAsync(limit);
        var tree = Running().Append(browser).Distinct().ToList();
        KillAll(tree);
        Assert.Empty(await SurvivorsAsync(tree, limit));
        return tree;
    }

    /// <summary>SIGKILLs only the main browser process and waits until it is dead (its helpers are left to notice on
    /// their own); returns the pids of every Chromium process that was running.</summary>
    public static async Task<IReadOnlyList<int>> KillBrowserAsync(TimeSpan limit)
    {
        var browser = await BrowserAsync(limit);
        var tree = Running().Append(browser).Distinct().ToList();
        KillAll([browser]);
        Assert.True(await ProcessProbe.WaitGoneAsync(browser, limit), $"browser {browser} survived SIGKILL");
        return tree;
    }

    /// <summary>Those of <paramref name="pids"/> still running after waiting up to the limit for each.</summary>
    public static async Task<IReadOnlyList<int>> SurvivorsAsync(IEnumerable<int> pids, TimeSpan limit)
    {
        var list = pids.ToList();
        foreach (var pid in list)
        {
            await ProcessProbe.WaitGoneAsync(pid, limit);
        }

        return list.Where(ProcessProbe.IsRunning).ToList();
    }

    private static bool IsMainBrowser(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            return cmdline.Contains("--remote-debugging-pipe", StringComparison.Ordinal) && !cmdline.Contains("--type=", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void KillAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(); // SIGKILL on Unix.
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
