using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Scheduling;
using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Experiments.Tests.Specs;

public sealed class LocalBackendSettingsTests
{
    private static ExperimentSpec Spec(string backend) => ExperimentSpecLoader.Parse(
        $"name: m\nsuite: {{ path: s }}\nbackends: {{ local: {{ kind: local, model: m.gguf, {backend} }} }}\nmethods:\n  - {{ name: a, kind: early_stop, teams: 3 }}\n",
        "/specs/local.yaml");

    private static SpecError Refused(string backend) =>
        Assert.Single(Assert.Throws<SpecValidationException>(() => Spec(backend)).Errors);

    [Fact]
    public void ContextPerSequence_InASpec_GivesEachSequenceThatContextAndLlamaCppTheProduct()
    {
        var local = Spec("context_per_sequence: 32768, sequences: 5").Backends["local"].Local!;

        var scheduler = local.SchedulerOptions(local.SequencesFor(3));

        Assert.Equal(32768, local.ContextPerSequence);
        Assert.Equal(5, scheduler.MaxSequences);
        Assert.Equal(5 * 32768, scheduler.ContextSize);
    }

    [Fact]
    public void ContextPerSequence_WithoutSequences_MultipliesByTheTeamsRunAtOnce()
    {
        var local = Spec("context_per_sequence: 4096").Backends["local"].Local!;

        Assert.Equal(3 * 4096, local.SchedulerOptions(local.SequencesFor(3)).ContextSize);
    }

    [Fact]
    public void ContextTokens_InAnOlderSpec_StillLoadsAsTheTotalEverySequenceShares()
    {
        var local = Spec("context_tokens: 32768, sequences: 3").Backends["local"].Local!;

        Assert.Equal(32768, local.SchedulerOptions(3).ContextSize);
        Assert.Null(local.ContextPerSequence);
    }

    [Fact]
    public void ContextPerSequenceAndContextTokens_Together_AreRefusedNamingBoth()
    {
        var error = Refused("context_tokens: 32768, context_per_sequence: 8192");

        Assert.Equal("backends.local.context_per_sequence", error.Key);
        Assert.Contains("context_per_sequence", error.Problem);
        Assert.Contains("context_tokens", error.Problem);
        Assert.Contains("not both", error.Problem);
    }

    [Theory]
    [InlineData("context_per_sequence: 100", "context_per_sequence", "100 is below the minimum 256")]
    [InlineData("context_tokens: 100", "context_tokens", "100 is below the minimum 512")]
    [InlineData("sequences: 0", "sequences", "0 is below the minimum 1")]
    [InlineData("sequences: 300", "sequences", "300 is above the maximum 256")]
    [InlineData("threads: 0", "threads", "0 is below the minimum 1")]
    [InlineData("gpu_layers: -2", "gpu_layers", "-2 is below the minimum -1")]
    [InlineData("kv_cache_type: q5_1", "kv_cache_type", "'q5_1' is not one of f16, q4_0, q8_0")]
    public void BadLocalSetting_InASpec_IsRefusedAtItsKey(string backend, string key, string problem)
    {
        var error = Refused(backend);

        Assert.Equal($"backends.local.{key}", error.Key);
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void KvCacheTypeAndGpuLayers_InASpec_ReachTheSchedulerAndTheSettings()
    {
        var local = Spec("kv_cache_type: q8_0, gpu_layers: 20").Backends["local"].Local!;

        Assert.Equal(KvCacheType.Q8_0, local.SchedulerOptions(1).KvCacheType);
        Assert.Equal(20, local.GpuLayers);
    }

    [Theory]
    [InlineData("context_per_sequence: 4096")]
    [InlineData("kv_cache_type: q8_0")]
    [InlineData("gpu_layers: 0")]
    public void LocalOnlyKey_OnAHostedBackend_IsRefused(string key)
    {
        var error = Assert.Single(Assert.Throws<SpecValidationException>(() => ExperimentSpecLoader.Parse(
            $"name: m\nsuite: {{ path: s }}\nbackends: {{ gpt: {{ kind: hosted, model: gpt-4o, base_url: 'https://api.example.com/v1', {key} }} }}\nmethods:\n  - {{ name: a, kind: single }}\n",
            "/specs/hosted.yaml")).Errors);

        Assert.Equal($"backends.gpt.{key.Split(':')[0]}", error.Key);
        Assert.Contains("local backends only", error.Problem);
    }

    [Fact]
    public void Settings_InCode_AreCheckedAsASpecIsWithTheSameKey()
    {
        var error = Assert.Throws<InvalidSettingException>(() => new LocalBackendSettings { ContextPerSequence = 1024 } with { ContextTokens = 4096 });

        Assert.Equal("context_tokens", error.Key);
        Assert.Contains("not both", error.Problem);
    }

    [Fact]
    public void SchedulerOptions_NothingGiven_LeaveTheContextAutomaticAndUseEveryCore()
    {
        var options = new LocalBackendSettings().SchedulerOptions(2);

        Assert.Equal(0, options.ContextSize);
        Assert.Equal(0, options.Threads);
        Assert.Equal(-1, new LocalBackendSettings().GpuLayerCount);
        Assert.Equal(SchedulingPolicy.Batched, options.Policy);
        Assert.Equal(KvCacheType.F16, options.KvCacheType);
    }

    [Fact]
    public void OnMachine_FillsOnlyTheThreadsAndGpuLayersTheBackendLeavesUnset()
    {
        var machine = new LocalBackendSettings { Threads = 3, GpuLayers = 0, ContextPerSequence = 999, Sequences = 9 };

        var unset = new LocalBackendSettings { ContextPerSequence = 4096 }.OnMachine(machine);
        var set = new LocalBackendSettings { Threads = 8, GpuLayers = 20 }.OnMachine(machine);

        Assert.Equal((3, 0), (unset.Threads, unset.GpuLayers));
        Assert.Equal(3, unset.SchedulerOptions(2).Threads);
        Assert.Equal((4096, (int?)null), (unset.ContextPerSequence, unset.Sequences));
        Assert.Equal((8, 20), (set.Threads, set.GpuLayers));
    }

    [Fact]
    public void SchedulerOptions_ContextTooLargeForOneContext_IsRefusedAtContextPerSequence()
    {
        var error = Assert.Throws<InvalidSettingException>(() => new LocalBackendSettings { ContextPerSequence = 100_000_000 }.SchedulerOptions(256));

        Assert.Equal("context_per_sequence", error.Key);
    }
}
