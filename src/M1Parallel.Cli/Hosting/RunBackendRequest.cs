namespace M1Parallel.Cli.Hosting;

/// <summary>What <c>m1p run</c>'s command line says about its backends.</summary>
/// <param name="Model">Local GGUF model, or null.</param>
/// <param name="Policy">batched or queued.</param>
/// <param name="ContextTokens">KV cache size in tokens (0: automatic).</param>
/// <param name="Sequences">Sequences decoded together, or null for one per team.</param>
/// <param name="MaxOutputTokens">Cap on every reply, or null.</param>
/// <param name="HostedEndpoint">OpenAI-compatible base URL, or null.</param>
/// <param name="HostedModel">The hosted model's name, or null.</param>
/// <param name="ApiKeyEnv">The environment variable holding the hosted API key, or null.</param>
internal sealed record RunBackendRequest(
    string? Model,
    string Policy,
    int ContextTokens,
    int? Sequences,
    int? MaxOutputTokens,
    string? HostedEndpoint,
    string? HostedModel,
    string? ApiKeyEnv);
