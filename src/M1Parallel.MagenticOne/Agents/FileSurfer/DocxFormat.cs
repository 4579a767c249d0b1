using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>Word documents (.docx): headings as markdown headings, list items as bullets, tables as markdown tables.</summary>
internal sealed class DocxFormat : IFileFormat
{
    public string Name => "Word .docx";

    public IReadOnlyList<string> Extensions { get; } = [".docx"];

    public string ToText(string realPath)
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
                    text.AppendLine(Line(paragraph));
                    break;
                case Word.Table table:
                    var rows = table.Elements<Word.TableRow>()
                        .Select(row => (IReadOnlyList<string>)row.Elements<Word.TableCell>()
                            .Select(c => string.Join(" ", c.Elements<Word.Paragraph>().Select(ParagraphText)))
                            .ToList())
                        .ToList();
                    MarkdownTable.Append(text, rows).AppendLine();
                    break;
            }
        }

        return text.ToString().Trim();
    }

    private static string Line(Word.Paragraph paragraph)
    {
        var line = ParagraphText(paragraph);
        var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? string.Empty;
        if (style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(style.AsSpan("Heading".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
        {
            return new string('#', Math.Clamp(level, 1, 6)) + " " + line;
        }

        if (style.Equals("Title", StringComparison.OrdinalIgnoreCase))
        {
            return "# " + line;
        }

        return paragraph.ParagraphProperties?.NumberingProperties is not null ? "- " + line : line;
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
