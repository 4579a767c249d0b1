using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>ZIP archives: the list of entries with their sizes, so the team knows what is inside and can have the
/// Coder extract the files to open them.</summary>
internal sealed class ZipFormat : IFileFormat
{
    public string Name => "ZIP (lists the files inside)";

    public IReadOnlyList<string> Extensions { get; } = [".zip"];

    public string ToText(string realPath)
    {
        using var archive = ZipFile.OpenRead(realPath);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"ZIP archive with {archive.Entries.Count} entries. ")
            .AppendLine("FileSurfer cannot open files inside an archive: ask Coder to extract it, then open the extracted files.")
            .AppendLine();
        foreach (var entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            text.Append("- ").Append(entry.FullName);
            text.AppendLine(entry.FullName.EndsWith('/') ? " (folder)" : string.Create(CultureInfo.InvariantCulture, $" ({entry.Length} bytes)"));
        }

        return text.ToString();
    }
}
