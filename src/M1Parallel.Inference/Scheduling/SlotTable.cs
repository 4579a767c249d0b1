namespace M1Parallel.Inference.Scheduling;

/// <summary>The scheduler's sequences and what each one's KV cache holds: which idle slot a prompt takes, how much of it is
/// reused (the slot's own cached prefix, or a prefix copied from another slot with <c>llama_memory_seq_cp</c>), which idle
/// caches are evicted (least recently used first) to make room, and which request waits for a prefix another is still
/// computing. Used only on the decode thread; not thread-safe.</summary>
internal sealed class SlotTable
{
    private readonly SequenceSlot[] _slots;
    private readonly IKvMemory _memory;
    private readonly int _contextSize;
    private readonly bool _reusePrefixes;
    private readonly int _minSharedPrefix;
    private long _tick;

    /// <param name="sequences">How many sequences (slots) the context has.</param>
    /// <param name="contextSize">KV cells shared by all sequences.</param>
    /// <param name="memory">The context's KV cache.</param>
    /// <param name="reusePrefixes">Whether cached and shared prefixes are reused at all.</param>
    /// <param name="minSharedPrefix">Prefixes shorter than this are computed rather than copied from another slot.</param>
    public SlotTable(int sequences, int contextSize, IKvMemory memory, bool reusePrefixes, int minSharedPrefix)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextSize, 1);
        ArgumentNullException.ThrowIfNull(memory);
        _slots = Enumerable.Range(0, sequences).Select(i => new SequenceSlot(i)).ToArray();
        _memory = memory;
        _contextSize = contextSize;
        _reusePrefixes = reusePrefixes;
        _minSharedPrefix = minSharedPrefix;
    }

    public IReadOnlyList<SequenceSlot> Slots => _slots;

    /// <summary>KV cells in use or about to be: every slot's cached tokens plus the prompt tokens its request has still to pre-fill.</summary>
    public int UsedCells() => _slots.Sum(s => s.Cached.Count + (s.Request is { IsPrefilling: true } r ? r.Request.PromptTokens.Count - r.PrefillPosition : 0));

    /// <summary>Where <paramref name="prompt"/> would go: the idle slot caching most of it (else an empty one, else the least
    /// recently used), and whether another slot's longer shared prefix is worth copying; null when every slot is busy.</summary>
    public SlotPlacement? Place(IReadOnlyList<int> prompt)
    {
        var slot = ChooseSlot(prompt);
        if (slot is null)
        {
            return null;
        }

        var reuse = _reusePrefixes ? slot.CommonPrefix(prompt) : 0;
        var (donor, shared) = _reusePrefixes ? LongestSharedPrefix(prompt, slot) : (null, 0);
        var copy = donor is not null && shared >= reuse + _minSharedPrefix;
        var start = Math.Min(copy ? shared : reuse, prompt.Count - 1); // at least one token computes logits
        return new SlotPlacement(slot, donor, copy, start);
    }

    /// <summary>Evicts other idle caches, least recently used first (never the placement's slot or donor), until the placement
    /// plus <paramref name="needed"/> more cells fits the context; returns whether it fits.</summary>
    public bool MakeRoom(SlotPlacement placement, int needed)
    {
        while (CellsAfter(placement, needed) > _contextSize &&
               OldestIdleCache(placement.Slot, placement.Donor) is { } victim)
        {
            Evict(victim);
        }

        return CellsAfter(placement, needed) <= _contextSize;
    }

    /// <summary>Gives the placement's slot to <paramref name="request"/>: its cache becomes the first
    /// <see cref="SlotPlacement.Start"/> prompt tokens (copied from the donor, or its own cache cut back); returns how many
    /// prompt tokens it caches, which is fewer (0) when the KV cache could not cut the sequence back and cleared it.</summary>
    public int Seat(SlotPlacement placement, ActiveRequest request)
    {
        var slot = placement.Slot;
        if (placement.CopyFromDonor)
        {
            CopyPrefix(placement.Donor!, slot, request.Request.PromptTokens, placement.Start);
        }
        else
        {
            Truncate(slot, placement.Start);
        }

        slot.Request = request;
        slot.LastUsedTick = ++_tick;
        return slot.Cached.Count;
    }

    /// <summary>A prefix of <paramref name="prompt"/> that one of <paramref name="active"/> is still pre-filling and that is
    /// at least the minimum longer than <paramref name="start"/>: worth waiting for rather than computing twice. The longest
    /// wins (the first of equals); (null, 0) when there is none.</summary>
    public (SequenceSlot? Donor, int Length) PrefixBeingComputed(IReadOnlyList<int> prompt, int start, IEnumerable<ActiveRequest> active)
    {
        SequenceSlot? donor = null;
        var best = 0;
        foreach (var other in active)
        {
            var length = Math.Min(TokenPrefix.Length(other.Request.PromptTokens, prompt), prompt.Count - 1);
            if (other.IsPrefilling && other.Donor is null && length >= start + _minSharedPrefix && length > best)
            {
                donor = other.Slot;
                best = length;
            }
        }

        return (donor, best);
    }

    /// <summary>For a request waiting on a donor: copies the shared prefix once the donor has computed it (pre-fill then goes
    /// on from there), or stops waiting when the donor went away or diverged (the prefix is computed here instead).</summary>
    public void ResolveDonor(ActiveRequest request)
    {
        if (request.Donor is not { } donor)
        {
            return;
        }

        var prompt = request.Request.PromptTokens;
        if (donor.CommonPrefix(prompt) >= request.DonorLength)
        {
            CopyPrefix(donor, request.Slot!, prompt, request.DonorLength);
            request.PrefillPosition = request.DonorLength;
            request.Reused = request.DonorLength;
            request.Donor = null;
        }
        else if (donor.Request is null || !donor.Request.IsPrefilling)
        {
            request.Donor = null;
        }
    }

    /// <summary>Frees a slot when its request ends: the token sampled last is not in the KV cache yet, so only what was
    /// decoded stays cached.</summary>
    public void Release(SequenceSlot slot)
    {
        var decoded = _memory.PositionCount(slot.SequenceId);
        if (decoded < slot.Cached.Count)
        {
            slot.Cached.RemoveRange(decoded, slot.Cached.Count - decoded);
        }

        slot.Request = null;
        slot.LastUsedTick = ++_tick;
    }

    /// <summary>Drops a slot's whole cache.</summary>
    public void Evict(SequenceSlot slot)
    {
        _memory.Clear(slot.SequenceId);
        slot.Cached.Clear();
    }

    /// <summary>Evicts the least recently used idle cache; false when no idle slot caches anything.</summary>
    public bool EvictOldestIdle()
    {
        if (OldestIdleCache(null, null) is not { } victim)
        {
            return false;
        }

        Evict(victim);
        return true;
    }

    /// <summary>Evicts every idle slot's cache; returns how many were cleared.</summary>
    public int ClearIdle()
    {
        var n = 0;
        foreach (var slot in _slots.Where(s => s.IsIdle && s.Cached.Count > 0))
        {
            Evict(slot);
            n++;
        }

        return n;
    }

    /// <summary>Per sequence, the tokens this table believes are cached and the positions the KV cache holds.</summary>
    public IReadOnlyList<(int Tracked, int InCache)> Inspect() =>
        _slots.Select(s => (s.Cached.Count, _memory.PositionCount(s.SequenceId))).ToArray();

    private SequenceSlot? ChooseSlot(IReadOnlyList<int> prompt)
    {
        var idle = _slots.Where(s => s.IsIdle).ToList();
        if (idle.Count == 0)
        {
            return null;
        }

        return _reusePrefixes
            ? idle.OrderByDescending(s => s.CommonPrefix(prompt)).ThenBy(s => s.Cached.Count == 0 ? 0 : 1).ThenBy(s => s.LastUsedTick).First()
            : idle.OrderBy(s => s.LastUsedTick).First();
    }

    private (SequenceSlot? Donor, int Length) LongestSharedPrefix(IReadOnlyList<int> prompt, SequenceSlot target)
    {
        SequenceSlot? best = null;
        var length = 0;
        foreach (var slot in _slots)
        {
            if (slot == target)
            {
                continue;
            }

            // An active slot's cache beyond its pre-fill point is not computed yet.
            var n = slot.CommonPrefix(prompt);
            if (n > length)
            {
                best = slot;
                length = n;
            }
        }

        return (best, length);
    }

    private int CellsAfter(SlotPlacement placement, int needed) => UsedCells() - placement.Slot.Cached.Count + placement.Start + needed;

    private SequenceSlot? OldestIdleCache(SequenceSlot? keep, SequenceSlot? alsoKeep) =>
        _slots.Where(s => s.IsIdle && s != keep && s != alsoKeep && s.Cached.Count > 0).MinBy(s => s.LastUsedTick);

    private void CopyPrefix(SequenceSlot donor, SequenceSlot target, IReadOnlyList<int> prompt, int length)
    {
        _memory.Clear(target.SequenceId);
        _memory.CopyPrefix(donor.SequenceId, target.SequenceId, length);
        target.Cached.Clear();
        target.Cached.AddRange(prompt.Take(length));
    }

    private void Truncate(SequenceSlot slot, int length)
    {
        if (slot.Cached.Count > length)
        {
            if (!_memory.RemoveFrom(slot.SequenceId, length))
            {
                _memory.Clear(slot.SequenceId);
                length = 0;
            }

            slot.Cached.RemoveRange(length, slot.Cached.Count - length);
        }
    }
}
