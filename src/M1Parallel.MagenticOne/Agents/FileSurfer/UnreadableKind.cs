namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>A kind of file the FileSurfer cannot read, with the reason it gives the team.</summary>
/// <param name="Kind">The kind in words, e.g. "an image".</param>
/// <param name="Extensions">The lower-case extensions (with the dot) of this kind.</param>
/// <param name="Reason">Why it cannot be read and what to do instead; follows "'file' is {Kind} file (.ext): ".</param>
internal sealed record UnreadableKind(string Kind, IReadOnlyList<string> Extensions, string Reason)
{
    private const string TextOnly = "FileSurfer cannot read this kind of file with a text-only model.";

    /// <summary>The kinds of file the FileSurfer names and refuses.</summary>
    public static IReadOnlyList<UnreadableKind> All { get; } =
    [
        new("an image", [".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".ico", ".heic"], TextOnly),
        new("an audio", [".mp3", ".wav", ".m4a", ".flac", ".ogg", ".aac", ".wma", ".opus"], TextOnly),
        new("a video", [".mp4", ".mov", ".avi", ".mkv", ".webm", ".wmv", ".m4v"], TextOnly),
        new("an old binary Office", [".xls", ".doc", ".ppt"],
            "FileSurfer reads only the newer .xlsx, .docx and .pptx formats. Ask Coder to read it with Python (e.g. pandas) instead."),
        new("a compressed archive", [".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz"],
            "FileSurfer cannot open archives other than .zip. Ask Coder to extract it, then open the extracted files."),
    ];
}
