using System.Text;

namespace M1Parallel.Scoring;

/// <summary>GAIA's official <c>question_scorer</c>, rule for rule: number, comma/semicolon list, or normalized string; the one answer matcher of the results store and of the aggregators.</summary>
/// <remarks>
/// Written from the rules of the leaderboard's <c>scorer.py</c>:
/// a ground truth that parses as a Python float is compared as a number after stripping <c>$ % ,</c> from the answer
/// (an answer that still fails to parse becomes +infinity, as in the original);
/// a ground truth holding <c>,</c> or <c>;</c> is a list: both sides split on <c>[,;]</c>, lengths must match, and each
/// element compares as a number when the ground-truth element is one, otherwise whitespace-free and lowercased with
/// punctuation kept; anything else compares whitespace-free, lowercased, with ASCII punctuation removed.
/// </remarks>
public static class GaiaScorer
{
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>True when <paramref name="modelAnswer"/> scores as correct against <paramref name="groundTruth"/>.</summary>
    public static bool IsCorrect(string? modelAnswer, string groundTruth)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        return Score(modelAnswer, groundTruth).Correct;
    }

    /// <summary>Scores an answer and says which of GAIA's three rules applied and why a list failed.</summary>
    public static GaiaScore Score(string? modelAnswer, string groundTruth)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        var answer = modelAnswer ?? "None";

        if (PythonFloat.TryParse(groundTruth, out var truthNumber))
        {
            return new GaiaScore(NormalizeNumber(answer) == truthNumber, GaiaRule.Number, null);
        }

        if (groundTruth.Contains(',') || groundTruth.Contains(';'))
        {
            var truthElements = SplitList(groundTruth);
            var answerElements = SplitList(answer);
            if (truthElements.Length != answerElements.Length)
            {
                return new GaiaScore(false, GaiaRule.List, "Answer lists have different lengths, returning False.");
            }

            var all = true;
            for (var i = 0; i < truthElements.Length; i++)
            {
                var equal = PythonFloat.TryParse(truthElements[i], out var elementNumber)
                    ? NormalizeNumber(answerElements[i]) == elementNumber
                    : NormalizeString(answerElements[i], removePunctuation: false) == NormalizeString(truthElements[i], removePunctuation: false);
                all &= equal;
            }

            return new GaiaScore(all, GaiaRule.List, null);
        }

        return new GaiaScore(NormalizeString(answer) == NormalizeString(groundTruth), GaiaRule.String, null);
    }

    /// <summary>
    /// Whether two answers count as the same answer (for voting and for naming the teams behind a decision): true when
    /// either scores as correct with the other taken as the ground truth, so <c>$1,000</c> and <c>1000</c> agree.
    /// </summary>
    public static bool SameAnswer(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return IsCorrect(first, second) || IsCorrect(second, first);
    }

    /// <summary>GAIA's <c>normalize_number_str</c>: drop <c>$</c>, <c>%</c> and <c>,</c>, parse as a Python float, +infinity when that fails.</summary>
    public static double NormalizeNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stripped = text.Replace("$", string.Empty, StringComparison.Ordinal)
            .Replace("%", string.Empty, StringComparison.Ordinal)
            .Replace(",", string.Empty, StringComparison.Ordinal);
        return PythonFloat.TryParse(stripped, out var value) ? value : double.PositiveInfinity;
    }

    /// <summary>GAIA's <c>normalize_str</c>: remove all whitespace, lowercase, and optionally remove ASCII punctuation.</summary>
    public static string NormalizeString(string text, bool removePunctuation = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsPythonWhitespace(c))
            {
                continue;
            }

            builder.Append(c);
        }

        var lowered = builder.ToString().ToLowerInvariant();
        if (!removePunctuation)
        {
            return lowered;
        }

        builder.Clear();
        foreach (var c in lowered)
        {
            if (!AsciiPunctuation.Contains(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>GAIA's <c>split_string</c>: split on every <c>,</c> and <c>;</c>, keeping empty pieces (like <c>re.split</c>).</summary>
    public static string[] SplitList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split([',', ';']);
    }

    /// <summary>Python's <c>str.isspace</c> (what <c>re</c>'s <c>\s</c> matches in a str): .NET whitespace plus the ASCII separators 0x1C–0x1F.</summary>
    internal static bool IsPythonWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';
}
