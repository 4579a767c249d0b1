namespace M1Parallel.Inference.Scheduling;

/// <summary>Where the <see cref="SlotTable"/> would seat a prompt.</summary>
/// <param name="Slot">The idle slot the request takes.</param>
/// <param name="Donor">The other slot sharing the longest prefix with the prompt, if any; kept from eviction while seating.</param>
/// <param name="CopyFromDonor">Whether the first <paramref name="Start"/> tokens are copied from <paramref name="Donor"/>
/// (otherwise they are what <paramref name="Slot"/> already caches).</param>
/// <param name="Start">Prompt tokens already in the KV cache once seated; pre-fill starts here (at most the prompt's length - 1,
/// so that the last token computes logits).</param>
internal sealed record SlotPlacement(SequenceSlot Slot, SequenceSlot? Donor, bool CopyFromDonor, int Start);
