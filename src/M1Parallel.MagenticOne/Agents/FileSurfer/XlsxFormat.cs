using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>Excel workbooks (.xlsx): each sheet under a "## name" heading as a markdown table, the first row as its
/// header; formulas show their last computed value and date cells show the date.</summary>
internal sealed class XlsxFormat : IFileFormat
{
    public string Name => "Excel .xlsx";

    public IReadOnlyList<string> Extensions { get; } = [".xlsx", ".xlsm"];

    public string ToText(string realPath)
    {
        using var document = SpreadsheetDocument.Open(realPath, false);
        var workbook = document.WorkbookPart ?? throw new FormatException("the workbook part is missing");
        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var dates = new XlsxDateStyles(workbook.WorkbookStylesPart?.Stylesheet);
        var text = new StringBuilder();
        foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
        {
            text.Append("## ").AppendLine(sheet.Name?.Value ?? "(unnamed sheet)");
            var part = sheet.Id?.Value is { } id ? workbook.GetPartById(id) as WorksheetPart : null;
            var rows = part is null ? [] : Rows(part, shared, dates);
            if (rows.Count == 0)
            {
                text.AppendLine("(empty sheet)");
            }
            else
            {
                MarkdownTable.Append(text, rows);
            }

            text.AppendLine();
        }

        return text.ToString().TrimEnd();
    }

    private static List<IReadOnlyList<string>> Rows(WorksheetPart part, List<string> shared, XlsxDateStyles dates)
    {
        var cells = new List<(int Row, int Column, string Value)>();
        var rowNumber = 0;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            rowNumber = row.RowIndex?.Value is { } r ? (int)r : rowNumber + 1;
            var column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : column + 1;
                var value = Value(cell, shared, dates);
                if (value.Length > 0)
                {
                    cells.Add((rowNumber, column, value));
                }
            }
        }

        if (cells.Count == 0)
        {
            return [];
        }

        int firstRow = cells.Min(c => c.Row), lastRow = cells.Max(c => c.Row);
        int firstColumn = cells.Min(c => c.Column), lastColumn = cells.Max(c => c.Column);
        var grid = Enumerable.Range(0, lastRow - firstRow + 1).Select(_ => new string[lastColumn - firstColumn + 1]).ToList();
        foreach (var (row, column, value) in cells)
        {
            grid[row - firstRow][column - firstColumn] = value;
        }

        return grid.Select(r => (IReadOnlyList<string>)r.Select(v => v ?? string.Empty).ToList()).ToList();
    }

    private static string Value(Cell cell, List<string> shared, XlsxDateStyles dates)
    {
        var raw = cell.CellValue?.Text ?? string.Empty;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < shared.Count ? shared[index] : raw;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? raw;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        if ((type is null || type == CellValues.Number) && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return dates.IsDate(cell.StyleIndex?.Value) && number is > -657435 and < 2958466
                ? FormatDate(DateTime.FromOADate(number))
                : number.ToString(CultureInfo.InvariantCulture);
        }

        return raw;
    }

    private static string FormatDate(DateTime date) =>
        date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The 1-based column of a cell reference such as "AB12" (28).</summary>
    internal static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return column;
    }
}
