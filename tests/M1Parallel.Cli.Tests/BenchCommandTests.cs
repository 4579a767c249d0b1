using System.CommandLine;
using System.Text.Json;
using M1Parallel.Cli.Commands;
using M1Parallel.Inference.Benchmarks;

namespace M1Parallel.Cli.Tests;

/// <summary>The benchmarks run end to end on the tiny real model and write the JSON they promise (figures are not asserted).</summary>
public sealed class BenchCommandTests : IDisposable
{
    private static readonly string Stories = Path.GetFullPath(Path.Combine(FindRepoRoot(), "..", "shared", "models", "stories260K.gguf"));
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Needs ../shared/models/stories260K.gguf; skipped with the reason where it is absent (CI always has it).</summary>
    private sealed class StoriesFactAttribute : FactAttribute
    {
        public StoriesFactAttribute()
        {
            if (!File.Exists(Stories))
            {
                Skip = $"needs {Stories} (../shared/models), absent in this checkout";
            }
        }
    }

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

    [StoriesFact]
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

    [StoriesFact]
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

    [StoriesFact]
    public async Task Prefix_SharingComputesFewerTokensThanRecomputing()
    {
        var json = await RunAsync("bench", "prefix", "--model", Stories, "--prefix-tokens", "120", "--suffix-tokens", "4", "--repeat", "1");

        var r = json.GetProperty("results");
        Assert.Equal(3 * 124, r.GetProperty("unshared_computed_tokens").GetInt64());
        Assert.True(r.GetProperty("shared_computed_tokens").GetInt64() <= 124 + 3 * 4 + 3,
            $"computed {r.GetProperty("shared_computed_tokens")} tokens with sharing");
    }

    [StoriesFact]
    public async Task Turns_WithReuse_ServesMostPromptTokensFromCache()
    {
        var json = await RunAsync("bench", "turns", "--model", Stories, "--turns", "4", "--system-tokens", "60", "--user-tokens", "10", "--reply-tokens", "6");

        var r = json.GetProperty("results");
        Assert.True(r.GetProperty("with_reuse").GetProperty("reused_share").GetDouble() > 0.7);
        Assert.Equal(0, r.GetProperty("without_reuse").GetProperty("reused_tokens").GetInt64());
    }

    [StoriesFact]
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

    [Fact]
    public void AgentTrace_ShippedTableOneTrace_LoadsWithFiveEightAndTwelveSteps()
    {
        var trace = AgentTrace.Load(Path.Combine(FindRepoRoot(), "experiments", "traces", "gaia-level1-table1.json"));

        Assert.Equal([13, 19, 27], trace.Teams.Select(t => t.Calls.Count)); // survey + plan + 2 per step + final
    }

    [Fact]
    public void AgentTrace_CallWithoutOutput_IsRejectedNamingTeamAndCall()
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, """{"name":"b","teams":[{"calls":[{"append_tokens":1,"output_tokens":0}]}]}""");

        var e = Assert.Throws<FormatException>(() => AgentTrace.Load(path));

        Assert.Contains("team 0 call 0", e.Message);
    }
}
