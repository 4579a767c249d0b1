namespace M1Parallel.Inference.Scheduling;

/// <summary>The per-sequence KV cache operations the <see cref="SlotTable"/> uses (llama.cpp's <c>llama_memory_seq_*</c>),
/// behind an interface so that the table's bookkeeping can be tested without a model.</summary>
internal interface IKvMemory
{
    /// <summary>Drops the sequence's positions from <paramref name="position"/> on; false when the cache cannot drop part of
    /// a sequence (the caller then clears it).</summary>
    bool RemoveFrom(int sequence, int position);

    /// <summary>Drops every position of the sequence.</summary>
    void Clear(int sequence);

    /// <summary>Makes positions 0..<paramref name="length"/>-1 of <paramref name="source"/> part of <paramref name="destination"/>
    /// too (shared cells, nothing recomputed).</summary>
    void CopyPrefix(int source, int destination, int length);

    /// <summary>How many positions the cache holds for the sequence (its highest position + 1; 0 when empty).</summary>
    int PositionCount(int sequence);
}
