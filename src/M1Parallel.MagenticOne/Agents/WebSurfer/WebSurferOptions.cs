namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>How the WebSurfer drives its headless Chromium.</summary>
public sealed record WebSurferOptions
{
    /// <summary>The system's Chromium (default <c>/usr/bin/chromium</c>); a browser is never downloaded.</summary>
    public string ChromiumPath
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(ChromiumPath));
            field = value;
        }
    } = "/usr/bin/chromium";

    /// <summary>Search URL with <c>{query}</c> where the URL-encoded query goes (offline: the local web's search page).</summary>
    public string SearchUrlTemplate
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(SearchUrlTemplate));
            if (!value.Contains("{query}", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The search URL template '{value}' has no '{{query}}' placeholder; write it like 'http://127.0.0.1:8080/search?q={{query}}'.",
                    nameof(SearchUrlTemplate));
            }

            field = value;
        }
    } = "https://www.bing.com/search?q={query}";

    /// <summary>Page opened when the browser starts (default about:blank).</summary>
    public string StartPage { get; init; } = "about:blank";

    /// <summary>Time limit for one browser action such as a navigation or click (default 20 s).</summary>
    public TimeSpan ActionTimeout
    {
        get;
        init
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(ActionTimeout), value, "The browser action time limit must be positive.");
            }

            field = value;
        }
    } = TimeSpan.FromSeconds(20);

    /// <summary>How many times a crashed browser is replaced by a fresh one in one run before the run stops (default 1).</summary>
    public int BrowserRestarts
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(BrowserRestarts));
            field = value;
        }
    } = 1;

    /// <summary>How many times a crashed tab (its page renderer died, the browser lives) is reopened in one run before the run stops (default 2).</summary>
    public int PageCrashRecoveries
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(PageCrashRecoveries));
            field = value;
        }
    } = 2;

    /// <summary>Viewport width in pixels (default 1280).</summary>
    public int ViewportWidth { get; init; } = 1280;

    /// <summary>Viewport height in pixels (default 1000); one scroll moves by about this much.</summary>
    public int ViewportHeight { get; init; } = 1000;

    /// <summary>Most characters of page text given to summarize_page and answer_question (default 30,000).</summary>
    public int MaxPageTextChars { get; init; } = 30_000;

    /// <summary>Most characters of viewport text in one observation (default 8,000).</summary>
    public int MaxViewportChars { get; init; } = 8_000;
}
