using System.Text;

namespace M1Parallel.MagenticOne.Formats;

/// <summary>
/// Reads CSV text (RFC 4180): a field that starts with a double quote may hold separators, line breaks and doubled
/// quotes; a record ends at LF, CRLF or CR outside quotes. The one CSV reader of the FileSurfer, the offline suite's
/// reference solutions and the estimator's input.
/// </summary>
public static class CsvRecords
{
    /// <summary>The records of <paramref name="text"/> in order, blank lines included (see <see cref="CsvRecord.IsBlank"/>); a final line break ends the last record.</summary>
    /// <exception cref="CsvFormatException">A quoted field is not closed; the message names the line it starts on.</exception>
    public static IReadOnlyList<CsvRecord> Parse(string text, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var recordLine = 1;
        var quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' || (c == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')) ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
                quoteLine = line;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add(new CsvRecord(recordLine, fields));
                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(quoteLine, "a quoted field is not closed; end it with a double quote.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, fields));
        }

        return records;
    }
}
