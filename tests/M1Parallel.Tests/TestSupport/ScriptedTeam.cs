using M1Parallel.MagenticOne.Teams;
using M1Parallel.MagenticOne.Transcripts;
using M1Parallel.Teams;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.TestSupport;

/// <summary>One timed action of a scripted team: at <paramref name="At"/> (from the clock's origin) it uses tokens and reports a step.</summary>
internal sealed record ScriptStep(TimeSpan At, TokenUsage Tokens, string Summary = "working");

/// <summary>A team whose steps and outcome happen at fixed times on a fake clock.</summary>
internal sealed class ScriptedTeam(TimeProvider time, DateTimeOffset origin, TeamContext context, IReadOnlyList<ScriptStep> steps, TimeSpan endsAt, Func<TeamResult> outcome)
    : ITeam
{
    public TeamContext Context => context;

    public GivenPlan? ReceivedPlan { get; private set; }

    public bool Started { get; private set; }

    public bool Exited { get; private set; }

    public bool SawCancellation { get; private set; }

    public async Task<TeamResult> RunAsync(string task, GivenPlan? givenPlan, CancellationToken cancellationToken)
    {
        ReceivedPlan = givenPlan;
        Started = true;
        try
        {
            var number = 0;
            foreach (var step in steps)
            {
                await DelayUntil(step.At, cancellationToken);
                context.Usage.Record(time.GetUtcNow(), step.Tokens);
                context.Steps.Report(new TeamStep(number++, TeamStepKind.AgentReply, "Orchestrator", step.Summary, 0, time.GetUtcNow(), null));
            }

            await DelayUntil(endsAt, cancellationToken);
            return outcome();
        }
        catch (OperationCanceledException)
        {
            SawCancellation = true;
            throw;
        }
        finally
        {
            Exited = true;
        }
    }

    private async Task DelayUntil(TimeSpan at, CancellationToken cancellationToken)
    {
        var wait = origin + at - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            // Not Task.Delay: its continuations run asynchronously, so the clock could move on before this team acts.
            // Completing inline makes the team act at exactly its scheduled time while FakeTimeProvider.Advance runs.
            var due = new TaskCompletionSource();
            using var timer = time.CreateTimer(_ => due.TrySetResult(), null, wait, Timeout.InfiniteTimeSpan);
            using var registration = cancellationToken.Register(() => due.TrySetCanceled(cancellationToken));
            await due.Task;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>Makes scripted teams from a per-(slot, attempt) script and remembers every team it made.</summary>
internal sealed class ScriptedTeamFactory(FakeTimeProvider time) : ITeamFactory
{
    private readonly DateTimeOffset _origin = time.GetUtcNow();
    private readonly Dictionary<(int Team, int Attempt), (IReadOnlyList<ScriptStep> Steps, TimeSpan EndsAt, Func<TeamResult> Outcome)> _scripts = [];
    private readonly List<ScriptedTeam> _made = [];

    public IReadOnlyList<ScriptedTeam> Made
    {
        get
        {
            lock (_made)
            {
                return _made.ToArray();
            }
        }
    }

    public ScriptedTeamFactory Answers(int team, TimeSpan at, string answer, int attempt = 0, params ScriptStep[] steps)
    {
        _scripts[(team, attempt)] = (steps, at, () => Result(answer, TeamStopReason.RequestSatisfied, "done", $"team {team} attempt {attempt} transcript; answer {answer}", steps.Length + 1));
        return this;
    }

    public ScriptedTeamFactory Fails(int team, TimeSpan at, string reason, int attempt = 0, string? transcript = null, params ScriptStep[] steps)
    {
        _scripts[(team, attempt)] = (steps, at, () => Result(null, TeamStopReason.Error, reason, transcript ?? $"team {team} attempt {attempt} got nowhere", steps.Length + 1));
        return this;
    }

    public ScriptedTeamFactory Throws(int team, TimeSpan at, Exception error, int attempt = 0)
    {
        _scripts[(team, attempt)] = ([], at, () => throw error);
        return this;
    }

    private TeamResult Result(string? answer, TeamStopReason reason, string message, string transcriptText, int steps)
    {
        var transcript = new Transcript();
        transcript.Add("Orchestrator", TranscriptEntryKind.Note, transcriptText, time.GetUtcNow(), time.GetUtcNow());
        return new TeamResult(answer is not null, answer, reason, message, transcript, steps, 0, TimeSpan.Zero, new UsageDetails());
    }

    public ITeam Create(TeamContext context)
    {
        if (!_scripts.TryGetValue((context.TeamIndex, context.Attempt), out var script))
        {
            throw new InvalidOperationException($"No script for team {context.TeamIndex} attempt {context.Attempt}.");
        }

        var team = new ScriptedTeam(time, _origin, context, script.Steps, script.EndsAt, script.Outcome);
        lock (_made)
        {
            _made.Add(team);
        }

        return team;
    }
}
