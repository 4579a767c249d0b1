using System.IO.Packaging;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig.Core;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>Reads a file as text with the <see cref="IFileFormat"/> its extension names (plain text for any other
/// text file), lists folders, and refuses images, audio, video and other binary files with a clear reason.</summary>
internal static class FileConverter
{
    /// <summary>The formats the FileSurfer reads, in the order its description names them.</summary>
    public static IReadOnlyList<IFileFormat> Formats { get; } =
    [
        new PdfFormat(), new DocxFormat(), new XlsxFormat(), new PptxFormat(), new CsvFormat(), new JsonFormat(),
        new HtmlFormat(), new ZipFormat(), new PlainTextFormat(),
    ];

    /// <summary>The text of <paramref name="realPath"/>; throws <see cref="NotSupportedException"/> for a kind of file
    /// it cannot read and <see cref="FormatException"/> for a damaged file, each naming the file and what to do.</summary>
    public static string Convert(string realPath, string displayPath)
    {
        if (Directory.Exists(realPath))
        {
            return FolderListing.Of(realPath, displayPath);
        }

        var extension = Path.GetExtension(realPath).ToLowerInvariant();
        if (UnreadableKind.All.FirstOrDefault(k => k.Extensions.Contains(extension)) is { } unreadable)
        {
            throw new NotSupportedException($"'{displayPath}' is {unreadable.Kind} file ({extension}). {unreadable.Reason}");
        }

        var format = Formats.FirstOrDefault(f => f.Extensions.Contains(extension));
        if (format is null)
        {
            if (!PlainTextFormat.LooksLikeText(realPath))
            {
                throw new NotSupportedException(
                    $"'{displayPath}' is a binary file{(extension.Length > 0 ? $" ({extension})" : string.Empty)} of a kind FileSurfer cannot read with a text-only model. Ask Coder to inspect it with Python instead.");
            }

            format = Formats[^1];
        }

        try
        {
            return format.ToText(realPath);
        }
        catch (NotSupportedException ex)
        {
            throw new NotSupportedException($"FileSurfer cannot read '{displayPath}': {ex.Message}", ex);
        }
        catch (Exception ex) when (IsDamagedFile(ex))
        {
            throw new FormatException(
                $"FileSurfer could not read '{displayPath}' as {format.Name}: the file is damaged or not really a {extension} file ({ex.Message}). Ask Coder to inspect it with Python.",
                ex);
        }
    }

    /// <summary>Whether <paramref name="ex"/> is how a parser reports a damaged or mislabelled file: PdfPig, the
    /// Open XML SDK, the ZIP reader and the XML reader each fail in their own way.</summary>
    private static bool IsDamagedFile(Exception ex) =>
        ex is PdfDocumentFormatException or OpenXmlPackageException or FileFormatException or InvalidDataException
            or XmlException or FormatException or InvalidOperationException or ArgumentException or EndOfStreamException
            or KeyNotFoundException;
}
