using M1Parallel.Inference.Scheduling;

namespace M1Parallel.Inference.Tests.Scheduling;

/// <summary>A KV cache that only counts each sequence's positions and logs the operations asked of it.</summary>
internal sealed class FakeKvMemory : IKvMemory
{
    private readonly Dictionary<int, int> _positions = [];

    /// <summary>Whether removing part of a sequence is refused (as llama.cpp may for some cache types).</summary>
    public bool RefusePartialRemoval { get; set; }

    public List<string> Log { get; } = [];

    public bool RemoveFrom(int sequence, int position)
    {
        Log.Add($"remove {sequence} from {position}");
        if (RefusePartialRemoval)
        {
            return false;
        }

        _positions[sequence] = Math.Min(PositionCount(sequence), position);
        return true;
    }

    public void Clear(int sequence)
    {
        Log.Add($"clear {sequence}");
        _positions[sequence] = 0;
    }

    public void CopyPrefix(int source, int destination, int length)
    {
        Log.Add($"copy {source} to {destination} up to {length}");
        _positions[destination] = Math.Max(PositionCount(destination), Math.Min(length, PositionCount(source)));
    }

    public int PositionCount(int sequence) => _positions.GetValueOrDefault(sequence);

    /// <summary>Pretends <paramref name="count"/> positions of the sequence were decoded.</summary>
    public void Decoded(int sequence, int count) => _positions[sequence] = count;
}
