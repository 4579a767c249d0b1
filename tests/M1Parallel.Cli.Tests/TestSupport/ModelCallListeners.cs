namespace M1Parallel.Cli.Tests;

/// <summary>Tests that look at who listens to the model-call spans: run with no other test at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModelCallListeners
{
    /// <summary>The collection's name.</summary>
    public const string Name = "model-call listeners";
}
