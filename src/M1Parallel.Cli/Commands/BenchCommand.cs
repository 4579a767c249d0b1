using System.CommandLine;
using System.Text.Json;
using M1Parallel.Benchmarks.Baselines;
using M1Parallel.Benchmarks.Scheduling;
using M1Parallel.Benchmarks.Traces;
using M1Parallel.Cli.Hosting;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Synthetic;
using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Cli.Commands;

/// <summary><c>m1p bench</c>: scheduler, prefix, turns and teams benchmarks; each prints a table and can write JSON.</summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks of the inference scheduler (commands that print a table and write JSON; not tests).");
        command.Subcommands.Add(Scheduler());
        command.Subcommands.Add(Prefix());
        command.Subcommands.Add(Turns());
        command.Subcommands.Add(Teams());
        command.Subcommands.Add(BenchServeCommand.Create());
        return command;
    }

    private sealed record Common(Option<FileInfo?> Model, Option<string?> Synthetic, Option<FileInfo?> Vocab, Option<FileInfo?> JsonOut)
    {
        /// <summary><c>--threads</c> and <c>--gpu-layers</c>, defined and checked as every local backend's are.</summary>
        private LocalBackendOptions Machine { get; init; } = null!;

        public static Common AddTo(Command command)
        {
            var common = new Common(
                new Option<FileInfo?>("--model") { Description = "GGUF model file" },
                new Option<string?>("--synthetic") { Description = "a synthetic model SHAPE:QUANT, made once and cached (e.g. qwen3-0.6b:q4_0)" },
                new Option<FileInfo?>("--vocab") { Description = "vocabulary GGUF for the synthetic model (e.g. models/test/ggml-vocab-qwen2.gguf)" },
                new Option<FileInfo?>("--json") { Description = "write the results as JSON to this file" });
            foreach (var option in new Option[] { common.Model, common.Synthetic, common.Vocab, common.JsonOut })
            {
                command.Options.Add(option);
            }

            return common with { Machine = LocalBackendOptions.AddMachineTo(command) };
        }

        /// <summary>The model to measure; null after writing <c>error: …</c> when an option is refused or it cannot be loaded.</summary>
        public async Task<LlamaModel?> LoadAsync(ParseResult result, CancellationToken ct)
        {
            LocalBackendSettings machine;
            try
            {
                machine = Machine.Read(result);
            }
            catch (InvalidSettingException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"error: {SettingProblem.OnCommandLine(e)}");
                return null;
            }

            return await BenchmarkModel.LoadAsync(result.GetValue(Model), result.GetValue(Synthetic), result.GetValue(Vocab), machine.GpuLayerCount, ct);
        }

        /// <summary>The CPU threads to use: <c>--threads</c>, or every core (read after <see cref="LoadAsync"/> checked it).</summary>
        public int ThreadCount(ParseResult result) => Machine.Read(result).Threads ?? Environment.ProcessorCount;

        public async Task WriteJsonAsync(ParseResult result, string benchmark, LlamaModel model, object data, CancellationToken ct)
        {
            if (result.GetValue(JsonOut) is not { } file)
            {
                return;
            }

            var document = new
            {
                benchmark,
                model = new { path = model.Path, description = model.Description, parameters = model.ParameterCount, bytes = model.SizeBytes },
                machine = new { cores = Environment.ProcessorCount, threads = ThreadCount(result), os = Environment.OSVersion.ToString() },
                at = DateTimeOffset.UtcNow,
                results = data,
            };
            await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(document, Json), ct);
            Console.Error.WriteLine($"wrote {file.FullName}");
        }
    }

    private static readonly Progress<string> Log = new(Console.Error.WriteLine);

    private static Command Scheduler()
    {
        var streams = new Option<string>("--streams") { Description = "comma-separated stream counts", DefaultValueFactory = _ => "1,3,5" };
        var tokens = new Option<int>("--tokens") { Description = "tokens generated per stream", DefaultValueFactory = _ => 64 };
        var prompt = new Option<int>("--prompt-tokens") { Description = "prompt tokens per stream", DefaultValueFactory = _ => 32 };
        var repeat = new Option<int>("--repeat") { Description = "runs per cell; the best is kept", DefaultValueFactory = _ => 3 };
        var pairs = new Option<int>("--client-pairs")
        {
            Description = "back-to-back LocalChatClient / bare loop pairs (one stream); their median ratio is robust to load swings",
            DefaultValueFactory = _ => 7,
        };
        var command = new Command("scheduler", "Aggregate and per-stream generated tokens/s, Batched vs Queued, plus the bare decode loop and LocalChatClient baselines.")
        {
            streams, tokens, prompt, repeat, pairs,
        };
        var common = Common.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var model = await common.LoadAsync(result, ct);
            if (model is null)
            {
                return 2;
            }

            int[] counts;
            try
            {
                counts = result.GetValue(streams)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
            }
            catch (FormatException)
            {
                Console.Error.WriteLine($"error: --streams must be comma-separated whole numbers such as 1,3,5, not '{result.GetValue(streams)}'.");
                return 2;
            }

            var threads = common.ThreadCount(result);
            var n = result.GetValue(tokens);
            var promptText = model.Vocabulary.Detokenize(SyntheticPrompts.RandomTokens(model, result.GetValue(prompt), 1));
            var overhead = await ChatClientOverheadBenchmark.RunAsync(model, promptText, n, threads, result.GetValue(pairs), ct);
            foreach (var pair in overhead.Pairs)
            {
                Console.Error.WriteLine($"  bare {pair.BareTokensPerSecond:F1} tok/s, LocalChatClient {pair.ClientTokensPerSecond:F1} tok/s ({pair.Ratio:P1})");
            }

            Console.Error.WriteLine($"bare decode loop: {overhead.BestBare:F1} tok/s; one stream through LocalChatClient: {overhead.BestClient:F1} tok/s " +
                $"({overhead.BestRatio:P1} of bare, best of each; median of {overhead.Pairs.Count} back-to-back pairs {overhead.MedianRatio:P1}; " +
                $"both with {overhead.PromptTokens} prompt tokens)");
            var rows = await SchedulerBenchmark.RunAsync(model, counts, n, result.GetValue(prompt), threads, result.GetValue(repeat), Log, ct);

            SchedulerBenchmarkRow QueuedOf(SchedulerBenchmarkRow row) => rows.First(q => q.Streams == row.Streams && q.Policy == SchedulingPolicy.Queued);
            double? OverQueued(SchedulerBenchmarkRow row) => row.Policy == SchedulingPolicy.Batched
                ? row.AggregateTokensPerSecond / QueuedOf(row).AggregateTokensPerSecond
                : null;
            // The same ratio for the library alone: n sequences per llama_decode over one at a time. It is the ceiling
            // batching has on this machine and model; the scheduler's ratio is judged against it.
            double? BareOverQueued(SchedulerBenchmarkRow row) => row.Policy == SchedulingPolicy.Batched && QueuedOf(row).BareAggregateTokensPerSecond > 0
                ? row.BareAggregateTokensPerSecond / QueuedOf(row).BareAggregateTokensPerSecond
                : null;
            ConsoleTable.Write(
                Console.Out,
                ["streams", "policy", "aggregate tok/s", "per-stream tok/s", "occupancy", "batched/queued", "bare tok/s", "bare ratio"],
                rows.Select(row => (IReadOnlyList<string>)
                [
                    $"{row.Streams}", $"{row.Policy}", $"{row.AggregateTokensPerSecond:F1}", $"{row.MeanStreamTokensPerSecond:F1}", $"{row.BatchOccupancy:F2}",
                    OverQueued(row) is { } r ? $"{r:F2}x" : "", $"{row.BareAggregateTokensPerSecond:F1}", BareOverQueued(row) is { } b ? $"{b:F2}x" : "",
                ]),
                textColumns: 0);

            await common.WriteJsonAsync(result, "scheduler", model, new
            {
                bare_decode_tokens_per_second = overhead.BestBare,
                local_chat_client_tokens_per_second = overhead.BestClient,
                client_over_bare = overhead.BestRatio,
                client_over_bare_median_pair = overhead.MedianRatio,
                client_overhead_pairs = overhead.Pairs.Select(p => new { bare = p.BareTokensPerSecond, client = p.ClientTokensPerSecond, ratio = p.Ratio }),
                client_overhead_prompt_tokens = overhead.PromptTokens,
                rows = rows.Select(r => new
                {
                    r.Streams, policy = r.Policy.ToString().ToLowerInvariant(), aggregate_tokens_per_second = r.AggregateTokensPerSecond,
                    per_stream_tokens_per_second = r.MeanStreamTokensPerSecond, wall_seconds = r.WallSeconds, batch_occupancy = r.BatchOccupancy,
                    batched_over_queued = OverQueued(r),
                    bare_aggregate_tokens_per_second = r.BareAggregateTokensPerSecond,
                    bare_batched_over_one_at_a_time = BareOverQueued(r),
                }),
            }, ct);
            return 0;
        });
        return command;
    }

    private static Command Prefix()
    {
        var sequences = new Option<int>("--sequences") { DefaultValueFactory = _ => 3, Description = "sequences sharing the prefix" };
        var prefix = new Option<int>("--prefix-tokens") { DefaultValueFactory = _ => 500, Description = "shared prefix length" };
        var suffix = new Option<int>("--suffix-tokens") { DefaultValueFactory = _ => 16, Description = "distinct suffix per sequence" };
        var repeat = new Option<int>("--repeat") { DefaultValueFactory = _ => 3, Description = "runs per mode; the best is kept" };
        var command = new Command("prefix", "Sequences sharing a long prefix: pre-fill time with the prefix computed once and copied, versus computed for each.")
        {
            sequences, prefix, suffix, repeat,
        };
        var common = Common.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            using var model = await common.LoadAsync(result, ct);
            if (model is null)
            {
                return 2;
            }

            var r = await PrefixBenchmark.RunAsync(model, result.GetValue(sequences), result.GetValue(prefix), result.GetValue(suffix),
                common.ThreadCount(result), result.GetValue(repeat), ct);
            Console.WriteLine($"{r.Sequences} sequences × ({r.PrefixTokens} shared + {r.SuffixTokens}) tokens");
            Console.WriteLine($"  shared prefix:   {r.SharedSeconds * 1000,8:F0} ms, {r.SharedComputedTokens,6} tokens computed");
            Console.WriteLine($"  no sharing:      {r.UnsharedSeconds * 1000,8:F0} ms, {r.UnsharedComputedTokens,6} tokens computed");
            Console.WriteLine($"  speed-up:        {r.Speedup:F2}x");
            await common.WriteJsonAsync(result, "prefix", model, r, ct);
            return 0;
        });
        return command;
    }

    private static Command Turns()
    {
        // Defaults: the shape of the shipped synthetic Table 1 trace (800-token system prompt + 120-token task; calls append ~70 tokens, reply ~100).
        var turns = new Option<int>("--turns") { DefaultValueFactory = _ => 10, Description = "conversation turns" };
        var system = new Option<int>("--system-tokens") { DefaultValueFactory = _ => 920, Description = "first prompt before the first turn (system prompt and task)" };
        var user = new Option<int>("--user-tokens") { DefaultValueFactory = _ => 70, Description = "new input per turn" };
        var reply = new Option<int>("--reply-tokens") { DefaultValueFactory = _ => 100, Description = "reply length per turn" };
        var trace = new Option<FileInfo?>("--trace") { Description = "take the conversation from one team of an agent trace instead (its first --turns calls)" };
        var team = new Option<int>("--team") { DefaultValueFactory = _ => 0, Description = "which team of --trace (0 = first)" };
        var command = new Command("turns", "An agent-like conversation with a growing history: prompt tokens reused from the KV cache and total pre-fill time, with and without slot reuse.")
        {
            turns, system, user, reply, trace, team,
        };
        var common = Common.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            TurnsWorkload workload;
            try
            {
                workload = result.GetValue(trace) is { } file
                    ? TurnsWorkload.FromTrace(AgentTrace.Load(file.FullName), result.GetValue(team), result.GetValue(turns))
                    : TurnsWorkload.Uniform(result.GetValue(turns), result.GetValue(system), result.GetValue(user), result.GetValue(reply));
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentOutOfRangeException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            using var model = await common.LoadAsync(result, ct);
            if (model is null)
            {
                return 2;
            }

            var (with, without) = await TurnsBenchmark.RunAsync(model, workload, common.ThreadCount(result), Log, ct);
            Console.WriteLine($"{workload.Turns.Count} turns after a {workload.SystemTokens}-token first prompt; at most {workload.ReuseCeiling:P1} of prompt tokens can come from the cache");
            ConsoleTable.Write(
                Console.Out,
                ["mode", "prompt tokens", "reused", "share", "pre-fill ms"],
                new[] { with, without }.Select(m => (IReadOnlyList<string>)
                    [m.Reuse ? "reuse" : "no reuse", $"{m.PromptTokens}", $"{m.ReusedTokens}", $"{m.ReusedShare:P1}", $"{m.PrefillSeconds * 1000:F0}"]));

            Console.WriteLine($"pre-fill {without.PrefillSeconds / with.PrefillSeconds:F1}x faster with reuse");
            await common.WriteJsonAsync(result, "turns", model, new
            {
                turns = workload.Turns.Count,
                system_tokens = workload.SystemTokens,
                trace = result.GetValue(trace)?.FullName,
                reuse_ceiling = workload.ReuseCeiling,
                with_reuse = new { with.PromptTokens, with.ReusedTokens, with.ReusedShare, with.PrefillSeconds },
                without_reuse = new { without.PromptTokens, without.ReusedTokens, without.ReusedShare, without.PrefillSeconds },
                prefill_speedup = without.PrefillSeconds / with.PrefillSeconds,
            }, ct);
            return 0;
        });
        return command;
    }

    private static Command Teams()
    {
        var trace = new Option<FileInfo>("--trace") { Description = "agent trace JSON: one exported from stored runs by 'm1p trace export', or the shipped synthetic experiments/traces/gaia-level1-table1-synthetic.json (shaped by hand, not recorded)", Required = true };
        var teams = new Option<int>("--teams") { DefaultValueFactory = _ => 3, Description = "concurrent teams" };
        var scale = new Option<double>("--scale") { DefaultValueFactory = _ => 1.0, Description = "multiply every token count (e.g. 0.25 on a CPU box)" };
        var command = new Command("teams", "Replays agent traces as n concurrent teams through the scheduler: Batched vs Queued vs one team alone; first- and last-finish latency.")
        {
            trace, teams, scale,
        };
        var common = Common.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            AgentTrace loaded;
            try
            {
                loaded = AgentTrace.Load(result.GetValue(trace)!.FullName).Scale(result.GetValue(scale));
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            using var model = await common.LoadAsync(result, ct);
            if (model is null)
            {
                return 2;
            }

            Console.WriteLine($"trace {loaded.Name}: {loaded.OriginText}");
            var rows = await TeamsBenchmark.RunAsync(model, loaded, result.GetValue(teams), common.ThreadCount(result), Log, ct);
            ConsoleTable.Write(
                Console.Out,
                ["mode", "teams", "first finish s", "last finish s", "generated", "reused prompt"],
                rows.Select(row => (IReadOnlyList<string>)
                    [$"{row.Mode}", $"{row.Teams}", $"{row.FirstFinishSeconds:F2}", $"{row.LastFinishSeconds:F2}", $"{row.GeneratedTokens}", $"{row.ReusedPromptTokens}"]));

            await common.WriteJsonAsync(result, "teams", model, new { trace = loaded.Name, origin = loaded.Origin, scale = result.GetValue(scale), rows }, ct);
            return 0;
        });
        return command;
    }
}
