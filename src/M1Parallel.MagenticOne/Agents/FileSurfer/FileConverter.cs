using System.Globalization;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using M1Parallel.MagenticOne.Formats;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>Reads a file as text: plain text and markdown as they are, HTML as markdown-ish text, CSV as a table,
/// JSON pretty-printed, Word documents (.docx) as paragraphs and tables; folders as a listing.</summary>
internal static class FileConverter
{
    private const int SniffBytes = 8192;

    /// <summary>The text of <paramref name="realPath"/>, or throws <see cref="NotSupportedException"/> naming the fix.</summary>
    public static string Convert(string realPath, string displayPath)
    {
        if (Directory.Exists(realPath))
        {
            return ListFolder(realPath, displayPath);
        }

        var extension = Path.GetExtension(realPath).ToLowerInvariant();
        return extension switch
        {
            ".html" or ".htm" or ".xhtml" => HtmlText.Convert(File.ReadAllText(realPath)),
            ".csv" => CsvTable(File.ReadAllText(realPath), ','),
            ".tsv" => CsvTable(File.ReadAllText(realPath), '\t'),
            ".json" => PrettyJson(File.ReadAllText(realPath)),
            ".docx" => Docx(realPath),
            ".xlsx" or ".xls" or ".pptx" or ".pdf" or ".zip" or ".png" or ".jpg" or ".jpeg" or ".gif" or ".mp3" or ".wav" or ".mp4" =>
                throw new NotSupportedException(
                    $"FileSurfer cannot display '{displayPath}' ({extension} files are not text). Ask Coder to read it with Python instead."),
            _ => PlainText(realPath, displayPath, extension),
        };
    }

    private static string PlainText(string realPath, string displayPath, string extension)
    {
        using (var stream = File.OpenRead(realPath))
        {
            var head = new byte[SniffBytes];
            var read = stream.Read(head, 0, head.Length);
            if (Array.IndexOf(head, (byte)0, 0, read) >= 0)
            {
                throw new NotSupportedException(
                    $"FileSurfer cannot display '{displayPath}': it is a binary file{(extension.Length > 0 ? $" ({extension})" : string.Empty)}. Ask Coder to read it with Python instead.");
            }
        }

        return File.ReadAllText(realPath);
    }

    private static string ListFolder(string realPath, string displayPath)
    {
        var text = new StringBuilder();
        text.Append("Folder listing of ").AppendLine(displayPath).AppendLine();
        var entries = new DirectoryInfo(realPath).EnumerateFileSystemInfos()
            .Where(e => !e.Name.StartsWith('.'))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        if (entries.Count == 0)
        {
            text.AppendLine("(empty)");
        }

        foreach (var entry in entries)
        {
            text.Append("- ").Append(entry.Name);
            text.AppendLine(entry switch
            {
                DirectoryInfo => "/ (folder)",
                FileInfo f => string.Create(CultureInfo.InvariantCulture, $" ({f.Length} bytes)"),
                _ => string.Empty,
            });
        }

        return text.ToString();
    }

    private static string PrettyJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return JsonSerializer.Serialize(doc.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
        catch (JsonException)
        {
            return json; // Not valid JSON: show it as it is.
        }
    }

    internal static string CsvTable(string csv, char separator)
    {
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = CsvRecords.Parse(csv, separator);
        }
        catch (CsvFormatException)
        {
            return csv; // A quote left open: no table can be trusted, so show the text as it is.
        }

        var rows = records.Select(r => r.Fields).ToList();
        if (rows.Count == 0)
        {
            return "(empty table)";
        }

        var width = rows.Max(r => r.Count);
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Concat(Enumerable.Repeat(string.Empty, width - rows[i].Count))
                .Select(c => c.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' '));
            text.Append("| ").Append(string.Join(" | ", cells)).AppendLine(" |");
            if (i == 0)
            {
                text.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", width))).AppendLine();
            }
        }

        return text.ToString();
    }

    private static string Docx(string realPath)
    {
        using var document = WordprocessingDocument.Open(realPath, false);
        var body = document.MainDocumentPart?.Document?.Body;
        if (body is null)
        {
            return "(the document has no body)";
        }

        var text = new StringBuilder();
        foreach (var element in body.ChildElements)
        {
            switch (element)
            {
                case Word.Paragraph paragraph:
                    var line = ParagraphText(paragraph);
                    var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? string.Empty;
                    if (style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
                        && int.TryParse(style.AsSpan("Heading".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
                    {
                        line = new string('#', Math.Clamp(level, 1, 6)) + " " + line;
                    }
                    else if (style.Equals("Title", StringComparison.OrdinalIgnoreCase))
                    {
                        line = "# " + line;
                    }
                    else if (paragraph.ParagraphProperties?.NumberingProperties is not null)
                    {
                        line = "- " + line;
                    }

                    text.AppendLine(line);
                    break;
                case Word.Table table:
                    var first = true;
                    foreach (var row in table.Elements<Word.TableRow>())
                    {
                        var cells = row.Elements<Word.TableCell>()
                            .Select(c => string.Join(" ", c.Elements<Word.Paragraph>().Select(ParagraphText)).Replace("|", "\\|", StringComparison.Ordinal))
                            .ToList();
                        text.Append("| ").Append(string.Join(" | ", cells)).AppendLine(" |");
                        if (first)
                        {
                            text.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", cells.Count))).AppendLine();
                            first = false;
                        }
                    }

                    text.AppendLine();
                    break;
            }
        }

        return text.ToString().Trim();
    }

    private static string ParagraphText(Word.Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var node in paragraph.Descendants())
        {
            switch (node)
            {
                case Word.Text t:
                    text.Append(t.Text);
                    break;
                case Word.TabChar:
                    text.Append('\t');
                    break;
                case Word.Break:
                    text.Append('\n');
                    break;
            }
        }

        return text.ToString();
    }
}
