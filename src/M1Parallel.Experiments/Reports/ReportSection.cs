namespace M1Parallel.Experiments.Reports;

/// <summary>One section of a report: a title, a note saying what the numbers are, a table, and footnotes under it.</summary>
internal sealed record ReportSection(string Title, string Note, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Lines printed under the table (e.g. "¹ n/a: ..."), none by default.</summary>
    public IReadOnlyList<string> Footnotes { get; init; } = [];
}
