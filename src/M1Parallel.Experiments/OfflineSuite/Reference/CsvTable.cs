using M1Parallel.MagenticOne.Formats;

namespace M1Parallel.Experiments.OfflineSuite.Reference;

/// <summary>A CSV file with a header row; fields may be quoted (RFC 4180).</summary>
internal sealed class CsvTable
{
    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    public static CsvTable Parse(string text)
    {
        var records = CsvRecords.Parse(text).Where(r => !r.IsBlank).Select(r => r.Fields).ToList();
        if (records.Count == 0)
        {
            throw new FormatException("The CSV text is empty; expected a header row.");
        }

        var header = records[0];
        var rows = records.Skip(1).Select(r =>
        {
            if (r.Count != header.Count)
            {
                throw new FormatException($"A CSV row has {r.Count} fields but the header has {header.Count}: {string.Join(",", r)}");
            }

            return (IReadOnlyDictionary<string, string>)header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        }).ToList();
        return new CsvTable(header, rows);
    }
}
