namespace M1Parallel.Bench.LlamaSharp;

/// <summary>Which llama.cpp and ggml libraries this process has loaded, read from /proc/self/maps (Linux only).</summary>
internal static class LoadedLibraries
{
    /// <summary>The paths of the loaded llama and ggml libraries, each once; empty where /proc is not there.</summary>
    public static IReadOnlyList<string> Llama()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return [];
        }

        return File.ReadLines(maps)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6)
            .Select(fields => string.Join(' ', fields.Skip(5)))
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("libllama", StringComparison.Ordinal) || name.StartsWith("libggml", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
