using System.Security.Cryptography;
using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Synthetic;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Synthetic;

public sealed class SyntheticModelGenerationTests
{
    public static TheoryData<SyntheticQuantization> Quantizations => new(Enum.GetValues<SyntheticQuantization>());

    private static async Task<SyntheticModelPlan> WriteTinyAsync(string path, SyntheticQuantization quantization,
        string? vocabulary = null, int seed = 1, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var options = new SyntheticModelOptions(ModelShape.Qwen3Tiny, quantization, path)
        {
            VocabularyPath = vocabulary, Seed = seed, Progress = progress,
        };
        return await new SyntheticModelBuilder(options).WriteAsync(ct);
    }

    private static async Task<List<int>> SampleAsync(LlamaModel model, string prompt, int maxTokens)
    {
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions { ContextSize = 256, MaxSequences = 1, Threads = 2 });
        var request = new InferenceRequest(model.Vocabulary.Tokenize(prompt))
        {
            MaxTokens = maxTokens,
            Sampling = new SamplingOptions { Temperature = 1.0f, TopK = 0, TopP = 1.0f, Seed = 7 },
        };
        var tokens = new List<int>();
        await foreach (var update in scheduler.GenerateAsync(request))
        {
            if (update.Token >= 0)
            {
                tokens.Add(update.Token);
            }
        }

