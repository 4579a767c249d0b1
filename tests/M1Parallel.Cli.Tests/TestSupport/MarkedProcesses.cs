using System.Text;

namespace M1Parallel.Cli.Tests.TestSupport;

/// <summary>
/// Finds processes by a marker in their environment (Linux /proc): a test gives its <c>m1p</c> child a variable with a
/// value of its own, and every process the child starts (Playwright's driver, Chromium, code run by the terminal)
/// inherits it, even one that left the child's process tree.
/// </summary>
internal static class MarkedProcesses
{
    /// <summary>The live processes whose environment holds <paramref name="variable"/>=<paramref name="value"/>, as "pid: command line".</summary>
    public static IReadOnlyList<string> Find(string variable, string value)
    {
        var marker = Encoding.UTF8.GetBytes($"{variable}={value}");
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(folder);
            if (!int.TryParse(name, out _))
            {
                continue;
            }

            try
            {
                // A zombie (ended, not yet reaped) has an empty environment and is not counted: it runs nothing.
                var environment = File.ReadAllBytes(Path.Combine(folder, "environ"));
                if (Holds(environment, marker))
                {
                    var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ').Trim();
                    found.Add($"{name}: {commandLine}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while it was being read, or is not ours to read.
            }
        }

        return found;
    }

    /// <summary>Waits up to <paramref name="limit"/> for every marked process to be gone; returns those still there.</summary>
    public static async Task<IReadOnlyList<string>> GoneAsync(string variable, string value, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var left = Find(variable, value);
            if (left.Count == 0 || DateTime.UtcNow > deadline)
            {
                return left;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static bool Holds(byte[] environment, byte[] marker)
    {
        var span = environment.AsSpan();
        var at = 0;
        while (at < span.Length)
        {
            var end = span[at..].IndexOf((byte)0);
            var entry = end < 0 ? span[at..] : span.Slice(at, end);
            if (entry.SequenceEqual(marker))
            {
                return true;
            }

            at += end < 0 ? span.Length : end + 1;
        }

        return false;
    }
}
