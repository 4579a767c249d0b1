using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Cli.Hosting;

/// <summary>What <c>m1p run</c>'s command line says about backends, roles and teams.</summary>
/// <param name="Model">Local GGUF model, or null.</param>
/// <param name="Policy">batched or queued.</param>
/// <param name="ContextTokens">KV cache size in tokens (0: automatic).</param>
/// <param name="Sequences">Sequences decoded together, or null for one per team.</param>
/// <param name="Teams">Teams that run at once.</param>
/// <param name="MaxOutputTokens">Cap on every reply, or null.</param>
/// <param name="GpuLayers">Model layers on the GPU.</param>
/// <param name="Threads">CPU threads of the local scheduler (0: every core).</param>
/// <param name="HostedEndpoint">OpenAI-compatible base URL, or null.</param>
/// <param name="HostedModel">The hosted model's name, or null.</param>
/// <param name="ApiKeyEnv">The environment variable holding the hosted API key, or null.</param>
/// <param name="Routes">role=backend overrides as written.</param>
/// <param name="AttachedFile">A file for the task, or null.</param>
/// <param name="WorkFolder">Where the teams work, or null for a fresh temporary folder.</param>
/// <param name="Team">How every team works (already checked).</param>
/// <param name="Log">Where start-up lines go.</param>
internal sealed record RunBackendRequest(
    string? Model,
    string Policy,
    int ContextTokens,
    int? Sequences,
    int Teams,
    int? MaxOutputTokens,
    int GpuLayers,
    int Threads,
    string? HostedEndpoint,
    string? HostedModel,
    string? ApiKeyEnv,
    IReadOnlyList<string> Routes,
    string? AttachedFile,
    string? WorkFolder,
    TeamSettings Team,
    TextWriter Log);
