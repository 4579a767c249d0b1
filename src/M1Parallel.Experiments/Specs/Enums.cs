namespace M1Parallel.Experiments.Specs;

/// <summary>Where a backend's model runs.</summary>
public enum BackendKind
{
    /// <summary>A GGUF model in process through llama.cpp.</summary>
    Local,

    /// <summary>An OpenAI-compatible HTTP endpoint.</summary>
    Hosted,
}
