using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Experiments.Running;

/// <summary>Compares each method's settings with those its stored runs were made with (see <see cref="MethodConfiguration"/>).</summary>
public sealed class MethodChangeCheck
{
    private readonly ResultsStore _store;

    /// <summary>Creates a check against <paramref name="store"/>.</summary>
    public MethodChangeCheck(ResultsStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>The methods of <paramref name="spec"/> that have stored runs and a recorded configuration other than their current one.</summary>
    public async Task<IReadOnlyList<ChangedMethod>> FindAsync(ExperimentSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var recorded = await _store.GetMethodConfigsAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (recorded.Count == 0)
        {
            return [];
        }

        var runs = (await _store.GetFinishedKeysAsync(spec.Name, retryErrors: false, cancellationToken).ConfigureAwait(false))
            .GroupBy(k => k.Method, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var changed = new List<ChangedMethod>();
        foreach (var method in spec.Methods)
        {
            if (recorded.TryGetValue(method.Name, out var stored) && runs.TryGetValue(method.Name, out var count)
                && MethodConfiguration.Differences(stored, MethodConfiguration.Describe(spec, method)) is { Count: > 0 } differences)
            {
                changed.Add(new ChangedMethod(method.Name, count, differences));
            }
        }

        return changed;
    }

    /// <summary>Deletes the stored runs of <paramref name="changed"/> methods; returns how many runs went.</summary>
    public async Task<int> DiscardAsync(ExperimentSpec spec, IEnumerable<ChangedMethod> changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(changed);
        var deleted = 0;
        foreach (var method in changed)
        {
            deleted += await _store.DeleteMethodRunsAsync(spec.Name, method.Method, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>Records every method's current configuration as the one its runs are made with.</summary>
    public Task RecordAsync(ExperimentSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var configs = spec.Methods.ToDictionary(m => m.Name, m => MethodConfiguration.Describe(spec, m), StringComparer.Ordinal);
        return _store.SetMethodConfigsAsync(spec.Name, configs, cancellationToken);
    }
}
