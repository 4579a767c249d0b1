using System.Diagnostics;
using System.Text.Json;

namespace M1Parallel.Bench.LlamaSharp;

/// <summary>Runs one measurement (this program's <c>run</c> command) in a process of its own and reads its result.</summary>
internal static class EngineProcess
{
    /// <summary>What starts the line holding the result, among whatever else the engine prints.</summary>
    public const string ResultPrefix = "m1p-result: ";

    /// <summary>Measures <paramref name="engine"/> on the first <paramref name="streams"/> prompts of the prompt file.</summary>
    /// <exception cref="InvalidOperationException">The process failed; the message holds the end of what it wrote to stderr.</exception>
    public static async Task<EngineMeasurement> MeasureAsync(Engine engine, int streams, ComparisonSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(EngineProcess).Assembly.Location); // run as `dotnet m1p-bench-llamasharp.dll`
        }

        foreach (var argument in new[]
                 {
                     "run", "--engine", engine.ToString(), "--model", settings.ModelPath, "--prompts", settings.PromptsPath,
                     "--streams", streams.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tokens", settings.Tokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--threads", settings.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(line => line.StartsWith(ResultPrefix, StringComparison.Ordinal))?[ResultPrefix.Length..];
        if (process.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"Measuring {engine} at {streams} streams failed (exit code {process.ExitCode}): {Tail(errors)}");
        }

        return JsonSerializer.Deserialize<EngineMeasurement>(last, BenchJson.Options)
               ?? throw new InvalidOperationException($"Measuring {engine} at {streams} streams printed no result.");
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
