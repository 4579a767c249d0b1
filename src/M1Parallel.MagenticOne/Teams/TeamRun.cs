using M1Parallel.MagenticOne.Transcripts;
using Microsoft.Extensions.AI;

namespace M1Parallel.MagenticOne.Teams;

/// <summary>State shared by the orchestrator and agents during one run: transcript, clock, options, step reports.</summary>
internal sealed class TeamRun
{
    public const string PurposeKey = TeamChatOptionKeys.Purpose;
    public const string RoleKey = TeamChatOptionKeys.Role;
    public const string EnableThinkingKey = TeamChatOptionKeys.EnableThinking;

    private readonly long _startedAt;
    private int _stepSequence;

    public TeamRun(TeamOptions options, Transcript transcript)
    {
        Options = options;
        Transcript = transcript;
        _startedAt = Clock.GetTimestamp();
    }

    public TeamOptions Options { get; }

    public TeamSettings Settings => Options.Settings;

    public Transcript Transcript { get; }

    public TimeProvider Clock => Options.TimeProvider;

    /// <summary>The inner-loop turn in progress (0 before the first).</summary>
    public int Turn { get; set; }

    public DateTimeOffset Now() => Clock.GetUtcNow();

    public IChatClient ClientFor(TeamRole role) => Options.Clients.For(role);

    public ChatOptions NewChatOptions(TeamRole role, string purpose, IList<AITool>? tools = null, bool json = false)
    {
        var chat = new ChatOptions
        {
            MaxOutputTokens = Settings.MaxOutputTokens,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [EnableThinkingKey] = Settings.EnableThinking,
                [PurposeKey] = purpose,
                [RoleKey] = role.ToWireName(),
            },
        };
        if (tools is { Count: > 0 })
        {
            chat.Tools = tools;
            chat.ToolMode = ChatToolMode.Auto;
        }

        if (json)
        {
            chat.ResponseFormat = ChatResponseFormat.Json;
        }

        return chat;
    }

    public TranscriptEntry Record(
        string speaker,
        TranscriptEntryKind kind,
        string text,
        DateTimeOffset startedAt,
        UsageDetails? usage = null,
        TranscriptToolCall? toolCall = null) =>
        Transcript.Add(speaker, kind, text, startedAt, Now(), usage, toolCall);

    /// <summary>The run's result as it stops now: the transcript so far, the time since the run started and the usage of
    /// every model call.</summary>
    public TeamResult Result(bool answered, string? answer, TeamStopReason reason, string message, int steps, int replans) =>
        new(answered, answer, reason, message, Transcript, steps, replans, Clock.GetElapsedTime(_startedAt), Transcript.TotalUsage());

    public void Step(TeamStepKind kind, string speaker, string text, UsageDetails? usage = null)
    {
        var step = new TeamStep(_stepSequence++, kind, speaker, text, Turn, Now(), usage);
        Options.OnStep?.Invoke(step);
    }
}
