using M1Parallel.Inference.Models;
using M1Parallel.Inference.Synthetic;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Synthetic;

public sealed class SyntheticPromptsTests
{
    [Fact]
    public void RandomTokens_SameSeed_SameOrdinaryTokens_OtherSeed_OtherTokens()
    {
        using var model = LlamaModel.Load(TestPaths.Stories, new LlamaModelOptions { VocabularyOnly = true });

        var first = SyntheticPrompts.RandomTokens(model, 200, 7);
        var again = SyntheticPrompts.RandomTokens(model, 200, 7);
        var other = SyntheticPrompts.RandomTokens(model, 200, 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(200, first.Length);
        Assert.All(first, t => Assert.False(model.Vocabulary.IsControl(t) || model.Vocabulary.IsEndOfGeneration(t), $"token {t}"));
    }
}
