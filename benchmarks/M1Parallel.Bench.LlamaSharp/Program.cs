using System.CommandLine;
using System.Text.Json;
using M1Parallel.Bench.LlamaSharp;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Synthetic;

var model = new Option<FileInfo>("--model") { Description = "GGUF model both engines load (e.g. a synthetic qwen3-0.6b:q4_0)", Required = true };
var threads = new Option<int>("--threads") { Description = "CPU threads (0 = all cores)", DefaultValueFactory = _ => 0 };
var tokens = new Option<int>("--tokens") { Description = "tokens generated per stream", DefaultValueFactory = _ => 64 };

var streamList = new Option<string>("--streams") { Description = "comma-separated stream counts", DefaultValueFactory = _ => "1,3,5" };
var rounds = new Option<int>("--rounds") { Description = "rounds; each measures every stream count with both engines", DefaultValueFactory = _ => 4 };
var promptTokens = new Option<int>("--prompt-tokens") { Description = "prompt tokens per stream", DefaultValueFactory = _ => 32 };
var json = new Option<FileInfo?>("--json") { Description = "write the pairs and the table as JSON to this file" };
var compare = new Command("compare", "Both engines on the same bare batched decode loop, interleaved, one process per measurement; prints the ratio table.");
foreach (var option in new Option[] { model, streamList, tokens, promptTokens, rounds, threads, json })
{
    compare.Options.Add(option);
}

compare.SetAction(async (result, ct) =>
{
    if (!TryParseCounts(result.GetValue(streamList)!, out var counts))
    {
        return Fail($"--streams must be comma-separated whole numbers from 1 to 512 such as 1,3,5, not '{result.GetValue(streamList)}'.");
    }

    var path = result.GetValue(model)!;
    if (!path.Exists)
    {
        return Fail($"the model {path.FullName} does not exist; make one with `m1p bench scheduler --synthetic qwen3-0.6b:q4_0 " +
                    "--vocab models/test/ggml-vocab-qwen2.gguf` (cached in ~/.cache/m1parallel/synthetic) or give a GGUF file.");
    }

    if (result.GetValue(tokens) < 2 || result.GetValue(rounds) < 1 || result.GetValue(promptTokens) < 1)
    {
        return Fail("--tokens must be at least 2, --rounds and --prompt-tokens at least 1.");
    }

    var promptsFile = Path.Combine(Path.GetTempPath(), $"m1p-bench-prompts-{Guid.NewGuid():N}.json");
    try
    {
        using (var vocabulary = LlamaModel.Load(path.FullName, new LlamaModelOptions { VocabularyOnly = true }))
        {
            // The prompts bench scheduler uses: random ordinary tokens, seeds 1000, 1001, ...
            var prompts = Enumerable.Range(0, counts.Max()).Select(i => SyntheticPrompts.RandomTokens(vocabulary, result.GetValue(promptTokens), 1000 + i)).ToList();
            await File.WriteAllTextAsync(promptsFile, JsonSerializer.Serialize(prompts), ct);
        }

        var settings = new ComparisonSettings(path.FullName, promptsFile, result.GetValue(tokens), ThreadCount(result.GetValue(threads)));
        var loadBefore = MachineLoad.OneMinute();
        var pairs = await EngineComparison.RunAsync(settings, counts, result.GetValue(rounds), new Progress<string>(Console.Error.WriteLine), ct);
        var loadAfter = MachineLoad.OneMinute();
        var rows = counts.Select(s => EngineComparisonRow.From(s, pairs)).ToList();

        Console.WriteLine($"bare batched decode, {settings.Tokens} tokens per stream, {settings.Threads} threads, {Environment.ProcessorCount} cores, " +
                          $"load average {loadBefore:F1} before / {loadAfter:F1} after; medians of {result.GetValue(rounds)} interleaved pairs");
        Console.WriteLine($"{"streams",7} {"binding tok/s",14} {"LLamaSharp tok/s",17} {"LLamaSharp/binding",19} {"range",13}");
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Streams,7} {row.BindingMedian,14:F1} {row.LlamaSharpMedian,17:F1} {row.MedianRatio,18:F2}x {$"{row.MinRatio:F2}-{row.MaxRatio:F2}",13}");
        }

        var libraries = pairs.Count > 0 ? new { binding = pairs[^1].Binding.Libraries, llamasharp = pairs[^1].LlamaSharp.Libraries } : null;
        Console.WriteLine($"binding loads {string.Join(", ", libraries?.binding.Select(Relative) ?? [])}");
        Console.WriteLine($"LLamaSharp loads {string.Join(", ", libraries?.llamasharp.Select(Relative) ?? [])}");
        if (result.GetValue(json) is { } jsonFile)
        {
            await File.WriteAllTextAsync(jsonFile.FullName, JsonSerializer.Serialize(new
            {
                benchmark = "engines",
                model = path.FullName,
                settings.Tokens,
                prompt_tokens = result.GetValue(promptTokens),
                settings.Threads,
                cores = Environment.ProcessorCount,
                load_average_before = loadBefore,
                load_average_after = loadAfter,
                libraries,
                rows,
                pairs,
            }, BenchJson.Options), ct);
        }

        return 0;
    }
    finally
    {
        File.Delete(promptsFile);
    }
});

var engine = new Option<Engine>("--engine") { Description = "binding | llamasharp", Required = true };
var prompts = new Option<FileInfo>("--prompts") { Description = "JSON file of prompts (arrays of token ids)", Required = true };
var streams = new Option<int>("--streams") { Description = "streams: the first N prompts", DefaultValueFactory = _ => 1 };
var run = new Command("run", "One timed bare loop of one engine in this process (what compare runs in each of its processes); prints it as JSON.");
foreach (var option in new Option[] { engine, model, prompts, streams, tokens, threads })
{
    run.Options.Add(option);
}

run.SetAction(async (result, ct) =>
{
    var all = JsonSerializer.Deserialize<int[][]>(await File.ReadAllTextAsync(result.GetValue(prompts)!.FullName, ct)) ?? [];
    var n = result.GetValue(streams);
    if (n < 1 || n > all.Length)
    {
        return Fail($"--streams must be between 1 and the {all.Length} prompts of {result.GetValue(prompts)!.FullName}, not {n}.");
    }

    var measurement = EngineRunner.Measure(result.GetValue(engine), result.GetValue(model)!.FullName, all.Take(n).ToList<IReadOnlyList<int>>(),
        result.GetValue(tokens), ThreadCount(result.GetValue(threads)));
    Console.WriteLine(EngineProcess.ResultPrefix + JsonSerializer.Serialize(measurement, new JsonSerializerOptions(BenchJson.Options) { WriteIndented = false }));
    return 0;
});

var root = new RootCommand("The project's llama.cpp binding beside LLamaSharp on the same bare decode loop (the README's engine comparison).");
root.Subcommands.Add(compare);
root.Subcommands.Add(run);
return await root.Parse(args).InvokeAsync();

static string Relative(string path) => Path.GetRelativePath(AppContext.BaseDirectory, path);

static int ThreadCount(int threads) => threads > 0 ? threads : Environment.ProcessorCount;

static int Fail(string message)
{
    Console.Error.WriteLine($"error: {message}");
    return 2;
}

static bool TryParseCounts(string text, out int[] counts)
{
    counts = [];
    var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var parsed = new List<int>();
    foreach (var part in parts)
    {
        if (!int.TryParse(part, out var count) || count is < 1 or > 512)
        {
            return false;
        }

        parsed.Add(count);
    }

    counts = [.. parsed];
    return counts.Length > 0;
}
