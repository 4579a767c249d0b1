using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Scheduling;

/// <summary>A llama.cpp context's memory (its KV cache), addressed per sequence.</summary>
internal sealed class LlamaKvMemory(IntPtr memory) : IKvMemory
{
    public bool RemoveFrom(int sequence, int position) => LlamaNative.llama_memory_seq_rm(memory, sequence, position, -1);

    public void Clear(int sequence) => LlamaNative.llama_memory_seq_rm(memory, sequence, -1, -1);

    public void CopyPrefix(int source, int destination, int length) => LlamaNative.llama_memory_seq_cp(memory, source, destination, 0, length);

    public int PositionCount(int sequence) => LlamaNative.llama_memory_seq_pos_max(memory, sequence) + 1;
}
