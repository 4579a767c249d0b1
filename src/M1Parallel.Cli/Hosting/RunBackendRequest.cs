using M1Parallel.Experiments.Specs;

namespace M1Parallel.Cli.Hosting;

/// <summary>What <c>m1p run</c>'s command line says about its backends.</summary>
/// <param name="Model">Local GGUF model, or null.</param>
/// <param name="Local">How the local model runs (scheduler, context, sequences, threads, GPU layers, KV cache type).</param>
/// <param name="MaxOutputTokens">Cap on every reply, or null.</param>
/// <param name="HostedEndpoint">OpenAI-compatible base URL, or null.</param>
/// <param name="HostedModel">The hosted model's name, or null.</param>
/// <param name="ApiKeyEnv">The environment variable holding the hosted API key, or null.</param>
internal sealed record RunBackendRequest(
    string? Model,
    LocalBackendSettings Local,
    int? MaxOutputTokens,
    string? HostedEndpoint,
    string? HostedModel,
    string? ApiKeyEnv);
