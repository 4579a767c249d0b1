using M1Parallel.Inference.Scheduling;

namespace M1Parallel.Inference.Tests.Scheduling;

/// <summary>The slot table's bookkeeping, against a KV cache that only counts positions: no model needed.</summary>
public sealed class SlotTableTests
{
    private readonly FakeKvMemory _memory = new();

    private static readonly int[] SharedPrefix = Enumerable.Range(100, 20).ToArray();

    private SlotTable Table(int sequences = 3, int contextSize = 1000, bool reusePrefixes = true, int minSharedPrefix = 4) =>
        new(sequences, contextSize, _memory, reusePrefixes, minSharedPrefix);

    /// <summary>Puts <paramref name="tokens"/> in a slot's cache, as if decoded, last used at <paramref name="tick"/>.</summary>
    private void Cache(SlotTable table, int slot, int[] tokens, long tick = 0)
    {
        table.Slots[slot].Cached.AddRange(tokens);
        table.Slots[slot].LastUsedTick = tick;
        _memory.Decoded(slot, tokens.Length);
    }

    /// <summary>Gives a slot a request for <paramref name="prompt"/> that has pre-filled up to <paramref name="prefilled"/>.</summary>
    private static ActiveRequest Busy(SlotTable table, int slot, int[] prompt, int prefilled)
    {
        var request = Request(prompt);
        request.Slot = table.Slots[slot];
        request.PrefillPosition = prefilled;
        table.Slots[slot].Request = request;
        return request;
    }

    private static ActiveRequest Request(int[] prompt) => new(new InferenceRequest(prompt), CancellationToken.None, 0);

    private static int[] Tokens(params int[] tokens) => tokens;

    [Fact]
    public void Place_EmptyTable_TakesAnIdleSlotAndReusesNothing()
    {
        var placement = Table().Place(Tokens(1, 2, 3))!;

        Assert.True(placement.Slot.IsIdle);
        Assert.False(placement.CopyFromDonor);
        Assert.Equal(0, placement.Start);
    }

    [Fact]
    public void Place_SlotCachingPartOfThePrompt_IsChosenAndPrefillStartsAfterIt()
    {
        var table = Table();
        Cache(table, 0, Tokens(9, 9, 9));
        Cache(table, 1, Tokens(1, 2, 3, 4));

        var placement = table.Place(Tokens(1, 2, 3, 4, 5, 6))!;

        Assert.Same(table.Slots[1], placement.Slot);
        Assert.Equal(4, placement.Start);
    }

    [Fact]
    public void Place_WholePromptCached_LeavesTheLastTokenToComputeItsLogits()
    {
        var table = Table();
        Cache(table, 0, Tokens(1, 2, 3));

        Assert.Equal(2, table.Place(Tokens(1, 2, 3))!.Start);
    }

    [Fact]
    public void Place_NoSlotCachesThePrompt_PrefersAnEmptySlotToOverwritingACache()
    {
        var table = Table(sequences: 2);
        Cache(table, 0, Tokens(7, 7));

        Assert.Same(table.Slots[1], table.Place(Tokens(1, 2))!.Slot);
    }

    [Fact]
    public void Place_EverySlotBusy_ReturnsNull()
    {
        var table = Table(sequences: 2);
        Busy(table, 0, Tokens(1), 1);
        Busy(table, 1, Tokens(2), 1);

        Assert.Null(table.Place(Tokens(1, 2)));
    }

    [Fact]
    public void Place_AnotherSlotHoldsALongSharedPrefix_CopiesItFromThatSlot()
    {
        var table = Table(sequences: 2);
        Cache(table, 0, SharedPrefix);
        Busy(table, 0, [.. SharedPrefix, 1], SharedPrefix.Length);

        var placement = table.Place([.. SharedPrefix, 2])!;

        Assert.Same(table.Slots[1], placement.Slot);
        Assert.Same(table.Slots[0], placement.Donor);
        Assert.True(placement.CopyFromDonor);
        Assert.Equal(SharedPrefix.Length, placement.Start);
    }

    [Fact]
    public void Place_SharedPrefixShorterThanTheMinimum_IsComputedNotCopied()
    {
        var table = Table(sequences: 2, minSharedPrefix: 4);
        Cache(table, 0, Tokens(1, 2, 3));
        Busy(table, 0, Tokens(1, 2, 3, 4), 3);

        var placement = table.Place(Tokens(1, 2, 3, 9, 9))!;

        Assert.False(placement.CopyFromDonor);
        Assert.Equal(0, placement.Start);
    }

    [Fact]
    public void Place_PrefixReuseOff_TakesTheLeastRecentlyUsedSlotAndReusesNothing()
    {
        var table = Table(sequences: 2, reusePrefixes: false);
        Cache(table, 0, Tokens(1, 2, 3), tick: 5);
        Cache(table, 1, Tokens(8, 8), tick: 2);

        var placement = table.Place(Tokens(1, 2, 3, 4))!;

        Assert.Same(table.Slots[1], placement.Slot);
        Assert.Equal(0, placement.Start);
        Assert.False(placement.CopyFromDonor);
    }

