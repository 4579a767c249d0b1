using M1Parallel.Inference.Models;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Models;

public sealed class QwenTokenizerTests
{
    private const string Separator = "\n__ggml_vocab_test__\n";

    [Fact]
    public void Tokenize_LlamaCppTestVectors_ReproducesEveryExpectedTokenList()
    {
        var inputs = File.ReadAllText(TestPaths.QwenVocab + ".inp").Split(Separator);
        var expected = File.ReadAllLines(TestPaths.QwenVocab + ".out");
        using var model = LlamaModel.Load(TestPaths.QwenVocab, new LlamaModelOptions { VocabularyOnly = true });

        Assert.True(expected.Length >= 40, "the test vectors should hold dozens of cases");
        for (var i = 0; i < expected.Length; i++)
        {
            var want = expected[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            var got = model.Vocabulary.Tokenize(inputs[i], addSpecial: false, parseSpecial: false);
            Assert.True(want.SequenceEqual(got), $"case {i} ({inputs[i]}): expected [{string.Join(' ', want)}], got [{string.Join(' ', got)}]");
        }
    }

    [Fact]
    public void Detokenize_RoundTripsText()
    {
        using var model = LlamaModel.Load(TestPaths.QwenVocab, new LlamaModelOptions { VocabularyOnly = true });
        const string text = "Hello, world! 🦙 Äpfel 3.14";

        Assert.Equal(text, model.Vocabulary.Detokenize(model.Vocabulary.Tokenize(text)));
    }

    [Fact]
    public void ChatMarkers_AreSingleEndOfGenerationAwareSpecialTokens()
    {
        using var model = LlamaModel.Load(TestPaths.QwenVocab, new LlamaModelOptions { VocabularyOnly = true });
        var imEnd = model.Vocabulary.FindSpecialToken("<|im_end|>");

        Assert.NotNull(model.Vocabulary.FindSpecialToken("<|im_start|>"));
        Assert.NotNull(imEnd);
        Assert.True(model.Vocabulary.IsEndOfGeneration(imEnd!.Value));
        Assert.True(model.Vocabulary.Count > 150_000);
    }
}
