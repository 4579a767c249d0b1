using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Synthetic;
using M1Parallel.Inference.Tests.Synthetic;

namespace M1Parallel.Inference.Tests.Memory;

public sealed class ModelMemoryShapeTests
{
    [Fact]
    public void FromHeader_Qwen3_32B_TakesAQuarterMebibytePerTokenInF16()
    {
        var shape = Qwen3Headers.Shape(ModelShape.Qwen3_32B);

        // 2 (K and V) × 64 layers × 8 KV heads × 128 wide × 2 bytes.
        Assert.Equal(64, shape.LayerCount);
        Assert.Equal(8, shape.KvHeadCount);
        Assert.Equal(128, shape.KeyLength);
        Assert.Equal(2 * 64 * 8 * 128 * 2, shape.KvBytesPerToken(KvCacheType.F16));
        Assert.Equal(2 * 64 * 8 * 128 * 34 / 32.0, shape.KvBytesPerToken(KvCacheType.Q8_0));
        Assert.Equal(2 * 64 * 8 * 128 * 18 / 32.0, shape.KvBytesPerToken(KvCacheType.Q4_0));
    }

    [Fact]
    public void FromCatalog_AModelNotDownloaded_HasTheSameKvAndComputeShapeAsItsHeader()
    {
        var entry = new ModelCatalog.Entry("qwen3-32b-q4_k_m", null, "https://huggingface.co/o/r", "Qwen3-32B-Q4_K_M.gguf", null,
            19_800_000_000, "qwen3", 64, 5120, null);
        var header = Qwen3Headers.Shape(ModelShape.Qwen3_32B);

        var planned = ModelMemoryShape.FromCatalog(entry)!;

        Assert.Equal(19_800_000_000, planned.WeightBytes);
        Assert.Equal(header with { WeightBytes = planned.WeightBytes }, planned);
    }

    [Theory]
    [InlineData("qwen3", 36, 4096, 5_000_000_000L)]
    [InlineData("llama", 64, 5120, 19_800_000_000L)]
    [InlineData("qwen3", 64, 5120, null)]
    public void FromCatalog_UnknownLayoutOrNoPublishedSize_GivesNoShape(string architecture, int blocks, int width, long? bytes)
    {
        var entry = new ModelCatalog.Entry("m", null, "https://huggingface.co/o/r", "m.gguf", null, bytes, architecture, blocks, width, null);

        Assert.Null(ModelMemoryShape.FromCatalog(entry));
    }

    [Fact]
    public void FromHeader_Qwen3_32B_Q4_K_M_WeighsItsTensorTable()
    {
        var shape = Qwen3Headers.Shape(ModelShape.Qwen3_32B);

        Assert.Equal(SyntheticModelBuilder.Plan(ModelShape.Qwen3_32B, SyntheticQuantization.Q4_K_M, Qwen3Headers.QwenVocabulary).TensorBytes, shape.WeightBytes);
        Assert.Equal(Qwen3Headers.QwenVocabulary, shape.VocabularySize);
        Assert.Equal(40960, shape.TrainedContextLength);
    }

    [Fact]
    public async Task FromGguf_SyntheticQwen3TinyFile_ReadsTheSameShapeAsItsHeader()
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.gguf");
        var plan = await new SyntheticModelBuilder(new SyntheticModelOptions(ModelShape.Qwen3Tiny, SyntheticQuantization.Q8_0, path)).WriteAsync();

        var shape = ModelMemoryShape.FromGguf(GgufFile.Read(path));

        Assert.Equal("qwen3", shape.Architecture);
        Assert.Equal(plan.TensorBytes, shape.WeightBytes);
        Assert.Equal(2 * 2 * 2 * 64, shape.KvElementsPerToken);
        Assert.Equal(2 * 2 * 2 * 64 * 2, shape.KvBytesPerToken(KvCacheType.F16));
    }

    [Fact]
    public void FromHeader_KvHeadsPerLayerAndATensorOfAnUnknownType_SumsEveryLayersHeadsAndWeighsTheDataSection()
    {
        var metadata = new Dictionary<string, GgufValue>
        {
            ["general.architecture"] = GgufValue.Of("llama"),
            ["llama.block_count"] = GgufValue.Of(3u),
            ["llama.embedding_length"] = GgufValue.Of(256u),
            ["llama.attention.head_count"] = GgufValue.Of(4u),
            ["llama.attention.head_count_kv"] = GgufValue.Of([4, 2, 1]),
        };

        GgufTensorInfo[] tensors = [new("blk.0.attn_q.weight", [256, 256], (GgmlType)23, 0)]; // IQ4_XS: no size in this project's table

        var shape = ModelMemoryShape.FromHeader("m.gguf", metadata, tensors, dataBytes: 1000);

        // No key_length: embedding / heads = 64 for keys and values.
        Assert.Equal((4 + 2 + 1) * (64 + 64), shape.KvElementsPerToken);
        Assert.Equal(1000, shape.WeightBytes);
    }

    [Fact]
    public void FromHeader_NoBlockCount_FailsNamingTheKeyAndTheFile()
    {
        var metadata = new Dictionary<string, GgufValue> { ["general.architecture"] = GgufValue.Of("qwen3") };

        var error = Assert.Throws<GgufFormatException>(() => ModelMemoryShape.FromHeader("old.gguf", metadata, [], 0));

        Assert.Contains("qwen3.block_count", error.Message);
        Assert.Contains("old.gguf", error.Message);
    }
}