    [Fact]
    public void Seat_FromADonor_CopiesTheDonorsKvAndRecordsThePrefixTokens()
    {
        var table = Table(sequences: 2);
        Cache(table, 0, SharedPrefix);
        Busy(table, 0, [.. SharedPrefix, 1], SharedPrefix.Length);
        var request = Request([.. SharedPrefix, 2]);

        var start = table.Seat(table.Place(request.Request.PromptTokens)!, request);

        Assert.Equal(SharedPrefix.Length, start);
        Assert.Equal(["clear 1", $"copy 0 to 1 up to {SharedPrefix.Length}"], _memory.Log);
        Assert.Equal(SharedPrefix, table.Slots[1].Cached);
        Assert.Same(request, table.Slots[1].Request);
    }

    [Fact]
    public void Seat_OwnCacheLongerThanTheReusedPrefix_IsCutBackToIt()
    {
        var table = Table(sequences: 1);
        Cache(table, 0, Tokens(1, 2, 3, 4, 5));
        var request = Request(Tokens(1, 2, 3, 9));

        var start = table.Seat(table.Place(request.Request.PromptTokens)!, request);

        Assert.Equal(3, start);
        Assert.Equal(["remove 0 from 3"], _memory.Log);
        Assert.Equal(Tokens(1, 2, 3), table.Slots[0].Cached);
        Assert.Equal(3, _memory.PositionCount(0));
    }

    [Fact]
    public void Seat_KvCacheRefusesToCutASequenceBack_ClearsItAndReportsNothingReused()
    {
        _memory.RefusePartialRemoval = true;
        var table = Table(sequences: 1);
        Cache(table, 0, Tokens(1, 2, 3, 4, 5));
        var request = Request(Tokens(1, 2, 3, 9));

        var start = table.Seat(table.Place(request.Request.PromptTokens)!, request);

        Assert.Equal(0, start);
        Assert.Empty(table.Slots[0].Cached);
        Assert.Equal(0, _memory.PositionCount(0));
    }

    [Fact]
    public void MakeRoom_OverTheContext_EvictsIdleCachesOldestFirstUntilItFits()
    {
        var table = Table(contextSize: 30);
        Cache(table, 0, Enumerable.Repeat(7, 10).ToArray(), tick: 1);
        Cache(table, 1, Enumerable.Repeat(8, 10).ToArray(), tick: 2);
        var placement = table.Place(Tokens(1, 2))!;

        Assert.Same(table.Slots[2], placement.Slot);
        Assert.True(table.MakeRoom(placement, needed: 15));
        Assert.Empty(table.Slots[0].Cached);
        Assert.Equal(10, table.Slots[1].Cached.Count);
        Assert.Equal(["clear 0"], _memory.Log);
    }

    [Fact]
    public void MakeRoom_NeverEvictsTheChosenSlotOrTheSlotSharingItsPrefix_AndSaysWhenItStillDoesNotFit()
    {
        var table = Table(contextSize: 40);
        Cache(table, 0, SharedPrefix, tick: 2);
        Cache(table, 1, SharedPrefix, tick: 3);
        Cache(table, 2, Tokens(7, 7, 7, 7, 7), tick: 5);
        var placement = table.Place([.. SharedPrefix, 99])!;

        Assert.Same(table.Slots[0], placement.Slot);
        Assert.Same(table.Slots[1], placement.Donor);
        Assert.False(table.MakeRoom(placement, needed: 5));
        Assert.Equal(["clear 2"], _memory.Log);
        Assert.Equal(SharedPrefix, table.Slots[0].Cached);
        Assert.Equal(SharedPrefix, table.Slots[1].Cached);
    }

    [Fact]
    public void UsedCells_CountsCachedTokensAndThePromptStillToPrefill()
    {
        var table = Table();
        Cache(table, 0, Tokens(1, 2, 3));
        Cache(table, 1, Tokens(4, 5));
        Busy(table, 1, Tokens(4, 5, 6, 7, 8), 2);

        Assert.Equal(3 + 2 + 3, table.UsedCells());
    }

    [Fact]
    public void PrefixBeingComputed_PicksTheLongestPrefixAnotherRequestIsStillPrefilling()
    {
        var table = Table(minSharedPrefix: 4);
        int[] prompt = [.. SharedPrefix, 1, 2];
        var shorter = Busy(table, 0, [.. SharedPrefix[..10], 9], 0);
        var longer = Busy(table, 1, [.. SharedPrefix, 1, 3], 0);
        var done = Busy(table, 2, [.. SharedPrefix, 1, 2, 3], 23);

        var (donor, length) = table.PrefixBeingComputed(prompt, 0, [done, shorter, longer]);

        Assert.Same(table.Slots[1], donor);
        Assert.Equal(SharedPrefix.Length + 1, length);
    }

