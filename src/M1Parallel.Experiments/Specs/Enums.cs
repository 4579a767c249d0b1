namespace M1Parallel.Experiments.Specs;

/// <summary>Where a backend's model runs.</summary>
public enum BackendKind
{
    /// <summary>A GGUF model in process through llama.cpp.</summary>
    Local,

    /// <summary>An OpenAI-compatible HTTP endpoint.</summary>
    Hosted,
}

/// <summary>How the local inference scheduler serves concurrent teams.</summary>
public enum SchedulerPolicy
{
    /// <summary>Continuous batching: every step decodes all active sequences together.</summary>
    Batched,

    /// <summary>One request at a time, first come first served (the paper's setting).</summary>
    Queued,
}
