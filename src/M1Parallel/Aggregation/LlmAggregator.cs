using M1Parallel.MagenticOne.Orchestration;
using M1Parallel.Scoring;
using Microsoft.Extensions.AI;

namespace M1Parallel.Aggregation;

/// <summary>
/// Asks a model to evaluate the teams' work critically and give a <c>FINAL ANSWER:</c>, with the paper's aggregation
/// prompt (see <see cref="LlmAggregatorPrompts"/>). Each team's messages are passed as chat messages (its orchestrator's
/// as assistant turns, the others' as user turns), cut newest-first to the prompt budget.
/// </summary>
public sealed class LlmAggregator : IAggregator
{
    private readonly IChatClient _client;
    private readonly LlmAggregatorOptions _options;

    /// <summary>Creates an aggregator over <paramref name="client"/> (the <c>aggregator</c> role's backend).</summary>
    public LlmAggregator(IChatClient client, LlmAggregatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new LlmAggregatorOptions();
    }

    /// <inheritdoc />
    public async Task<AggregationResult> AggregateAsync(string task, IReadOnlyList<TeamAnswer> answers, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            throw new ArgumentException("The LLM aggregator needs at least one answer.", nameof(answers));
        }

        var messages = BuildMessages(task, answers, _options.MaxPromptChars);
        var chat = new ChatOptions { Temperature = _options.Temperature, MaxOutputTokens = _options.MaxOutputTokens };
        var response = await _client.GetResponseAsync(messages, chat, cancellationToken).ConfigureAwait(false);
        var reply = response.Text ?? string.Empty;

        var answer = FinalAnswerText.Extract(reply);
        if (answer is null)
        {
            // The model ignored the format: fall back to the vote, and say so.
            var vote = MajorityAggregator.Vote(answers);
            return vote with
            {
                Method = "llm",
                Rationale = "The aggregator model gave no FINAL ANSWER line; fell back to majority vote. " + vote.Rationale +
                            "\nModel reply: " + reply,
            };
        }

        var supporting = answers.Where(a => GaiaScorer.SameAnswer(a.Answer, answer)).Select(a => a.TeamIndex).ToArray();
        return new AggregationResult(answer, "llm", supporting, reply);
    }

    /// <summary>The conversation sent to the model; the characters of all its messages add up to at most <paramref name="maxPromptChars"/>.</summary>
    internal static List<ChatMessage> BuildMessages(string task, IReadOnlyList<TeamAnswer> answers, int maxPromptChars)
    {
        var texts = answers.Select(a => (IReadOnlyList<string>)a.Messages.Select(LlmAggregatorPrompts.Message).ToArray()).ToArray();

        // Everything but the teams' messages, with each transcript header as long as it can get (all messages left out).
        var fixedChars = LlmAggregatorPrompts.System.Length + LlmAggregatorPrompts.Preamble(task, answers.Count).Length +
                         LlmAggregatorPrompts.Final(task).Length +
                         answers.Select((a, i) => LlmAggregatorPrompts.TranscriptOf(i + 1, Math.Max(1, a.Messages.Count)).Length +
                                                  LlmAggregatorPrompts.StopReasonOf(i + 1).Length +
                                                  LlmAggregatorPrompts.StopReason(a.StopReason, a.Answer).Length).Sum();
        var budget = maxPromptChars - fixedChars;
        if (budget < 0)
        {
            throw new AggregationException(
                $"The aggregator prompt needs {fixedChars} characters for the task, the instructions and the {answers.Count} answers " +
                $"alone, more than its budget of {maxPromptChars}. Raise LlmAggregatorOptions.maxPromptChars or aggregate fewer answers.");
        }

        var cut = TranscriptBudget.Cut(texts, budget);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, LlmAggregatorPrompts.System),
            new(ChatRole.User, LlmAggregatorPrompts.Preamble(task, answers.Count)),
        };
        for (var i = 0; i < answers.Count; i++)
        {
            var team = answers[i];
            var (kept, omitted) = cut[i];
            messages.Add(new ChatMessage(ChatRole.User, LlmAggregatorPrompts.TranscriptOf(i + 1, omitted)));
            for (var m = 0; m < kept.Count; m++)
            {
                var source = team.Messages[omitted + m];
                messages.Add(new ChatMessage(source.FromOrchestrator ? ChatRole.Assistant : ChatRole.User, kept[m]) { AuthorName = source.Source });
            }

            messages.Add(new ChatMessage(ChatRole.User, LlmAggregatorPrompts.StopReasonOf(i + 1)));
            messages.Add(new ChatMessage(ChatRole.User, LlmAggregatorPrompts.StopReason(team.StopReason, team.Answer)));
        }

        messages.Add(new ChatMessage(ChatRole.User, LlmAggregatorPrompts.Final(task)));
        return messages;
    }
}
