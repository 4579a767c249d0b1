using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace M1Parallel.MagenticOne.Agents.WebSurfer;

/// <summary>What the WebSurfer sees of a page, as text: the viewport (title, URL, scroll position, text in view and the
/// numbered interactive elements, which <see cref="PageScripts.Observe"/> tags with ids) or the whole page's text.</summary>
internal static class PageObservation
{
    /// <summary>The viewport's state as <see cref="PageScripts.Observe"/> reports it, and the page's title.</summary>
    /// <exception cref="PlaywrightException">The page could not be read.</exception>
    public static async Task<(JsonElement State, string Title)> ReadViewportAsync(IPage page, int maxChars, CancellationToken cancellationToken)
    {
        var state = await page.EvaluateAsync<JsonElement>(PageScripts.Observe, maxChars).WaitAsync(cancellationToken).ConfigureAwait(false);
        var title = await page.TitleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return (state, title);
    }

    /// <summary>The whole page's text, cut at <paramref name="maxChars"/>.</summary>
    /// <exception cref="PlaywrightException">The page could not be read.</exception>
    public static Task<string> ReadAllTextAsync(IPage page, int maxChars, CancellationToken cancellationToken) =>
        page.EvaluateAsync<string>(PageScripts.FullText, maxChars).WaitAsync(cancellationToken);

    /// <summary>The observation: <paramref name="prefix"/> (what was just done), any files just downloaded, then the viewport.</summary>
    public static string Describe(string prefix, IReadOnlyList<string> downloads, string url, string title, JsonElement state)
    {
        var text = new StringBuilder();
        text.AppendLine(prefix);
        foreach (var download in downloads)
        {
            text.Append("A file was downloaded and saved in the team's folder as ").Append(download).AppendLine(" (FileSurfer or Coder can open it).");
        }

        text.AppendLine();
        text.Append("Page title: ").AppendLine(title.Length == 0 ? "(none)" : title);
        text.Append("URL: ").AppendLine(url);
        var scrollY = state.GetProperty("scrollY").GetDouble();
        var height = Math.Max(1, state.GetProperty("scrollHeight").GetDouble());
        var viewport = state.GetProperty("viewportHeight").GetDouble();
        var above = Math.Clamp(scrollY / height * 100, 0, 100);
        var below = Math.Clamp((height - scrollY - viewport) / height * 100, 0, 100);
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Viewport: {(above + below < 1 ? "the whole page is in view" : $"{above:0}% of the page is above the viewport and {below:0}% below")}."));
        text.AppendLine().AppendLine("Text in view:");
        var pageText = state.GetProperty("text").GetString() ?? string.Empty;
        text.AppendLine(pageText.Length == 0 ? "(no text in view)" : pageText);
        if (state.GetProperty("truncated").GetBoolean())
        {
            text.AppendLine("(text in view cut off at the length limit)");
        }

        var elements = state.GetProperty("elements");
        text.AppendLine().AppendLine(elements.GetArrayLength() == 0
            ? "No interactive elements in view."
            : "Interactive elements in view (use the ids with click and input_text):");
        foreach (var e in elements.EnumerateArray())
        {
            text.Append('[').Append(e.GetProperty("id").GetInt32()).Append("] ").Append(e.GetProperty("role").GetString());
            var name = e.GetProperty("name").GetString();
            if (!string.IsNullOrEmpty(name))
            {
                text.Append(" \"").Append(name).Append('"');
            }

            var href = e.GetProperty("href").GetString();
            if (!string.IsNullOrEmpty(href) && !href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
            {
                text.Append(" -> ").Append(href);
            }

            var value = e.GetProperty("value").GetString();
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(" value=\"").Append(value).Append('"');
            }

            text.AppendLine();
        }

        return text.ToString().TrimEnd();
    }
}
