namespace M1Parallel.MagenticOne.Formats;

/// <summary>CSV text that cannot be read; names the line and the problem.</summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="problem"/> on <paramref name="line"/>.</summary>
    public CsvFormatException(int line, string problem)
        : base($"line {line}: {problem}")
    {
        Line = line;
        Problem = problem;
    }

    /// <summary>The line (1-based) the problem starts on.</summary>
    public int Line { get; }

    /// <summary>What is wrong and how to fix it.</summary>
    public string Problem { get; }
}
