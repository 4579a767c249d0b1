using System.Globalization;
using System.Text.RegularExpressions;

namespace M1Parallel.MagenticOne.Agents.Terminal;

/// <summary>A pids cgroup (v1 or v2) made for one code run: the kernel refuses forks past <c>pids.max</c> (processes and
/// threads together, whoever the user is), and every process in it can be found and killed, even one that left the
/// process group with setsid. The code joins it itself before it starts anything; the folder is removed afterwards.</summary>
internal sealed partial class PidsCgroup
{
    private PidsCgroup(string path) => Path = path;

    /// <summary>The cgroup's folder.</summary>
    public string Path { get; }

    /// <summary>The file a process writes <c>0</c> into to join the cgroup.</summary>
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>The folder under which this process may create pids cgroups (its own cgroup in the pids hierarchy), or
    /// null with the reason none is usable.</summary>
    public static string? FindParent(out string reason)
    {
        try
        {
            return FindParent(File.ReadAllText("/proc/self/mountinfo"), File.ReadAllText("/proc/self/cgroup"), out reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reason = $"the cgroup mounts could not be read ({ex.Message})";
            return null;
        }
    }

    /// <summary>As <see cref="FindParent(out string)"/>, from the texts of /proc/self/mountinfo and /proc/self/cgroup.
    /// Prefers a v1 pids hierarchy; a v2 cgroup needs pids enabled for its children (it is enabled when allowed).</summary>
    internal static string? FindParent(string mountInfo, string selfCgroup, out string reason)
    {
        string? v1Mount = null, v1Root = null, v2Mount = null, v2Root = null;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS"
            var halves = line.Split(" - ", 2);
            var fields = halves[0].Split(' ');
            if (halves.Length < 2 || fields.Length < 5)
            {
                continue;
            }

            var tail = halves[1].Split(' ');
            var (root, mount) = (Unescape(fields[3]), Unescape(fields[4]));
            if (tail[0] == "cgroup" && tail.Length >= 3 && tail[2].Split(',').Contains("pids"))
            {
                (v1Mount, v1Root) = (mount, root);
            }
            else if (tail[0] == "cgroup2")
            {
                (v2Mount, v2Root) = (mount, root);
            }
        }

        string? v1Path = null, v2Path = null;
        foreach (var line in selfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "HIERARCHY-ID:CONTROLLERS:PATH"; v2 is "0::PATH".
            var parts = line.Split(':', 3);
            if (parts.Length < 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                v2Path = parts[2].Trim();
            }
            else if (parts[1].Split(',').Contains("pids"))
            {
                v1Path = parts[2].Trim();
            }
        }

        if (v1Mount is not null && v1Path is not null)
        {
            reason = string.Empty;
            return Combine(v1Mount, v1Root!, v1Path);
        }

        if (v2Mount is not null && v2Path is not null)
        {
            var folder = Combine(v2Mount, v2Root!, v2Path);
            if (EnablePidsForChildren(folder, out reason))
            {
                return folder;
            }

            return null;
        }

        reason = "no pids cgroup hierarchy is mounted";
        return null;
    }

