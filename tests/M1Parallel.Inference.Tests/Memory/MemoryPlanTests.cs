using System.Text.RegularExpressions;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Synthetic;

namespace M1Parallel.Inference.Tests.Memory;

public sealed class MemoryPlanTests
{
    private const long GiB = 1L << 30;
    private static readonly ModelMemoryShape Qwen3_32B = Qwen3Headers.Shape(ModelShape.Qwen3_32B);

    private static MemoryDevice Gpu(double freeGiB) => new("CUDA0 (test GPU)", (long)(freeGiB * GiB), IsGpu: true, "injected");

    // The paper's setting: five teams, each with Qwen3-32B's 32k context.
    private static MemoryPlan FiveTeams(KvCacheType type = KvCacheType.F16) => new(Qwen3_32B, 5 * 32768, 5, type, 512);

    [Fact]
    public void KvCache_FiveSequencesOf32kOnQwen3_32B_Is8GiBEach_40GiBInAll()
    {
        var plan = FiveTeams();

        Assert.Equal(32768, plan.ContextPerSequence);
        Assert.Equal(8 * GiB, plan.KvBytesPerSequence);
        Assert.Equal(40 * GiB, plan.KvBytes);
        Assert.Equal(Qwen3_32B.WeightBytes, plan.WeightBytes);
        Assert.Equal(plan.WeightBytes + plan.KvBytes + plan.ComputeBytes, plan.TotalBytes);
    }

    [Fact]
    public void KvCache_Quantized_TakesItsShareOfF16()
    {
        Assert.Equal(40 * GiB * 34 / 64, FiveTeams(KvCacheType.Q8_0).KvBytes);
        Assert.Equal(40 * GiB * 18 / 64, FiveTeams(KvCacheType.Q4_0).KvBytes);
    }

    [Fact]
    public void ComputeBytes_Qwen3_32B_IsTheStatedEstimate()
    {
        var plan = FiveTeams();

        // f32 logits of a 512-token batch + one layer's f32 activations + one layer's f16 K/V over the 163,840-token context.
        long logits = 151936L * 512 * 4, activations = 512L * ((4 * 5120) + (2 * 64 * 128) + (3 * 25600)) * 4, attention = 163840L * 8 * 256 * 2;
        Assert.Equal(logits + activations + attention, plan.ComputeBytes);
    }

    [Fact]
    public void Refusal_WhenThePlanFits_IsNull()
    {
        Assert.Null(FiveTeams().Refusal(Gpu(139)));
    }

    [Fact]
    public void Refusal_WhenThePlanDoesNotFit_SaysWhatItNeedsAndEveryFixThatWouldFit()
    {
        var plan = FiveTeams();
        var device = Gpu(48);

        var refusal = plan.Refusal(device);

        Assert.NotNull(refusal);
        Assert.Contains($"needs {MemoryPlan.Bytes(plan.TotalBytes)}", refusal);
        Assert.Contains("CUDA0 (test GPU) has 48.00 GiB free", refusal);
        Assert.Contains("fewer sequences (sequences: 3 fits at context_per_sequence 32768)", refusal);
        Assert.Contains("kv_cache_type: q8_0 needs", refusal);
        Assert.Contains("kv_cache_type: q4_0 needs", refusal);
        var context = int.Parse(Regex.Match(refusal, @"context_per_sequence: (\d+) fits 5 sequences").Groups[1].Value);
        Assert.True(new MemoryPlan(Qwen3_32B, context * 5, 5, KvCacheType.F16, 512).TotalBytes <= device.FreeBytes);
        Assert.True(new MemoryPlan(Qwen3_32B, (context + 256) * 5, 5, KvCacheType.F16, 512).TotalBytes > device.FreeBytes);
    }

    [Fact]
    public void Refusal_OtherBackendsOnTheDevice_LeaveLessRoom()
    {
        var plan = FiveTeams(KvCacheType.Q8_0);

        Assert.Null(plan.Refusal(Gpu(48)));
        Assert.Contains("beside", plan.Refusal(Gpu(48), otherBytes: 20 * GiB));
    }

    [Fact]
    public void Refusal_WeightsAloneDoNotFit_SaysToUseASmallerModelFile()
    {
        var refusal = new MemoryPlan(Qwen3_32B, 512, 1, KvCacheType.Q4_0, 512).Refusal(Gpu(10));

        Assert.Contains("weights and compute buffers alone do not fit", refusal);
        Assert.Contains("smaller quantization", refusal);
    }

    [Fact]
    public void Constructor_QuantizedCacheOnHeadsNotAMultipleOf32Wide_IsRefusedNamingF16()
    {
        var narrow = Qwen3_32B with { KeyLength = 8, ValueLength = 8 };

        var error = Assert.Throws<ArgumentException>(() => new MemoryPlan(narrow, 1024, 1, KvCacheType.Q8_0, 512));

        Assert.Contains("kv_cache_type f16", error.Message);
    }

    [Fact]
    public void Describe_ListsEachPartWithHowItWasWorkedOut()
    {
        var lines = FiveTeams().Describe(Gpu(139));

        Assert.Contains(lines, l => l.StartsWith("weights", StringComparison.Ordinal) && l.Contains("GGUF tensor sizes"));
        Assert.Contains(lines, l => l.StartsWith("KV cache", StringComparison.Ordinal) && l.Contains("5 sequences × 32,768 tokens × 256.0 KiB/token (f16) = 8.00 GiB per sequence"));
        Assert.Contains(lines, l => l.StartsWith("compute buffers", StringComparison.Ordinal) && l.Contains("estimate"));
        Assert.Contains(lines, l => l.StartsWith("total", StringComparison.Ordinal) && l.Contains("of 139.00 GiB free (CUDA0 (test GPU), injected)"));
    }

    [Fact]
    public void PartialOffload_CountsTheOffloadedLayersShareOnTheDevice()
    {
        var half = new MemoryPlan(Qwen3_32B, 32768, 1, KvCacheType.F16, 512, layerShare: 0.5);

        Assert.Equal(4 * GiB, half.KvBytes);
        Assert.Equal((long)Math.Ceiling(Qwen3_32B.WeightBytes * 0.5), half.WeightBytes);
    }
}
