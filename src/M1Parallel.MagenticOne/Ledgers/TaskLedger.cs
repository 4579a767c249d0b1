namespace M1Parallel.MagenticOne.Ledgers;

/// <summary>The outer loop's state: the fact sheet and the plan.</summary>
internal sealed record TaskLedger(string Facts, string Plan);
