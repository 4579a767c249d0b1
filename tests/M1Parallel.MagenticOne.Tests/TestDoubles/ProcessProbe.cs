using System.Globalization;

namespace M1Parallel.MagenticOne.Tests.TestDoubles;

/// <summary>Looks at processes through /proc.</summary>
internal static class ProcessProbe
{
    /// <summary>Whether a process is running (zombies waiting to be reaped count as gone).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits (polling) until the process is gone; true if it went within the limit.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (!IsRunning(pid))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return !IsRunning(pid);
    }

    /// <summary>Reads a pid a script wrote to a file, waiting for it to appear.</summary>
    public static async Task<int> ReadPidFileAsync(string path, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No pid was written to {path}.");
    }

    /// <summary>Pids of running processes anywhere on the machine (any parent, any session) whose command line contains
    /// <paramref name="marker"/>: finds processes that left their process group or were re-parented.</summary>
    public static IReadOnlyList<int> Marked(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText($"{dir}/cmdline").Contains(marker, StringComparison.Ordinal) && IsRunning(pid))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Waits (polling) until no running process carries <paramref name="marker"/>; returns those still running at the limit.</summary>
    public static async Task<IReadOnlyList<int>> WaitNoneMarkedAsync(string marker, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        var left = Marked(marker);
        while (left.Count > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
            left = Marked(marker);
        }

        return left;
    }

    /// <summary>Waits (polling) until some running process carries <paramref name="marker"/>; returns them (empty at the limit).</summary>
    public static async Task<IReadOnlyList<int>> WaitMarkedAsync(string marker, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        var found = Marked(marker);
        while (found.Count == 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
            found = Marked(marker);
        }

        return found;
    }

    /// <summary>A string to put in a command line so the process can be found later, e.g. as the seconds of <c>sleep</c>
    /// (<c>sleep 300.4817</c> sleeps 300 s and is the only process with that command line).</summary>
    public static string NewSleepMarker() => string.Create(CultureInfo.InvariantCulture, $"300.{Random.Shared.Next(100_000, 1_000_000)}");

    /// <summary>Pids of running descendants of <paramref name="root"/> whose command line contains <paramref name="needle"/>.</summary>
    public static IReadOnlyList<int> Descendants(int root, string needle)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText($"{dir}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }

        var found = new List<int>();
        foreach (var pid in parents.Keys)
        {
            var p = pid;
            for (var depth = 0; depth < 64 && parents.TryGetValue(p, out var parent); depth++)
            {
                if (parent == root)
                {
                    try
                    {
                        if (IsRunning(pid) && File.ReadAllText($"/proc/{pid}/cmdline").Contains(needle, StringComparison.Ordinal))
                        {
                            found.Add(pid);
                        }
                    }
                    catch (IOException)
                    {
                    }

                    break;
                }

                p = parent;
            }
        }

        return found;
    }
}
