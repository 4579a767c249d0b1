using System.Text;
using M1Parallel.MagenticOne.Formats;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>CSV (comma) and TSV (tab) files as a markdown table, read by the one CSV reader (<see cref="CsvRecords"/>).</summary>
internal sealed class CsvFormat : IFileFormat
{
    public string Name => "CSV/TSV";

    public IReadOnlyList<string> Extensions { get; } = [".csv", ".tsv"];

    public string ToText(string realPath)
    {
        var separator = Path.GetExtension(realPath).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        var text = File.ReadAllText(realPath);
        try
        {
            var rows = CsvRecords.Parse(text, separator).Where(r => !r.IsBlank).Select(r => r.Fields).ToList();
            return rows.Count == 0 ? "(empty table)" : MarkdownTable.Append(new StringBuilder(), rows).ToString();
        }
        catch (CsvFormatException)
        {
            return text; // A quote left open: no table can be trusted, so the text is shown as it is.
        }
    }
}
