using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace M1Parallel.Scoring;

/// <summary>Parses text the way Python's <c>float(str)</c> does, so the GAIA scorer decides "is a number" exactly as the official one.</summary>
internal static partial class PythonFloat
{
    // Python: strip Unicode whitespace; sign; "inf", "infinity", "nan" in any case; or a decimal literal whose
    // digit groups may be joined by single underscores ("1_000"), with optional fraction and exponent.
    [GeneratedRegex(@"^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Literal();

    /// <summary>Returns true and the value when Python's <c>float(text)</c> would succeed.</summary>
    public static bool TryParse(string text, out double value)
    {
        value = 0;
        var ascii = ToAsciiDigitsAndSpaces(text).Trim(' ');
        if (ascii.Length == 0)
        {
            return false;
        }

        var sign = 1.0;
        var body = ascii;
        if (body[0] is '+' or '-')
        {
            sign = body[0] == '-' ? -1.0 : 1.0;
            body = body[1..];
        }

        var lower = body.ToLowerInvariant();
        if (lower is "inf" or "infinity")
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (lower == "nan")
        {
            value = double.NaN;
            return true;
        }

        if (!Literal().IsMatch(ascii))
        {
            return false;
        }

        // double.Parse rounds correctly and overflows to ±Infinity like Python ("1e400" -> inf).
        value = double.Parse(ascii.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Python maps every Unicode decimal digit to its ASCII digit and every Unicode space to ' ' before parsing.</summary>
    private static string ToAsciiDigitsAndSpaces(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
                builder.Append((char)('0' + (int)char.GetNumericValue(c)));
            }
            else if (GaiaScorer.IsPythonWhitespace(c))
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
