using System.Globalization;
using System.Text.Json;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Memory;
using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Experiments.Running;

/// <summary>
/// What a method's results depend on, as a flat JSON object: the method's settings, the experiment's seed and run limit,
/// and every backend it uses (model file name, scheduler, context, sequences, threads, GPU layers, KV cache type, output
/// cap, endpoint, prices).
/// Keys are spelled as the spec's and never renamed (stored configurations are compared key by key); a new setting adds
/// a key, which stores written before it simply lack.
/// </summary>
public static class MethodConfiguration
{
    /// <summary>The configuration of <paramref name="method"/> in <paramref name="spec"/> as canonical JSON (keys sorted).</summary>
    public static string Describe(ExperimentSpec spec, MethodSpec method)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(method);
        var settings = method.Settings;
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["experiment.seed"] = Text(spec.Seed),
            ["experiment.run_seconds"] = Text(spec.RunTimeout.TotalSeconds),
            ["method.kind"] = ExperimentSpecLoader.Snake(settings.Kind),
            ["method.teams"] = Text(settings.Teams),
            ["method.k"] = settings.K is { } k ? Text(k) : "-",
            ["method.aggregator"] = settings.Aggregator is { } a ? ExperimentSpecLoader.Snake(a) : "-",
            ["method.planning"] = ExperimentSpecLoader.Snake(settings.Planning),
            ["method.backend"] = method.Routes.Backend,
            ["method.max_steps"] = Text(settings.Team.MaxSteps),
            ["method.max_stalls"] = Text(settings.Team.MaxStalls),
            ["method.max_ledger_attempts"] = Text(settings.Team.MaxLedgerAttempts),
            ["method.replans"] = Text(settings.Replans),
            ["method.enable_thinking"] = settings.Team.EnableThinking ? "true" : "false",
            ["method.agents"] = string.Join(",", settings.Team.Agents.ToWireNames()),
            ["method.on_limit"] = ExperimentSpecLoader.Snake(settings.Team.OnLimit),
            ["method.code_network"] = settings.Team.Terminal.Network ? "true" : "false",
        };
        foreach (var role in TeamRoles.All)
        {
            values[$"method.routes.{role.ToWireName()}"] = method.Routes.BackendFor(role);
        }

        foreach (var name in method.Routes.BackendsUsed)
        {
            if (!spec.Backends.TryGetValue(name, out var backend))
            {
                continue;
            }

            var prefix = $"backends.{name}.";
            values[prefix + "kind"] = ExperimentSpecLoader.Snake(backend.Kind);
            values[prefix + "model"] = backend.Kind == BackendKind.Local ? Path.GetFileName(backend.Model) : backend.Model;
            values[prefix + "max_output_tokens"] = backend.MaxOutputTokens is { } max ? Text(max) : "-";
            values[prefix + "prompt_usd_per_million"] = Text(backend.PromptUsdPerMillion);
            values[prefix + "completion_usd_per_million"] = Text(backend.CompletionUsdPerMillion);
            if (backend.Local is { } local)
            {
                values[prefix + "scheduler"] = ExperimentSpecLoader.Snake(local.Scheduler);
                values[prefix + "context_tokens"] = local.ContextTokens is { } c ? Text(c) : "-";
                values[prefix + "context_per_sequence"] = local.ContextPerSequence is { } p ? Text(p) : "-";
                values[prefix + "sequences"] = local.Sequences is { } s ? Text(s) : "-";
                values[prefix + "threads"] = local.Threads is { } t ? Text(t) : "-";
                values[prefix + "gpu_layers"] = local.GpuLayers is { } g ? Text(g) : "-";
                values[prefix + "kv_cache_type"] = local.KvCacheType.Name();
            }
            else
            {
                values[prefix + "base_url"] = backend.BaseUrl?.AbsoluteUri ?? "-";
            }
        }

        return JsonSerializer.Serialize(values);
    }

    /// <summary>
    /// The settings that differ between a stored and a current configuration, as <c>key: stored → current</c>. Keys only
    /// one side has (written by another m1p version) are not compared, except a key whose absence meant another
    /// behaviour than its default; text that is not a configuration reads as one change.
    /// </summary>
    public static IReadOnlyList<string> Differences(string stored, string current)
    {
        var before = Parse(stored);
        var after = Parse(current);
        if (before is null || after is null)
        {
            return [$"the recorded configuration cannot be read: {Shorten(stored)}"];
        }

        return before.Where(kv => after.TryGetValue(kv.Key, out var now) && now != kv.Value)
            .Select(kv => $"{kv.Key}: {kv.Value} → {after[kv.Key]}")
            .ToList();
    }

    /// <summary>What a configuration recorded before a key existed did, where that differs from the key's default: runs
    /// stored before <c>on_limit</c> gave a best guess at the turn limit, and runs stored before <c>code_network</c> ran
    /// code without network (where the machine allowed it), and runs stored before <c>max_ledger_attempts</c> tried a
    /// progress ledger 3 times, so they read and show as such.</summary>
    private static readonly IReadOnlyDictionary<string, string> BeforeTheKey = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["method.on_limit"] = "best_guess",
        ["method.code_network"] = "false",
        ["method.max_ledger_attempts"] = "3",
    };

    /// <summary>A recorded configuration's settings by key (a key recorded before it existed reads as what those runs
    /// did), or null when the text is not one.</summary>
    public static IReadOnlyDictionary<string, string>? Read(string json) => Parse(json);

    private static Dictionary<string, string>? Parse(string json)
    {
        Dictionary<string, string>? values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return null;
        }

        foreach (var (key, value) in BeforeTheKey)
        {
            values?.TryAdd(key, value);
        }

        return values;
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
