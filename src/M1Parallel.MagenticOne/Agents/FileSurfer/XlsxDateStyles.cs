using DocumentFormat.OpenXml.Spreadsheet;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>Which cell styles of a workbook show numbers as dates (built-in date formats 14-22 and 45-47, or a custom
/// format with day, month or year codes outside quotes and brackets).</summary>
internal sealed class XlsxDateStyles
{
    private readonly HashSet<uint> _dateStyles = [];

    public XlsxDateStyles(Stylesheet? stylesheet)
    {
        var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? string.Empty) ?? [];
        var index = 0u;
        foreach (var format in stylesheet?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (id is (>= 14 and <= 22) or (>= 45 and <= 47) || (custom.TryGetValue(id, out var code) && IsDateCode(code)))
            {
                _dateStyles.Add(index);
            }

            index++;
        }
    }

    /// <summary>Whether a cell with style <paramref name="styleIndex"/> shows a date.</summary>
    public bool IsDate(uint? styleIndex) => styleIndex is { } i && _dateStyles.Contains(i);

    private static bool IsDateCode(string code)
    {
        var inQuotes = false;
        var inBrackets = false;
        foreach (var c in code)
        {
            switch (c)
            {
                case '"':
                    inQuotes = !inQuotes;
                    break;
                case '[' when !inQuotes:
                    inBrackets = true;
                    break;
                case ']' when !inQuotes:
                    inBrackets = false;
                    break;
                case 'd' or 'D' or 'm' or 'M' or 'y' or 'Y' when !inQuotes && !inBrackets:
                    return true;
            }
        }

        return false;
    }
}
