using System.Globalization;

namespace M1Parallel.Bench.LlamaSharp;

/// <summary>The machine's one-minute load average (Linux's /proc/loadavg), recorded beside the figures it affects.</summary>
internal static class MachineLoad
{
    /// <summary>The one-minute load average, or null where it cannot be read.</summary>
    public static double? OneMinute()
    {
        const string file = "/proc/loadavg";
        return File.Exists(file) && double.TryParse(File.ReadAllText(file).Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
    }
}
