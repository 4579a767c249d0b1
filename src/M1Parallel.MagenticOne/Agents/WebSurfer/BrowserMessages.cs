namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>Browser error messages cut to what an observation shows.</summary>
internal static class BrowserMessages
{
    /// <summary>The first line of <paramref name="message"/>, at most 300 characters (Playwright appends call logs below it).</summary>
    public static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
