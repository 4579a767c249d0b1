using M1Parallel.Cli.Commands;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> StoreAsync(params string[] experiments)
    {
        var path = Path.Combine(_dir, "results.db");
        var store = await ResultsStore.OpenAsync(path, CancellationToken.None);
        foreach (var experiment in experiments)
        {
            await store.SaveAsync(ResultsCommandTests.Record("A", "single", 1, 10, experiment), CancellationToken.None);
            await store.SaveAsync(ResultsCommandTests.Record("A", "single", 2, 20, experiment), CancellationToken.None);
        }

        return path;
    }

    [Fact]
    public async Task Report_Store_WritesMarkdownHtmlAndFigures()
    {
        var output = Path.Combine(_dir, "out");

        var (exit, stdout, _) = await ExperimentsCliHarness.InvokeAsync(ReportCommand.Create(), "report", "--store", await StoreAsync("exp"), "--out", output);

        Assert.Equal(0, exit);
        Assert.Contains("report of 'exp' (2 runs)", stdout);
        Assert.Contains("| single", await File.ReadAllTextAsync(Path.Combine(output, "report.md")));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(output, "report.html")));
        Assert.True(File.Exists(Path.Combine(output, "figures", "latency.svg")));
        Assert.True(File.Exists(Path.Combine(output, "figures", "latency.png")));
    }

    [Fact]
    public async Task Report_PngScale_WritesPngsThatManyPixelsPerSvgUnit()
    {
        var output = Path.Combine(_dir, "out");

        var (exit, _, _) = await ExperimentsCliHarness.InvokeAsync(ReportCommand.Create(), "report", "--store", await StoreAsync("exp"), "--out", output, "--png-scale", "1.5");

        Assert.Equal(0, exit);
        var png = await File.ReadAllBytesAsync(Path.Combine(output, "figures", "solved.png"));
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        Assert.Equal(1080, width); // 720 SVG units × 1.5
    }

    [Fact]
    public async Task Report_PngScaleZero_FailsNamingTheRange()
    {
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ReportCommand.Create(), "report", "--store", await StoreAsync("exp"), "--out", _dir, "--png-scale", "0");

        Assert.Equal(2, exit);
        Assert.Contains("--png-scale 0 is out of range", error);
    }

    [Fact]
    public async Task Report_SeveralExperimentsWithoutChoice_AsksToPickOne()
    {
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ReportCommand.Create(), "report", "--store", await StoreAsync("x", "y"), "--out", _dir);

        Assert.Equal(2, exit);
        Assert.Contains("several experiments (x, y)", error);
    }

    [Fact]
    public async Task Report_NoStore_FailsAskingForOne()
    {
        var (exit, _, error) = await ExperimentsCliHarness.InvokeAsync(ReportCommand.Create(), "report");

        Assert.Equal(2, exit);
        Assert.Contains("--store DB", error);
    }
}
