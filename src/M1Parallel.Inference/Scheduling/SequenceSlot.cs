namespace M1Parallel.Inference.Scheduling;

/// <summary>One llama.cpp sequence: the tokens its KV cache holds, and the request using it, if any.</summary>
internal sealed class SequenceSlot(int sequenceId)
{
    public int SequenceId { get; } = sequenceId;

    /// <summary>Tokens whose KV is in the cache for this sequence, at positions 0..Count-1.</summary>
    public List<int> Cached { get; } = [];

    public ActiveRequest? Request { get; set; }

    public long LastUsedTick { get; set; }

    public bool IsIdle => Request is null;

    public int CommonPrefix(IReadOnlyList<int> tokens) => TokenPrefix.Length(Cached, tokens);
}