        return tokens;
    }

    // Finite, moderate logits sample many different tokens at temperature 1; NaN or exploding activations collapse to one.
    private static async Task AssertGeneratesVariedTokensAsync(LlamaModel model)
    {
        var tokens = await SampleAsync(model, "<|im_start|>user\nHello there<|im_end|>\n<|im_start|>assistant\n", 24);

        Assert.True(tokens.Count >= 8, $"generation stopped after {tokens.Count} tokens");
        Assert.All(tokens, t => Assert.InRange(t, 0, model.Vocabulary.Count - 1));
        Assert.True(tokens.Distinct().Count() >= 4, $"sampled tokens barely vary: [{string.Join(' ', tokens)}]");
    }

    [Theory]
    [MemberData(nameof(Quantizations))]
    public async Task Qwen3Tiny_BuiltInVocabulary_LoadsAsQwen3AndGenerates(SyntheticQuantization quantization)
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.gguf");

        var plan = await WriteTinyAsync(path, quantization);
        using var model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = 0 });

        Assert.Equal("qwen3", model.Architecture);
        Assert.Equal(2, model.LayerCount);
        Assert.Equal(256, model.EmbeddingLength);
        Assert.Equal(512, model.Vocabulary.Count);
        Assert.Equal(plan.ParameterCount, model.ParameterCount);
        Assert.Equal(ModelShape.Qwen3Tiny.ParameterCount(512), model.ParameterCount);
        Assert.Equal(plan.TensorBytes, model.SizeBytes);
        await AssertGeneratesVariedTokensAsync(model);
    }

    [Theory]
    [MemberData(nameof(Quantizations))]
    public async Task Qwen3Tiny_QwenVocabulary_LoadsAsQwen3AndGenerates(SyntheticQuantization quantization)
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny-qwen-vocab.gguf");

        var plan = await WriteTinyAsync(path, quantization, TestPaths.QwenVocab);
        using var model = LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = 0 });

        Assert.Equal("qwen3", model.Architecture);
        Assert.Equal(151936, model.Vocabulary.Count);
        Assert.Equal(plan.ParameterCount, model.ParameterCount);
        Assert.Equal(151644, model.Vocabulary.FindSpecialToken("<|im_start|>"));
        await AssertGeneratesVariedTokensAsync(model);
    }

    [Fact]
    public async Task BuiltInVocabulary_HasQwensSpecialTokensAndChatTemplate()
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.gguf");
        await WriteTinyAsync(path, SyntheticQuantization.Q4_0);

        using var model = LlamaModel.Load(path, new LlamaModelOptions { VocabularyOnly = true });
        var vocabulary = model.Vocabulary;
        var imStart = vocabulary.FindSpecialToken("<|im_start|>");
        var imEnd = vocabulary.FindSpecialToken("<|im_end|>");

        Assert.NotNull(imStart);
        Assert.True(vocabulary.IsControl(imStart!.Value));
        Assert.NotNull(imEnd);
        Assert.True(vocabulary.IsEndOfGeneration(imEnd!.Value));
        Assert.Equal(imEnd, vocabulary.Eos);
        foreach (var tag in new[] { "<think>", "</think>", "<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>", "<|endoftext|>" })
        {
            Assert.True(vocabulary.FindSpecialToken(tag) is not null, $"{tag} should be one token");
        }

        Assert.False(vocabulary.AddsBos);
        Assert.Contains("<|im_start|>", model.ChatTemplate);
        Assert.Equal("héllo, world\n", vocabulary.Detokenize(vocabulary.Tokenize("héllo, world\n")));
        Assert.Single(vocabulary.Tokenize(" the"));
    }

    [Fact]
    public async Task QwenVocabulary_IsCopiedWhole_WithoutThinkTagsTheQwen2FileLacks()
    {
        using var folder = new TempFolder();
        var path = folder.File("tiny.gguf");
        await WriteTinyAsync(path, SyntheticQuantization.Q4_0, TestPaths.QwenVocab);

        var written = GgufFile.Read(path).Metadata;
        var source = GgufFile.Read(TestPaths.QwenVocab).Metadata;
        using var model = LlamaModel.Load(path, new LlamaModelOptions { VocabularyOnly = true });

        Assert.All(source.Where(kv => kv.Key.StartsWith("tokenizer.")), kv => Assert.Equal(kv.Value.ToString(), written[kv.Key].ToString()));
        Assert.Equal(source["tokenizer.chat_template"].AsString(), written["tokenizer.chat_template"].AsString());
        Assert.Null(model.Vocabulary.FindSpecialToken("<think>"));
    }

    [Fact]
    public async Task Write_SameSeed_GivesTheSameFile_AndAnotherSeedDiffers()
    {
        using var folder = new TempFolder();

        await WriteTinyAsync(folder.File("a.gguf"), SyntheticQuantization.Q4_K_M, seed: 5);
        await WriteTinyAsync(folder.File("b.gguf"), SyntheticQuantization.Q4_K_M, seed: 5);
        await WriteTinyAsync(folder.File("c.gguf"), SyntheticQuantization.Q4_K_M, seed: 6);

        var a = SHA256.HashData(File.ReadAllBytes(folder.File("a.gguf")));
        Assert.Equal(a, SHA256.HashData(File.ReadAllBytes(folder.File("b.gguf"))));
        Assert.NotEqual(a, SHA256.HashData(File.ReadAllBytes(folder.File("c.gguf"))));
    }

    [Fact]
    public async Task Write_ReportsProgressUpToOne_AndHeaderMatchesThePlan()
    {
        using var folder = new TempFolder();
        var reports = new List<double>();
        var path = folder.File("tiny.gguf");

        var plan = await WriteTinyAsync(path, SyntheticQuantization.Q8_0, progress: new SynchronousProgress(reports.Add));
        var header = GgufFile.Read(path);

        Assert.Equal(1.0, reports[^1], 6);
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(plan.Tensors.Select(t => (t.Name, t.Type)), header.Tensors.Select(t => (t.Name, t.Type)));
        Assert.Equal(7, header.Metadata["general.file_type"].AsInteger());
        Assert.Equal(2, header.Metadata["qwen3.block_count"].AsInteger());
        Assert.Equal(64, header.Metadata["qwen3.attention.key_length"].AsInteger());
    }

    [Fact]
    public async Task Write_CancelledMidway_StopsAndLeavesNoFileBehind()
    {
        using var folder = new TempFolder();
        using var cts = new CancellationTokenSource();
        var path = folder.File("tiny.gguf");
        var reports = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WriteTinyAsync(path, SyntheticQuantization.F16,
            progress: new SynchronousProgress(_ => { reports++; cts.Cancel(); }), ct: cts.Token));

        Assert.Equal(1, reports);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Write_VocabularyFileWithoutTokenizer_FailsWithTheFix()
    {
        using var folder = new TempFolder();
        var noVocabulary = folder.File("weights-only.gguf");
        new GgufWriter().Set("general.architecture", GgufValue.Of("qwen3")).Write(noVocabulary);

        var e = await Assert.ThrowsAsync<SyntheticModelException>(() => WriteTinyAsync(folder.File("tiny.gguf"), SyntheticQuantization.Q4_0, noVocabulary));

        Assert.Contains("no tokenizer", e.Message);
        Assert.False(File.Exists(folder.File("tiny.gguf")));
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
