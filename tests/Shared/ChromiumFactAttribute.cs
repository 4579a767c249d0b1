namespace M1Parallel.TestSupport;

/// <summary>A fact that needs the system's Chromium; skipped with the reason where it is absent (browsers are never downloaded). Shared by test projects (linked).</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where the tests expect Chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"Needs Chromium at {ChromiumPath} (install the distribution's chromium package); browsers are never downloaded.";
        }
    }
}
