using M1Parallel.Experiments.OfflineSuite;
using M1Parallel.Experiments.Suites;

namespace M1Parallel.Experiments.Specs;

/// <summary>The suite an experiment runs: a GAIA-format folder, levels and an optional seeded subsample.</summary>
/// <param name="Path">Absolute path of the suite folder (resolved against the spec file's folder).</param>
/// <param name="Levels">Levels to keep, or null for all.</param>
/// <param name="Subsample">At most this many tasks, or null for all.</param>
/// <param name="Seed">Seed of the subsample.</param>
public sealed record SuiteSpec(string Path, IReadOnlyList<int>? Levels, int? Subsample, int Seed)
{
    /// <summary>The suite filter this spec describes.</summary>
    public SuiteFilter ToFilter() => new(Levels, Subsample, Seed);

    /// <summary>Whether the suite is an offline suite, with its own website (<c>site/</c> beside the metadata): its teams'
    /// code runs without network unless a method says <c>code_network: true</c>.</summary>
    public bool IsOffline => Directory.Exists(System.IO.Path.Combine(Path, SuiteLayout.SiteFolder));
}
