namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>One kind of file the FileSurfer reads as text (markdown-ish), chosen by the file's extension.</summary>
internal interface IFileFormat
{
    /// <summary>The kind of file in words, as the team's description names it (e.g. "PDF").</summary>
    string Name { get; }

    /// <summary>The lower-case extensions (with the dot) this format reads.</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>The text of the file at <paramref name="realPath"/>.</summary>
    string ToText(string realPath);
}
