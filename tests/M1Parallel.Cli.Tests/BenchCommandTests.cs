using System.CommandLine;
using System.Text.Json;
using M1Parallel.Cli.Commands;

namespace M1Parallel.Cli.Tests;

/// <summary>The benchmarks run end to end on the tiny real model and write the JSON they promise (figures are not asserted).</summary>
public sealed class BenchCommandTests : IDisposable
{
    private static readonly string Stories = Path.Combine(FindRepoRoot(), "models", "test", "stories260K.gguf");
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "M1Parallel.Local.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    private async Task<JsonElement> RunAsync(params string[] args)
    {
        var json = Path.Combine(_dir, "out.json");
        var root = new RootCommand("test") { BenchCommand.Create() };
        var exit = await root.Parse([.. args, "--json", json, "--threads", "2"]).InvokeAsync();
        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Scheduler_WritesBothPoliciesPerStreamCountWithTheirRatio()
    {
        var json = await RunAsync("bench", "scheduler", "--model", Stories, "--streams", "1,2", "--tokens", "8", "--repeat", "1", "--client-pairs", "1");

        var rows = json.GetProperty("results").GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(["batched", "queued", "batched", "queued"], rows.Select(r => r.GetProperty("policy").GetString()));
        Assert.True(rows[2].GetProperty("batched_over_queued").GetDouble() > 0);
        // Each row has the bare loop's figure on the same prompts; batched rows also the bare loop's own batching ratio.
        Assert.All(rows, r => Assert.True(r.GetProperty("bare_aggregate_tokens_per_second").GetDouble() > 0));
        Assert.Equal(rows[2].GetProperty("bare_aggregate_tokens_per_second").GetDouble() / rows[3].GetProperty("bare_aggregate_tokens_per_second").GetDouble(),
            rows[2].GetProperty("bare_batched_over_one_at_a_time").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, rows[3].GetProperty("bare_batched_over_one_at_a_time").ValueKind);
        Assert.True(json.GetProperty("results").GetProperty("bare_decode_tokens_per_second").GetDouble() > 0);
        Assert.Equal("scheduler", json.GetProperty("benchmark").GetString());
    }

    [Fact]
    public async Task Scheduler_ComparesLocalChatClientWithTheBareLoopInBackToBackPairsOfEqualPromptLength()
    {
        var json = await RunAsync("bench", "scheduler", "--model", Stories, "--streams", "1", "--tokens", "8", "--repeat", "1", "--client-pairs", "2");

        var r = json.GetProperty("results");
        var pairs = r.GetProperty("client_overhead_pairs").EnumerateArray().ToList();
        Assert.Equal(2, pairs.Count);
        Assert.All(pairs, p => Assert.True(p.GetProperty("bare").GetDouble() > 0 && p.GetProperty("client").GetDouble() > 0));
        // The bare loop is given as many prompt tokens as the client sent, chat formatting included (more than the 32 raw tokens).
        Assert.True(r.GetProperty("client_overhead_prompt_tokens").GetInt32() > 32);
        Assert.Equal(pairs.Max(p => p.GetProperty("client").GetDouble()) / pairs.Max(p => p.GetProperty("bare").GetDouble()),
            r.GetProperty("client_over_bare").GetDouble(), 9);
    }

    [Fact]
    public async Task Prefix_SharingComputesFewerTokensThanRecomputing()
    {
        var json = await RunAsync("bench", "prefix", "--model", Stories, "--prefix-tokens", "120", "--suffix-tokens", "4", "--repeat", "1");

        var r = json.GetProperty("results");
        Assert.Equal(3 * 124, r.GetProperty("unshared_computed_tokens").GetInt64());
        Assert.True(r.GetProperty("shared_computed_tokens").GetInt64() <= 124 + 3 * 4 + 3,
            $"computed {r.GetProperty("shared_computed_tokens")} tokens with sharing");
    }

    [Fact]
    public async Task Turns_WithReuse_PrefillsOnlyEachTurnsNewInputAndTheReplysUndecodedLastToken()
    {
        var json = await RunAsync("bench", "turns", "--model", Stories, "--turns", "4", "--system-tokens", "60", "--user-tokens", "10", "--reply-tokens", "6");

        var r = json.GetProperty("results");
        var with = r.GetProperty("with_reuse");
        Assert.Equal(4 * 60 + 10 * (1 + 2 + 3 + 4) + 6 * (0 + 1 + 2 + 3), with.GetProperty("prompt_tokens").GetInt64());
        // computed: the whole first prompt (70), then per later turn its 10 new tokens plus the previous reply's last token
        Assert.Equal(376 - 70 - 3 * 11, with.GetProperty("reused_tokens").GetInt64());
        Assert.Equal((376 - 70 - 3 * 10) / 376.0, r.GetProperty("reuse_ceiling").GetDouble(), 9);
        Assert.Equal(0, r.GetProperty("without_reuse").GetProperty("reused_tokens").GetInt64());
    }

    [Fact]
    public async Task Turns_FromTrace_ReplaysTheTeamsFirstCalls()
    {
        var trace = Path.Combine(_dir, "trace.json");
        await File.WriteAllTextAsync(trace, """
            {"name":"t","system_prompt_tokens":30,"task_tokens":10,"teams":[
              {"calls":[{"append_tokens":50,"output_tokens":50}]},
              {"calls":[{"append_tokens":5,"output_tokens":4},{"append_tokens":7,"output_tokens":3},{"append_tokens":9,"output_tokens":2}]}]}
            """);

        var json = await RunAsync("bench", "turns", "--model", Stories, "--trace", trace, "--team", "1", "--turns", "2");

        var r = json.GetProperty("results");
        Assert.Equal(2, r.GetProperty("turns").GetInt32());
        Assert.Equal(40, r.GetProperty("system_tokens").GetInt32());
        Assert.Equal((40 + 5) + (40 + 5 + 4 + 7), r.GetProperty("with_reuse").GetProperty("prompt_tokens").GetInt64());
    }

    [Fact]
    public async Task Turns_TraceWithoutThatTeam_FailsBeforeLoadingTheModel()
    {
        var trace = Path.Combine(_dir, "trace.json");
        await File.WriteAllTextAsync(trace, """{"name":"t","teams":[{"calls":[{"append_tokens":5,"output_tokens":4}]}]}""");

        var (exit, _, _) = await ExperimentsCliHarness.InvokeAsync(BenchCommand.Create(),
            "bench", "turns", "--model", Path.Combine(_dir, "absent.gguf"), "--trace", trace, "--team", "3");

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Teams_ReplaysATraceInThreeModes()
    {
        var trace = Path.Combine(_dir, "trace.json");
        await File.WriteAllTextAsync(trace, """
            {"name":"t","system_prompt_tokens":30,"task_tokens":10,"teams":[
              {"calls":[{"append_tokens":5,"output_tokens":4,"tool_ms":0}]},
              {"calls":[{"append_tokens":5,"output_tokens":4,"tool_ms":0},{"append_tokens":5,"output_tokens":4,"tool_ms":1}]}]}
            """);

        var json = await RunAsync("bench", "teams", "--model", Stories, "--trace", trace, "--teams", "2");

        var rows = json.GetProperty("results").GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["batched", "queued", "alone"], rows.Select(r => r.GetProperty("mode").GetString()));
        Assert.Equal(1, rows[2].GetProperty("teams").GetInt32());
        Assert.All(rows, r => Assert.True(r.GetProperty("last_finish_seconds").GetDouble() >= r.GetProperty("first_finish_seconds").GetDouble()));
    }
}
