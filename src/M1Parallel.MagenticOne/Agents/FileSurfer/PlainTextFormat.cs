namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>Plain text and markdown, shown as they are; also any file with another extension that holds no NUL byte.</summary>
internal sealed class PlainTextFormat : IFileFormat
{
    private const int SniffBytes = 8192;

    public string Name => "plain text (markdown, code, logs and any other text file)";

    public IReadOnlyList<string> Extensions { get; } = [".txt", ".md", ".markdown", ".log"];

    public string ToText(string realPath) => File.ReadAllText(realPath);

    /// <summary>Whether the first 8 KB of the file hold no NUL byte, i.e. it looks like text.</summary>
    public static bool LooksLikeText(string realPath)
    {
        using var stream = File.OpenRead(realPath);
        var head = new byte[SniffBytes];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Array.IndexOf(head, (byte)0, 0, read) < 0;
    }
}
