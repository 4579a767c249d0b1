using M1Parallel.Cli.Hosting;

namespace M1Parallel.Cli.Tests.Hosting;

public sealed class ConsoleTableTests
{
    [Fact]
    public void Write_Redirected_DrawsAnAsciiTableWithoutAnsiAndOneLinePerRow()
    {
        var output = new StringWriter();
        var longCell = new string('x', 150);

        ConsoleTable.Write(output, ["mode", "tok/s"], [["batched [x]", "31.5"], ["queued", longCell]]);

        var text = output.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.True(text.All(c => c < 128), "only ASCII when redirected");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("batched [x]", StringComparison.Ordinal) && l.Contains("31.5", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(longCell, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("mode", StringComparison.Ordinal) && l.Contains("tok/s", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_RowOfTheWrongWidth_ThrowsNamingBothCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => ConsoleTable.Write(new StringWriter(), ["a", "b"], [["1"]]));

        Assert.Contains("1 cells but the table has 2 columns", ex.Message);
    }
}
