namespace M1Parallel.MagenticOne.Formats;

/// <summary>One record of a CSV text.</summary>
/// <param name="Line">The line it starts on (1-based).</param>
/// <param name="Fields">Its fields, unquoted.</param>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>Whether the record is an empty or whitespace-only line.</summary>
    public bool IsBlank => Fields.Count == 1 && string.IsNullOrWhiteSpace(Fields[0]);
}
