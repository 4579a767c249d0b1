using M1Parallel.Inference.Decoding;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Decoding;

public sealed class BareDecoderTests
{
    private const string Story = ", there was a little girl named Lily";

    private static List<int>[] Generate(BareDecoder decoder, IReadOnlyList<IReadOnlyList<int>> prompts, int tokens)
    {
        decoder.Prefill(prompts);
        var produced = prompts.Select(_ => new List<int>()).ToArray();
        var next = new int[prompts.Count];
        for (var i = 0; i < tokens; i++)
        {
            decoder.SampleNext(next);
            for (var s = 0; s < next.Length; s++)
            {
                produced[s].Add(next[s]);
            }

            decoder.Decode(next);
        }

        return produced;
    }

    [Fact]
    public void OneSequence_OnceUponATime_ContinuesWithTheKnownGreedyStory()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        using var decoder = new BareDecoder(model, sequences: 1, contextSize: 256, threads: 1);

        var produced = Generate(decoder, [model.Vocabulary.Tokenize("Once upon a time", addSpecial: true)], 12);

        Assert.StartsWith(Story, model.Vocabulary.Detokenize(produced[0].ToArray()));
    }

    [Fact]
    public void TwoSequences_DecodedTogether_EachContinuesItsOwnPrompt()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        using var decoder = new BareDecoder(model, sequences: 2, contextSize: 256, threads: 1);
        var other = model.Vocabulary.Tokenize("Tom had a big red ball", addSpecial: true);
        using var alone = new BareDecoder(model, sequences: 1, contextSize: 256, threads: 1);
        var otherAlone = Generate(alone, [other], 12)[0];

        var produced = Generate(decoder, [model.Vocabulary.Tokenize("Once upon a time", addSpecial: true), other], 12);

        Assert.StartsWith(Story, model.Vocabulary.Detokenize(produced[0].ToArray()));
        Assert.Equal(otherAlone, produced[1]);
    }

    [Fact]
    public void Prefill_NotOnePromptPerSequence_ThrowsNamingTheCount()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        using var decoder = new BareDecoder(model, sequences: 2, contextSize: 256, threads: 1);

        var e = Assert.Throws<ArgumentException>(() => decoder.Prefill([[1, 2, 3]]));

        Assert.Contains("each of the 2 sequences", e.Message);
    }

    [Fact]
    public void SampleNext_BeforePrefill_ThrowsSayingToPrefillFirst()
    {
        using var model = LlamaModel.Load(TestPaths.Stories);
        using var decoder = new BareDecoder(model, sequences: 1, contextSize: 256, threads: 1);

        var e = Assert.Throws<InvalidOperationException>(() => decoder.SampleNext(new int[1]));

        Assert.Contains("Prefill", e.Message);
    }
}
