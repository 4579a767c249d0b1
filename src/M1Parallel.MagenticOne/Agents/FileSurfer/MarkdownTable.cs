using System.Text;

namespace M1Parallel.MagenticOne.Agents.FileSurfer;

/// <summary>Writes rows of cells as a markdown table, the first row as its header.</summary>
internal static class MarkdownTable
{
    /// <summary>Appends <paramref name="rows"/> to <paramref name="text"/>; short rows are padded with empty cells.</summary>
    public static StringBuilder Append(StringBuilder text, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0)
        {
            return text.AppendLine("(empty table)");
        }

        var width = rows.Max(r => r.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Concat(Enumerable.Repeat(string.Empty, width - rows[i].Count))
                .Select(c => c.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' '));
            text.Append("| ").Append(string.Join(" | ", cells)).AppendLine(" |");
            if (i == 0)
            {
                text.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", width))).AppendLine();
            }
        }

        return text;
    }
}
