using Spectre.Console;

namespace M1Parallel.Cli.Hosting;

/// <summary>Prints a table of results with Spectre.Console: rounded borders on a terminal, ASCII and one line per row when redirected.</summary>
internal static class ConsoleTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="headers"/>; every column but the first <paramref name="textColumns"/> is right-aligned.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, int textColumns = 1)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var terminal = SpectreConsoles.IsTerminal(output);
        var table = new Table().Border(terminal ? TableBorder.Rounded : TableBorder.Ascii);
        for (var i = 0; i < headers.Count; i++)
        {
            var column = new TableColumn(new Spectre.Console.Text(headers[i])) { NoWrap = true };
            table.AddColumn(i < textColumns ? column.LeftAligned() : column.RightAligned());
        }

        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new ArgumentException($"A row has {row.Count} cells but the table has {headers.Count} columns.", nameof(rows));
            }

            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Spectre.Console.Text(cell)).ToArray());
        }

        SpectreConsoles.Create(output, terminal).Write(table);
    }
}
