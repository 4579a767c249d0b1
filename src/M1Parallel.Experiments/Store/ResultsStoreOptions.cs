namespace M1Parallel.Experiments.Store;

/// <summary>How the results store waits for its file.</summary>
public sealed record ResultsStoreOptions
{
    /// <summary>How long a write waits for another process's lock on the file before the run is kept in the pending
    /// file instead (default 60 s; at least 1 s).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        if (BusyTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "BusyTimeout must be at least 1 s.");
        }
    }
}
