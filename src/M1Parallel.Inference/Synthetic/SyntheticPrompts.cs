using M1Parallel.Inference.Models;

namespace M1Parallel.Inference.Synthetic;

/// <summary>Prompts whose content does not matter (for measurements and tests): random ordinary tokens of a model's vocabulary.</summary>
public static class SyntheticPrompts
{
    /// <summary>Random ordinary tokens (no control or end-of-generation tokens), reproducible from the seed.</summary>
    public static int[] RandomTokens(LlamaModel model, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var vocabulary = model.Vocabulary;
        var upper = Math.Min(vocabulary.Count, 30_000);
        var tokens = new int[count];
        for (var i = 0; i < count; i++)
        {
            int token;
            do
            {
                token = random.Next(Math.Min(256, upper / 2), upper);
            }
            while (vocabulary.IsControl(token) || vocabulary.IsEndOfGeneration(token));

            tokens[i] = token;
        }

        return tokens;
    }
}
