namespace M1Parallel.Experiments.Store;

/// <summary>Prompt and completion tokens of one part of a run.</summary>
/// <param name="Prompt">Prompt (input) tokens.</param>
/// <param name="Completion">Completion (output) tokens.</param>
public sealed record TokenCount(long Prompt, long Completion)
{
    /// <summary>Prompt plus completion tokens.</summary>
    public long Total => Prompt + Completion;
}