    [Fact]
    public void PrefixBeingComputed_NotLongerThanTheMinimumBeyondWhatIsReused_IsNotWaitedFor()
    {
        var table = Table(minSharedPrefix: 4);
        var other = Busy(table, 0, [.. SharedPrefix, 1], 0);

        var (donor, length) = table.PrefixBeingComputed([.. SharedPrefix, 2], SharedPrefix.Length - 3, [other]);

        Assert.Null(donor);
        Assert.Equal(0, length);
    }

    [Fact]
    public void ResolveDonor_DonorHasComputedThePrefix_CopiesItAndSkipsThatPrefill()
    {
        var table = Table(sequences: 2);
        Cache(table, 0, SharedPrefix);
        Busy(table, 0, [.. SharedPrefix, 1], SharedPrefix.Length);
        var waiting = Busy(table, 1, [.. SharedPrefix, 2], 0);
        (waiting.Donor, waiting.DonorLength) = (table.Slots[0], SharedPrefix.Length);

        table.ResolveDonor(waiting);

        Assert.Null(waiting.Donor);
        Assert.Equal(SharedPrefix.Length, waiting.PrefillPosition);
        Assert.Equal(SharedPrefix.Length, waiting.Reused);
        Assert.Equal(SharedPrefix, table.Slots[1].Cached);
        Assert.Contains($"copy 0 to 1 up to {SharedPrefix.Length}", _memory.Log);
    }

    [Fact]
    public void ResolveDonor_DonorStillComputingThePrefix_KeepsWaiting()
    {
        var table = Table(sequences: 2);
        Cache(table, 0, SharedPrefix[..5]);
        Busy(table, 0, [.. SharedPrefix, 1], 5);
        var waiting = Busy(table, 1, [.. SharedPrefix, 2], 0);
        (waiting.Donor, waiting.DonorLength) = (table.Slots[0], SharedPrefix.Length);

        table.ResolveDonor(waiting);

        Assert.Same(table.Slots[0], waiting.Donor);
        Assert.Equal(0, waiting.PrefillPosition);
        Assert.Empty(_memory.Log);
    }

    [Fact]
    public void ResolveDonor_DonorEndedBeforeComputingThePrefix_StopsWaitingAndComputesItHere()
    {
        var table = Table(sequences: 2);
        Cache(table, 0, SharedPrefix[..5]);
        var waiting = Busy(table, 1, [.. SharedPrefix, 2], 0);
        (waiting.Donor, waiting.DonorLength) = (table.Slots[0], SharedPrefix.Length);

        table.ResolveDonor(waiting);

        Assert.Null(waiting.Donor);
        Assert.Equal(0, waiting.PrefillPosition);
        Assert.Empty(_memory.Log);
    }

    [Fact]
    public void Release_LastSampledTokenNotYetDecoded_IsDroppedFromTheCacheRecord()
    {
        var table = Table(sequences: 1);
        Cache(table, 0, Tokens(1, 2, 3, 4, 5, 6));
        Busy(table, 0, Tokens(1, 2, 3), 3);
        _memory.Decoded(0, 5);

        table.Release(table.Slots[0]);

        Assert.True(table.Slots[0].IsIdle);
        Assert.Equal(Tokens(1, 2, 3, 4, 5), table.Slots[0].Cached);
    }

    [Fact]
    public void Release_MakesTheSlotTheMostRecentlyUsed()
    {
        var table = Table(sequences: 2, reusePrefixes: false);
        var first = Request(Tokens(1));
        table.Seat(table.Place(first.Request.PromptTokens)!, first);
        var second = Request(Tokens(2));
        table.Seat(table.Place(second.Request.PromptTokens)!, second);

        table.Release(table.Slots[1]);
        table.Release(table.Slots[0]);

        Assert.Same(table.Slots[1], table.Place(Tokens(3))!.Slot);
    }

    [Fact]
    public void EvictOldestIdle_EvictsTheLeastRecentlyUsedIdleCache_AndReportsWhenThereIsNone()
    {
        var table = Table();
        Cache(table, 0, Tokens(1), tick: 3);
        Cache(table, 1, Tokens(2), tick: 1);
        Cache(table, 2, Tokens(3), tick: 0);
        Busy(table, 2, Tokens(3, 4), 1);

        Assert.True(table.EvictOldestIdle());
        Assert.Empty(table.Slots[1].Cached);
        Assert.True(table.EvictOldestIdle());
        Assert.Empty(table.Slots[0].Cached);
        Assert.False(table.EvictOldestIdle());
        Assert.Equal(Tokens(3), table.Slots[2].Cached);
    }

    [Fact]
    public void ClearIdle_ClearsEveryIdleCacheButNotABusySlots()
    {
        var table = Table();
        Cache(table, 0, Tokens(1, 2));
        Cache(table, 1, Tokens(3));
        Busy(table, 1, Tokens(3, 4), 1);

        Assert.Equal(1, table.ClearIdle());
        Assert.Equal(new (int, int)[] { (0, 0), (1, 1), (0, 0) }, table.Inspect());
    }

    [Fact]
    public void Constructor_NoSequences_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Table(sequences: 0));
    }
}
