using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace M1Parallel.Usage;

/// <summary>
/// Records every call's token usage on a <see cref="UsageTimeline"/> with timestamps: streamed updates are counted as
/// they arrive (one completion token per text update) and reconciled with the usage the backend reports at the end;
/// a stream cancelled before its usage report keeps the tokens already streamed plus an estimate of its prompt. Each entry
/// names the backend the client serves, so one meter per call gives both a participant's usage over time and the usage
/// (and cost) per backend. Every entry also carries when its call was sent, so the time between one call's end and the
/// next call's start (a team's tools) can be told from the model's time. Compose it with <see cref="UsageMeteringChatClientBuilderExtensions.UseUsageMetering"/>.
/// </summary>
public sealed class UsageMeteringChatClient : DelegatingChatClient
{
    private readonly UsageTimeline _timeline;
    private readonly TimeProvider _time;
    private readonly string? _backend;

    /// <summary>Wraps <paramref name="innerClient"/>, recording onto <paramref name="timeline"/> with times from
    /// <paramref name="timeProvider"/>, each entry naming <paramref name="backend"/>.</summary>
    public UsageMeteringChatClient(IChatClient innerClient, UsageTimeline timeline, TimeProvider? timeProvider = null, string? backend = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        _timeline = timeline;
        _time = timeProvider ?? TimeProvider.System;
        _backend = backend;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToArray();
        var started = _time.GetUtcNow();
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (response.Usage is { } usage && (usage.InputTokenCount is not null || usage.OutputTokenCount is not null))
        {
            _timeline.Record(now, new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0), backend: _backend, callStartedAt: started);
        }
        else
        {
            _timeline.Record(now, new TokenUsage(EstimateTokens(list), EstimateTokens(response.Text ?? string.Empty)), estimated: true, _backend, started);
        }

        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToArray();
        var started = _time.GetUtcNow();
        long streamedOutput = 0;
        var sawUpdate = false;
        var sawInputUsage = false;
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
            {
                sawUpdate = true;
                var now = _time.GetUtcNow();
                var reported = false;
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent { Details: var details })
                    {
                        reported = true;
                        long input = details.InputTokenCount ?? 0;
                        long output = 0;
                        if (details.OutputTokenCount is { } total)
                        {
                            output = Math.Max(0, total - streamedOutput);
                            streamedOutput = Math.Max(streamedOutput, total);
                        }

                        sawInputUsage |= details.InputTokenCount is not null;
                        _timeline.Record(now, new TokenUsage(input, output), backend: _backend, callStartedAt: started);
                    }
                }

                if (!reported && update.Contents.Any(c => c is TextContent { Text.Length: > 0 } or TextReasoningContent { Text.Length: > 0 }))
                {
                    streamedOutput++;
                    _timeline.Record(now, new TokenUsage(0, 1), backend: _backend, callStartedAt: started);
                }

                yield return update;
            }
        }
        finally
        {
            if (sawUpdate && !sawInputUsage)
            {
                // The prompt was processed (tokens came back) but its size was never reported: estimate it.
                _timeline.Record(_time.GetUtcNow(), new TokenUsage(EstimateTokens(list), 0), estimated: true, _backend, started);
            }
        }
    }

    private static long EstimateTokens(IEnumerable<ChatMessage> messages) => messages.Sum(m => EstimateTokens(m.Text ?? string.Empty));

    private static long EstimateTokens(string text) => (text.Length + 3) / 4;
}
