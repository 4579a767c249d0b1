using System.Runtime.CompilerServices;
using M1Parallel.Tests.TestSupport;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.Usage;

public sealed class UsageMeteringChatClientTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.User, new string('p', 400))];

    [Fact]
    public async Task Streaming_CountsUpdatesAsTheyArrive_WithTheirTimes()
    {
        var time = new FakeTimeProvider();
        var origin = time.GetUtcNow();
        var inner = new TestChatClient { OnStreaming = (_, ct) => Tokens(time, 3, usage: null, ct) };
        var timeline = new UsageTimeline();

        await foreach (var _ in new UsageMeteringChatClient(inner, timeline, time).GetStreamingResponseAsync(Prompt))
        {
        }

        Assert.Equal(1, timeline.UsedUntil(origin + TimeSpan.FromSeconds(1)).OutputTokens);
        Assert.Equal(3, timeline.Total.OutputTokens);
        Assert.Equal(100, timeline.Total.InputTokens); // never reported: 400 characters / 4, marked as an estimate
        Assert.Contains(timeline.Entries(), e => e.Estimated && e.Tokens.InputTokens == 100);
    }

    [Fact]
    public async Task Streaming_ReportedUsage_ReconcilesWithTheCountedTokens()
    {
        var time = new FakeTimeProvider();
        var inner = new TestChatClient { OnStreaming = (_, ct) => Tokens(time, 3, new UsageDetails { InputTokenCount = 250, OutputTokenCount = 5 }, ct) };
        var timeline = new UsageTimeline();

        await foreach (var _ in new UsageMeteringChatClient(inner, timeline, time).GetStreamingResponseAsync(Prompt))
        {
        }

        Assert.Equal(new TokenUsage(250, 5), timeline.Total);
        Assert.DoesNotContain(timeline.Entries(), e => e.Estimated);
    }

    [Fact]
    public async Task Streaming_CancelledMidway_KeepsTheTokensStreamedBeforeTheCancellation()
    {
        var time = new FakeTimeProvider();
        var inner = new TestChatClient { OnStreaming = (_, ct) => Tokens(time, 10, new UsageDetails { InputTokenCount = 250, OutputTokenCount = 10 }, ct) };
        var timeline = new UsageTimeline();
        using var cancellation = new CancellationTokenSource();

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new UsageMeteringChatClient(inner, timeline, time).GetStreamingResponseAsync(Prompt, cancellationToken: cancellation.Token))
            {
                if (++received == 4)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(4, timeline.Total.OutputTokens);
        Assert.Equal(100, timeline.Total.InputTokens);
    }

    [Fact]
    public async Task NonStreaming_RecordsTheReportedUsageAtTheResponseTime()
    {
        var time = new FakeTimeProvider();
        var inner = new TestChatClient
        {
            OnResponse = (_, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = new UsageDetails { InputTokenCount = 30, OutputTokenCount = 2 } },
        };
        var timeline = new UsageTimeline();

        await new UsageMeteringChatClient(inner, timeline, time).GetResponseAsync(Prompt);

        var entry = Assert.Single(timeline.Entries());
        Assert.Equal(new TokenUsage(30, 2), entry.Tokens);
        Assert.Equal(time.GetUtcNow(), entry.At);
    }

    [Fact]
    public async Task NonStreaming_RecordsWhenTheCallWasSent_BesideWhenItEnded()
    {
        var time = new FakeTimeProvider();
        var sent = time.GetUtcNow();
        var inner = new TestChatClient
        {
            OnResponse = (_, _, _) =>
            {
                time.Advance(TimeSpan.FromSeconds(4));
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = new UsageDetails { InputTokenCount = 30, OutputTokenCount = 2 } };
            },
        };
        var timeline = new UsageTimeline();

        await new UsageMeteringChatClient(inner, timeline, time).GetResponseAsync(Prompt);

        var entry = Assert.Single(timeline.Entries());
        Assert.Equal(sent, entry.CallStartedAt);
        Assert.Equal(sent + TimeSpan.FromSeconds(4), entry.At);
    }

    [Fact]
    public async Task Streaming_EveryEntryOfTheCall_CarriesWhenTheCallWasSent()
    {
        var time = new FakeTimeProvider();
        var sent = time.GetUtcNow();
        var inner = new TestChatClient { OnStreaming = (_, ct) => Tokens(time, 3, new UsageDetails { InputTokenCount = 50, OutputTokenCount = 3 }, ct) };
        var timeline = new UsageTimeline();

        await foreach (var _ in new UsageMeteringChatClient(inner, timeline, time).GetStreamingResponseAsync(Prompt))
        {
        }

        Assert.All(timeline.Entries(), e => Assert.Equal(sent, e.CallStartedAt));
    }

    /// <summary>One text update per second of fake time, then optionally a usage update.</summary>
    private static async IAsyncEnumerable<ChatResponseUpdate> Tokens(FakeTimeProvider time, int count, UsageDetails? usage, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            time.Advance(TimeSpan.FromSeconds(1));
            yield return new ChatResponseUpdate(ChatRole.Assistant, $"t{i}");
            await Task.Yield();
        }

        if (usage is not null)
        {
            yield return new ChatResponseUpdate { Contents = [new UsageContent(usage)] };
        }
    }
}
