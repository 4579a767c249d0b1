using System.Text.RegularExpressions;

namespace M1Parallel.MagenticOne.Formats;

/// <summary>Removes the reasoning sections (<c>&lt;think&gt;…&lt;/think&gt;</c>) that thinking models such as Qwen3 put into their text.</summary>
public static partial class ThinkingText
{
    /// <summary>The text without closed <c>&lt;think&gt;</c> sections, without what precedes a lone closing tag or follows an unclosed opening one, trimmed; empty for null.</summary>
    public static string Strip(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var stripped = ThinkBlock().Replace(text, string.Empty);

        // A closing tag without an opening one: the template opened it in the prompt.
        var close = stripped.LastIndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        if (close >= 0)
        {
            stripped = stripped[(close + "</think>".Length)..];
        }

        // An opening tag never closed (generation cut off while thinking): nothing usable after it.
        var open = stripped.IndexOf("<think>", StringComparison.OrdinalIgnoreCase);
        if (open >= 0)
        {
            stripped = stripped[..open];
        }

        return stripped.Trim();
    }

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ThinkBlock();
}
