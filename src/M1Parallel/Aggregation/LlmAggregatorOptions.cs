namespace M1Parallel.Aggregation;

/// <summary>Settings of <see cref="LlmAggregator"/>, validated at construction.</summary>
public sealed class LlmAggregatorOptions
{
    /// <summary>Creates aggregator settings.</summary>
    /// <param name="maxPromptChars">The most characters the whole prompt (system and user message) may have; at least 2,000. About 4 characters make a token.</param>
    /// <param name="temperature">Sampling temperature for the decision; 0 to 2.</param>
    /// <param name="maxOutputTokens">Cap on the aggregator's reply; positive.</param>
    public LlmAggregatorOptions(int maxPromptChars = 48_000, float temperature = 0f, int maxOutputTokens = 2048)
    {
        if (maxPromptChars < 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPromptChars), maxPromptChars,
                "The aggregator prompt budget must be at least 2,000 characters to hold the instructions and answers.");
        }

        if (float.IsNaN(temperature) || temperature < 0f || temperature > 2f)
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The aggregator temperature must be between 0 and 2.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOutputTokens);
        MaxPromptChars = maxPromptChars;
        Temperature = temperature;
        MaxOutputTokens = maxOutputTokens;
    }

    /// <summary>The most characters the whole prompt may have; each team's oldest messages are left out first to fit.</summary>
    public int MaxPromptChars { get; }

    /// <summary>Sampling temperature for the decision.</summary>
    public float Temperature { get; }

    /// <summary>Cap on the aggregator's reply in tokens.</summary>
    public int MaxOutputTokens { get; }
}
