using System.Diagnostics;
using M1Parallel.Inference.Chat;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Synthetic;
using Microsoft.Extensions.AI;

namespace M1Parallel.Benchmarks.Baselines;

/// <summary>
/// One stream through the whole product path (LocalChatClient → InferenceScheduler → llama.cpp) against a bare decode
/// loop over the same model. Fair by construction: the bare loop gets a prompt as long as the one the client sent
/// (chat formatting included), and the two alternate run by run so a change in machine load hits both.
/// </summary>
public static class ChatClientOverheadBenchmark
{
    /// <summary>Runs <paramref name="repeats"/> interleaved pairs of <paramref name="tokens"/> generated tokens each.</summary>
    public static async Task<ChatClientOverheadResult> RunAsync(LlamaModel model, string promptText, int tokens, int threads, int repeats,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        await using var scheduler = new InferenceScheduler(model, new InferenceSchedulerOptions
        {
            MaxSequences = 1, ContextSize = 4096, Threads = threads, ReusePrefixes = false,
        });
        using var client = new LocalChatClient(scheduler);
        var pairs = new List<ChatClientOverheadPair>(repeats);
        var promptTokens = 0;
        for (var r = 0; r < repeats; r++)
        {
            var (clientRate, sent) = await ClientRunAsync(client, promptText, tokens, cancellationToken).ConfigureAwait(false);
            promptTokens = sent;
            var barePrompt = SyntheticPrompts.RandomTokens(model, sent, 7 + r);
            var bareRate = BareDecodeLoop.Run(model, barePrompt, tokens, threads);
            pairs.Add(new ChatClientOverheadPair(bareRate, clientRate));
        }

        return new ChatClientOverheadResult(promptTokens, tokens, pairs);
    }

    /// <summary>
    /// Decode tokens/s as the caller sees it: from the first update with content (the first token) to the final update
    /// (sent as the last token is sampled, so text held back at the end cannot make the interval look shorter).
    /// </summary>
    private static async Task<(double TokensPerSecond, int PromptTokens)> ClientRunAsync(IChatClient client, string promptText, int tokens,
        CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = tokens,
            Temperature = 0,
            AdditionalProperties = new() { [LocalChatClient.IgnoreEndOfGenerationKey] = true },
        };
        var clock = Stopwatch.StartNew();
        double first = -1, last = 0;
        long generated = 0, prompt = 0;
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, promptText)], options, cancellationToken)
                           .ConfigureAwait(false))
        {
            var now = clock.Elapsed.TotalSeconds;
            first = first < 0 ? now : first;
            if (update.Contents.OfType<UsageContent>().FirstOrDefault() is { } usage)
            {
                last = now;
                generated = usage.Details.OutputTokenCount ?? 0;
                prompt = usage.Details.InputTokenCount ?? 0;
            }
        }

        return (generated > 1 && last > first ? (generated - 1) / (last - first) : 0, (int)prompt);
    }
}
