namespace M1Parallel.Experiments.Running;

/// <summary>Methods of an experiment changed since their runs were stored; resuming would mix two configurations.</summary>
public sealed class ExperimentChangedException : InvalidOperationException
{
    /// <summary>Creates the error for <paramref name="changed"/> methods of experiment <paramref name="experiment"/>.</summary>
    public ExperimentChangedException(string experiment, IReadOnlyList<ChangedMethod> changed)
        : base(Describe(experiment, changed))
    {
        Changed = changed;
    }

    /// <summary>The methods that changed.</summary>
    public IReadOnlyList<ChangedMethod> Changed { get; }

    private static string Describe(string experiment, IReadOnlyList<ChangedMethod> changed)
    {
        var lines = changed.Select(c => $"method '{c.Method}' has {c.StoredRuns} stored run(s) made with other settings ({string.Join("; ", c.Differences)})");
        var runs = changed.Sum(c => c.StoredRuns);
        return $"Experiment '{experiment}': {string.Join(", and ", lines)}. Resuming would report runs of two configurations as one. " +
               "Give the changed method (or the experiment) a new name to keep both, put the settings back, or run again with " +
               $"--discard-changed to delete those {runs} run(s) and run them anew.";
    }
}
