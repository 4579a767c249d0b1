using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using M1Parallel.Experiments.OfflineSuite;
using M1Parallel.Experiments.OfflineSuite.Reference;
using M1Parallel.Scoring;

namespace M1Parallel.Experiments.Tests.OfflineSuite;

public sealed class ShippedSuiteTests
{
    private static readonly IReadOnlyList<JsonElement> Tasks = File.ReadAllLines(Path.Combine(SuiteFolders.Shipped, "metadata.jsonl"))
        .Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void Metadata_EveryLine_HasExactlyGaiasKeysPlusAnnotationsAndPlans()
    {
        string[] expected = ["task_id", "Question", "Level", "Final answer", "file_name", "Annotator Metadata", "Plans"];

        Assert.All(Tasks, t => Assert.Equal(expected, t.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public void Tasks_MostHaveAtLeastTwoReferencePlans()
    {
        var ids = Tasks.Select(t => t.GetProperty("task_id").GetString()!).ToList();
        var multiPlan = ids.Count(id => ReferenceSolutions.For(id)!.Count >= 2);

        Assert.True(multiPlan * 4 >= ids.Count * 3, $"{multiPlan} of {ids.Count} tasks have two or more reference plans.");
        Assert.Equal(ids.Order(StringComparer.Ordinal), ReferenceSolutions.TaskIds);
    }

    [Fact]
    public void Tasks_SomeNameAnAttachedFileOfEachKind()
    {
        var extensions = Tasks.Select(t => Path.GetExtension(t.GetProperty("file_name").GetString()!)).Where(e => e.Length > 0).ToHashSet();

        Assert.Superset(new HashSet<string> { ".csv", ".json", ".txt", ".md", ".html", ".docx" }, extensions);
    }

    [Fact]
    public async Task ReferenceSolutions_ThroughTheRunningServer_DeriveEveryFinalAnswer()
    {
        await using var server = await OfflineSuiteServer.StartAsync(new OfflineSuiteServerOptions(SuiteFolders.Shipped));
        using var http = new HttpClient();
        var source = new HttpSuiteSource(http, server.BaseUrl, SuiteFolders.Shipped);
        var failures = new List<string>();

        foreach (var task in Tasks)
        {
            var id = task.GetProperty("task_id").GetString()!;
            var expected = task.GetProperty("Final answer").GetString()!;
            foreach (var plan in ReferenceSolutions.For(id)!)
            {
                var reader = new SuiteReader(source);
                var answer = await plan.Solve(reader, CancellationToken.None);
                if (!GaiaScorer.IsCorrect(answer, expected))
                {
                    failures.Add($"{id} '{plan.Name}': derived '{answer}', expected '{expected}'");
                }

                Assert.True(reader.Fetches >= 1, $"{id} '{plan.Name}' read nothing from the suite.");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void SurveyReport_OpensWithTheOpenXmlSdk_AndReadsTheSameTable()
    {
        var path = Path.Combine(SuiteFolders.Shipped, "survey_report.docx");
        using var word = WordprocessingDocument.Open(path, isEditable: false);
        var sdkRows = word.MainDocumentPart!.Document.Body!.Elements<Table>().Single().Elements<TableRow>()
            .Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();

        using var stream = File.OpenRead(path);
        var ours = DocxDocument.Read(stream);

        Assert.Equal(7, sdkRows.Count);
        Assert.Equal(sdkRows, ours.Tables.Single().Select(r => r.ToList()));
    }
}
