using System.Text;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>CSV (comma) and TSV (tab) files as a markdown table, quoted cells unquoted.</summary>
internal sealed class CsvFormat : IFileFormat
{
    public string Name => "CSV/TSV";

    public IReadOnlyList<string> Extensions { get; } = [".csv", ".tsv"];

    public string ToText(string realPath)
    {
        var separator = Path.GetExtension(realPath).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        return MarkdownTable.Append(new StringBuilder(), Parse(File.ReadAllText(realPath), separator)).ToString();
    }

    /// <summary>The rows of <paramref name="csv"/>: separators inside quotes and doubled quotes ("") are kept as text.</summary>
    internal static List<IReadOnlyList<string>> Parse(string csv, char separator)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
