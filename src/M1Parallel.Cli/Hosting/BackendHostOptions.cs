using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Memory;

namespace M1Parallel.Cli.Hosting;

/// <summary>How a <see cref="BackendHost"/> starts its backends; validated as it is set.</summary>
internal sealed record BackendHostOptions
{
    /// <summary>Where lines about loading go (the command's error stream); null for none.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Sequences each local backend must decode together at least (the most teams any method sends it); used where its spec gives none.</summary>
    public IReadOnlyDictionary<string, int> MinimumSequences { get; init; } = new Dictionary<string, int>();

    /// <summary>Where to look for <c>models/catalog.json</c> when a local backend names a catalog model instead of a .gguf path.</summary>
    public string? CatalogSearchFolder { get; init; }

    /// <summary>The threads and GPU layers of the machine (<c>m1p experiment --threads/--gpu-layers</c>), standing where a
    /// local backend's own settings leave them unset (<see cref="LocalBackendSettings.OnMachine"/>); checked as a spec's
    /// are. Unset here too: every core, every layer on the GPU.</summary>
    public LocalBackendSettings Machine { get; init; } = new();

    /// <summary>Most tokens one local reply may have when a request does not say; null keeps the client's default (1024).</summary>
    public int? MaxOutputTokens
    {
        get;
        init
        {
            if (value is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), value, "--max-output-tokens must be positive.");
            }

            field = value;
        }
    }

    /// <summary>The device local backends run on and its free memory, for a number of GPU layers; the real device when unset.</summary>
    public Func<int, MemoryDevice> FreeMemory { get; init; } = DeviceMemory.Find;

    /// <summary>Reads environment variables (API keys); the process environment when null.</summary>
    public Func<string, string?>? Environment { get; init; }
}
