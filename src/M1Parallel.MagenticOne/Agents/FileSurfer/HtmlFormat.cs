namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>HTML pages as markdown-ish text (headings, links, lists, tables).</summary>
internal sealed class HtmlFormat : IFileFormat
{
    public string Name => "HTML";

    public IReadOnlyList<string> Extensions { get; } = [".html", ".htm", ".xhtml"];

    public string ToText(string realPath) => HtmlText.Convert(File.ReadAllText(realPath));
}
