using System.Text.RegularExpressions;
using M1Parallel.MagenticOne.Formats;

namespace M1Parallel.MagenticOne.Orchestration;

/// <summary>
/// Finds the answer in a reply that ends with <c>FINAL ANSWER: …</c>, the format Magentic-One's final-answer step and the
/// aggregator ask for. Reasoning sections are removed first; the last marker counts (a reply may quote other answers
/// before giving its own); markdown around the marker or the answer (bold or italic asterisks, backticks, heading marks)
/// and the template's square brackets are removed.
/// </summary>
public static partial class FinalAnswerText
{
    /// <summary>The answer after the last <c>FINAL ANSWER:</c> marker (on its line, or on the next non-empty line when the marker ends its line), tidied; null when there is none.</summary>
    public static string? Extract(string? reply)
    {
        var text = ThinkingText.Strip(reply);
        var matches = Marker().Matches(text);
        if (matches.Count == 0)
        {
            return null;
        }

        var last = matches[^1];
        var answer = Tidy(last.Groups["answer"].Value);
        if (answer.Length == 0)
        {
            // "**FINAL ANSWER:**" alone on its line, the answer below it.
            answer = text[(last.Index + last.Length)..]
                .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(Tidy)
                .FirstOrDefault(line => line.Length > 0) ?? string.Empty;
        }

        return answer.Length == 0 ? null : answer;
    }

    /// <summary>What a scorer compares: the answer after the last marker when there is one, otherwise the whole text trimmed.</summary>
    public static string AnswerOrText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Extract(text) ?? text.Trim();
    }

    private static string Tidy(string line)
    {
        var answer = Heading().Replace(line.Trim(), string.Empty);
        answer = answer.Trim('*', '`').Trim();
        if (answer.Length >= 2 && answer[0] == '[' && answer[^1] == ']' && !answer[1..^1].Contains('[', StringComparison.Ordinal))
        {
            answer = answer[1..^1].Trim();
        }

        return answer;
    }

    // The marker with optional emphasis inside it ("**FINAL ANSWER**:", "**FINAL ANSWER:**"), then the rest of the line.
    [GeneratedRegex(@"FINAL\s+ANSWER\s*\**\s*:[ \t]*\**(?<answer>[^\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"^#{1,6}\s+")]
    private static partial Regex Heading();
}
