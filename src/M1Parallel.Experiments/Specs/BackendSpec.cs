using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Experiments.Specs;

/// <summary>A model backend: a local GGUF model with its <see cref="LocalBackendSettings"/>, or a hosted OpenAI-compatible endpoint.</summary>
/// <param name="Name">The backend's name, used by methods and routes.</param>
/// <param name="Kind">Local or hosted.</param>
/// <param name="Model">Local: a GGUF path (resolved against the spec's folder) or catalog name; hosted: the model id.</param>
/// <param name="Local">Local only (null for hosted): scheduler, context, sequences, threads, GPU layers, KV cache type.</param>
/// <param name="BaseUrl">Hosted only: the endpoint's base URL.</param>
/// <param name="ApiKeyEnv">Hosted only: the environment variable holding the API key (never the key itself).</param>
/// <param name="PromptUsdPerMillion">Price of a million prompt tokens, for cost.</param>
/// <param name="CompletionUsdPerMillion">Price of a million completion tokens, for cost.</param>
public sealed record BackendSpec(
    string Name,
    BackendKind Kind,
    string Model,
    LocalBackendSettings? Local,
    Uri? BaseUrl,
    string? ApiKeyEnv,
    double PromptUsdPerMillion,
    double CompletionUsdPerMillion)
{
    /// <summary>The most tokens any one reply of this backend may have (a cap on every request), or null for no cap.</summary>
    public int? MaxOutputTokens
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("max_output_tokens", value, 1);

            field = value;
        }
    }

    /// <summary>US dollars for the given tokens at this backend's prices (0 for an unpriced local model).</summary>
    public double CostUsd(long promptTokens, long completionTokens) =>
        ((promptTokens * PromptUsdPerMillion) + (completionTokens * CompletionUsdPerMillion)) / 1_000_000;
}