    /// <summary>Creates a fresh cgroup under <paramref name="parent"/> allowing <paramref name="maxPids"/> processes and
    /// threads (0: no limit, the cgroup only gathers the run's processes); null with the reason when not allowed.</summary>
    public static PidsCgroup? TryCreate(string parent, string name, int maxPids, out string reason)
    {
        var path = System.IO.Path.Combine(parent, name);
        try
        {
            Directory.CreateDirectory(path);
            var max = System.IO.Path.Combine(path, "pids.max");
            if (!File.Exists(max))
            {
                TryRemove(path);
                reason = $"{parent} does not offer the pids controller";
                return null;
            }

            File.WriteAllText(max, maxPids > 0 ? maxPids.ToString(CultureInfo.InvariantCulture) : "max");
            reason = string.Empty;
            return new PidsCgroup(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryRemove(path);
            reason = $"a cgroup could not be created in {parent} ({ex.Message})";
            return null;
        }
    }

    /// <summary>Removes the empty cgroups that runners of processes no longer running left in <paramref name="parent"/>
    /// (named <c>m1p-PID-…</c>; a process that died mid-run cannot clean up after itself).</summary>
    public static void RemoveStale(string parent)
    {
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(parent, "m1p-*"))
            {
                var owner = System.IO.Path.GetFileName(folder).Split('-');
                if (owner.Length >= 3 && int.TryParse(owner[^2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
                {
                    TryRemove(folder); // Fails, harmlessly, while processes are still in it.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Listing is a courtesy; a run does not depend on it.
        }
    }

    /// <summary>Most processes and threads that were in the cgroup at once (<c>pids.peak</c>; null where the kernel lacks it).</summary>
    public long? Peak => ReadNumber("pids.peak");

    /// <summary>How many forks the limit refused (the <c>max</c> count in <c>pids.events</c>).</summary>
    public long Refused
    {
        get
        {
            try
            {
                var match = MaxEvents().Match(File.ReadAllText(System.IO.Path.Combine(Path, "pids.events")));
                return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }

    /// <summary>Pids (in this process's namespace) of the processes in the cgroup now.</summary>
    public IReadOnlyList<int> Processes()
    {
        try
        {
            return File.ReadAllLines(ProcsFile)
                .Select(l => int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(pid => pid > 0)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>SIGKILLs everything in the cgroup until it is empty, reads its counters, then removes its folder.</summary>
    /// <returns>Whether the cgroup was emptied and removed within <paramref name="limit"/>; the forks refused by the limit;
    /// the most processes and threads in it at once (null where the kernel does not say).</returns>
    public async Task<(bool Removed, long Refused, long? Peak)> KillAllAndRemoveAsync(TimeSpan limit)
    {
        var started = TimeProvider.System.GetTimestamp();
        var kill = System.IO.Path.Combine(Path, "cgroup.kill");
        while (true)
        {
            var left = Processes();
            if (left.Count == 0)
            {
                var (refused, peak) = (Refused, Peak);
                if (TryRemove(Path))
                {
                    return (true, refused, peak);
                }
            }

            if (TimeProvider.System.GetElapsedTime(started) > limit)
            {
                return (false, Refused, Peak);
            }

            if (left.Count > 0 && !TryWrite(kill, "1"))
            {
                // cgroup v1 has no cgroup.kill: one by one (a process forked meanwhile is in the cgroup and found next round).
                foreach (var pid in left)
                {
                    ProcessGroup.KillProcess(pid);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private long? ReadNumber(string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool EnablePidsForChildren(string folder, out string reason)
    {
        var control = System.IO.Path.Combine(folder, "cgroup.subtree_control");
        try
        {
            if (File.ReadAllText(control).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains("pids"))
            {
                reason = string.Empty;
                return true;
            }

            File.WriteAllText(control, "+pids");
            reason = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            reason = $"the pids controller is not enabled for the children of {folder} and could not be ({ex.Message})";
            return false;
        }
    }

    private static string Combine(string mount, string mountRoot, string cgroupPath)
    {
        // Inside a container the mount's root may be the container's own cgroup: the process's path is relative to it.
        var relative = mountRoot != "/" && cgroupPath.StartsWith(mountRoot, StringComparison.Ordinal) ? cgroupPath[mountRoot.Length..] : cgroupPath;
        return System.IO.Path.Combine(mount, relative.TrimStart('/'));
    }

    private static bool TryWrite(string file, string text)
    {
        try
        {
            if (!File.Exists(file))
            {
                return false;
            }

            File.WriteAllText(file, text);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryRemove(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path); // rmdir: a cgroup folder's files are not real files and go with it.
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>mountinfo writes space, tab, newline and backslash in paths as octal escapes.</summary>
    private static string Unescape(string field) =>
        OctalEscape().Replace(field, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();

    [GeneratedRegex(@"(?m)^max\s+(\d+)")]
    private static partial Regex MaxEvents();
}
