using System.Text.Json;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Store;

public sealed class ResultsExporterTests
{
    [Fact]
    public async Task WriteCsv_Records_WritesHeaderAndQuotedRows()
    {
        var writer = new StringWriter();
        await ResultsExporter.WriteCsvAsync([Records.Run() with { Answer = "a, \"b\"" }], writer, CancellationToken.None);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(string.Join(",", ResultsExporter.CsvColumns), lines[0]);
        Assert.StartsWith("exp,t1,single,1,1,\"a, \"\"b\"\"\",true,10,1000,100,0.25,1,2025-07-01T12:00:00.0000000+00:00,", lines[1]);
        Assert.EndsWith(",completed,", lines[1]);
    }

    [Fact]
    public async Task WriteJsonl_Records_WritesOneObjectPerLineWithEventsEmbedded()
    {
        var writer = new StringWriter();
        await ResultsExporter.WriteJsonlAsync([Records.Run(), Records.Run(task: "t2") with { Outcome = RunOutcome.TimedOut }], writer, CancellationToken.None);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("t1", first.RootElement.GetProperty("task_id").GetString());
        Assert.Equal("team_started", first.RootElement.GetProperty("events")[0].GetProperty("kind").GetString());
        Assert.Equal(7, first.RootElement.GetProperty("teams")[0].GetProperty("steps").GetInt32());
        Assert.Equal(100, first.RootElement.GetProperty("tokens").GetProperty("planner").GetProperty("prompt").GetInt64());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("timed_out", second.RootElement.GetProperty("outcome").GetString());
    }
}
