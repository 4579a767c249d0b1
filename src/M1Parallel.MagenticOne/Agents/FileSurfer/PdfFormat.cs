using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>PDF documents: each page's text in reading order under a "Page N of M" line; a page without text
/// (e.g. a scanned image) says so.</summary>
internal sealed class PdfFormat : IFileFormat
{
    public string Name => "PDF";

    public IReadOnlyList<string> Extensions { get; } = [".pdf"];

    public string ToText(string realPath)
    {
        using var document = Open(realPath);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"--- Page {page.Number} of {document.NumberOfPages} ---"));
            var pageText = ContentOrderTextExtractor.GetText(page).Trim();
            text.AppendLine(pageText.Length > 0 ? pageText : "(no text on this page: it may be a scanned image, which a text-only model cannot read)");
            text.AppendLine();
        }

        return text.ToString().TrimEnd();
    }

    private static PdfDocument Open(string realPath)
    {
        try
        {
            return PdfDocument.Open(realPath);
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new NotSupportedException("the PDF is encrypted and cannot be read without its password.", ex);
        }
    }
}
