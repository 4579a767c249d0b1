using System.Globalization;
using M1Parallel.MagenticOne.Formats;

namespace M1Parallel.Experiments.Estimation;

/// <summary>Reads single-team runs from CSV with columns <c>task_id,run,latency_s,prompt_tokens,completion_tokens,solved</c>.</summary>
public static class SequentialRunCsv
{
    /// <summary>The columns every file must have (any order; other columns are ignored).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["task_id", "run", "latency_s", "prompt_tokens", "completion_tokens", "solved"];

    /// <summary>Reads a CSV file.</summary>
    /// <exception cref="EstimateInputException">A missing column, a bad value or a repeated (task_id, run); the message names the line.</exception>
    public static IReadOnlyList<SequentialRun> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new EstimateInputException($"{path}: file not found; pass a CSV with columns {string.Join(",", Columns)}.");
        }

        using var reader = File.OpenText(path);
        return Read(reader, path);
    }

    /// <summary>Reads CSV text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="EstimateInputException">A missing column, a bad value or a repeated (task_id, run); the message names the line.</exception>
    public static IReadOnlyList<SequentialRun> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = CsvRecords.Parse(reader.ReadToEnd());
        }
        catch (CsvFormatException e)
        {
            throw new EstimateInputException($"{source}:{e.Line}: {e.Problem}");
        }

        if (records.Count == 0)
        {
            throw new EstimateInputException($"{source}:1: the file is empty; the first line must be the header {string.Join(",", Columns)}.");
        }

        var names = records[0].Fields.Select(n => n.Trim().ToLowerInvariant()).ToList();
        var index = new Dictionary<string, int>();
        foreach (var column in Columns)
        {
            var at = names.IndexOf(column);
            if (at < 0)
            {
                throw new EstimateInputException($"{source}:1: header lacks column '{column}'; the header must name {string.Join(",", Columns)}.");
            }

            index[column] = at;
        }

        var runs = new List<SequentialRun>();
        var seen = new HashSet<(string, int)>();
        foreach (var record in records.Skip(1).Where(r => !r.IsBlank))
        {
            var lineNumber = record.Line;
            var cells = record.Fields;
            if (cells.Count < names.Count)
            {
                throw new EstimateInputException($"{source}:{lineNumber}: {cells.Count} fields where the header has {names.Count}; write one value per column.");
            }

            string Cell(string column) => cells[index[column]].Trim();
            var taskId = Cell("task_id");
            if (taskId.Length == 0)
            {
                throw new EstimateInputException($"{source}:{lineNumber}: task_id is empty; name the task.");
            }

            var run = ParseInt(Cell("run"), "run", source, lineNumber);
            var latency = ParseDouble(Cell("latency_s"), source, lineNumber);
            var prompt = ParseLong(Cell("prompt_tokens"), "prompt_tokens", source, lineNumber);
            var completion = ParseLong(Cell("completion_tokens"), "completion_tokens", source, lineNumber);
            var solved = ParseBool(Cell("solved"), source, lineNumber);
            if (!seen.Add((taskId, run)))
            {
                throw new EstimateInputException($"{source}:{lineNumber}: task '{taskId}' run {run} appears twice; number each task's runs 1, 2, 3, …");
            }

            runs.Add(new SequentialRun(taskId, run, latency, prompt, completion, solved));
        }

        if (runs.Count == 0)
        {
            throw new EstimateInputException($"{source}: no runs after the header; add one line per single-team run.");
        }

        return runs;
    }

    private static int ParseInt(string text, string column, string source, int line) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new EstimateInputException($"{source}:{line}: {column} '{text}' is not a whole number ≥ 0.");

    private static long ParseLong(string text, string column, string source, int line) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new EstimateInputException($"{source}:{line}: {column} '{text}' is not a whole number of tokens ≥ 0.");

    private static double ParseDouble(string text, string source, int line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0
            ? value
            : throw new EstimateInputException($"{source}:{line}: latency_s '{text}' is not a positive number of seconds; write it like 12.5.");

    private static bool ParseBool(string text, string source, int line) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new EstimateInputException($"{source}:{line}: solved '{text}' is not a boolean; write true or false (or 1 or 0)."),
    };
}
