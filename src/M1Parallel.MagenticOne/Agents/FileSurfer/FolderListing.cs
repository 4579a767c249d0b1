using System.Globalization;
using System.Text;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>A folder's entries (hidden ones left out), folders marked and files with their sizes.</summary>
internal static class FolderListing
{
    /// <summary>The listing of <paramref name="realPath"/>, headed by <paramref name="displayPath"/>.</summary>
    public static string Of(string realPath, string displayPath)
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
}
