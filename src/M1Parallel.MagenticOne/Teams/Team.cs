using M1Parallel.MagenticOne.Agents;
using M1Parallel.MagenticOne.Agents.Coder;
using M1Parallel.MagenticOne.Agents.FileSurfer;
using M1Parallel.MagenticOne.Agents.Terminal;
using M1Parallel.MagenticOne.Agents.WebSurfer;
using M1Parallel.MagenticOne.Orchestration;
using M1Parallel.MagenticOne.Transcripts;

namespace M1Parallel.MagenticOne.Teams;

/// <summary>A Magentic-One team: an Orchestrator directing WebSurfer, FileSurfer, Coder and ComputerTerminal.
/// Each <see cref="RunAsync"/> is independent (fresh agents, browser and transcript); runs may overlap only when
/// their options name different work folders.</summary>
public sealed class Team : ITeam
{
    private readonly TeamOptions _options;

    /// <summary>Creates a team from validated options.</summary>
    public Team(TeamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The team's options.</summary>
    public TeamOptions Options => _options;

    /// <summary>Works on <paramref name="task"/> until answered, out of turns, failed or cancelled, and reports how it
    /// went. Cancellation does not throw: it stops model calls, kills running code and closes the browser, and returns
    /// a result with <see cref="TeamStopReason.Cancelled"/> holding the transcript so far.</summary>
    /// <param name="task">The request, in words.</param>
    /// <param name="givenPlan">The plan to follow instead of writing one, with the facts survey to start from when it has
    /// one; null lets the orchestrator survey the facts and plan itself, as in Magentic-One.</param>
    /// <param name="cancellationToken">Stops the team.</param>
    public async Task<TeamResult> RunAsync(string task, GivenPlan? givenPlan = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        var transcript = new Transcript();
        var run = new TeamRun(_options, transcript);
        var fullTask = PrepareWorkFolder(task.Trim());
        var agents = CreateAgents(run);
        var orchestrator = new Orchestrator(run, agents);
        TeamResult result;
        try
        {
            result = await orchestrator.RunAsync(fullTask, givenPlan, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever a cancelled step throws (aborted browser call, killed process), the run was cancelled.
        catch (Exception) when (cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            result = orchestrator.Unanswered(TeamStopReason.Cancelled, $"The run was cancelled by its caller during turn {orchestrator.Turns}.");
        }
#pragma warning disable CA1031 // The team's boundary: any failure becomes a stop reason with the transcript so far.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = orchestrator.Unanswered(TeamStopReason.Error, $"The team failed during turn {orchestrator.Turns}: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync().ConfigureAwait(false);
            }
        }

        run.Record(AgentNames.Team, TranscriptEntryKind.Note, $"Stopped ({result.StopReason}): {result.StopMessage}", run.Now());
        await WriteTranscriptAsync(transcript).ConfigureAwait(false);
        run.Step(TeamStepKind.Stopped, AgentNames.Team, $"{result.StopReason}: {result.StopMessage}");
        return result;
    }

    private async Task WriteTranscriptAsync(Transcript transcript)
    {
        if (_options.TranscriptFile is not { } file)
        {
            return;
        }

        try
        {
            await File.WriteAllTextAsync(file, transcript.ToText(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The transcript file is a convenience; the result carries the transcript either way.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string PrepareWorkFolder(string task)
    {
        Directory.CreateDirectory(_options.WorkFolder);
        if (_options.AttachedFilePath is not { } attached)
        {
            return task;
        }

        var name = Path.GetFileName(attached);
        var target = Path.Combine(_options.WorkFolder, name);
        if (!string.Equals(Path.GetFullPath(target), attached, StringComparison.Ordinal))
        {
            File.Copy(attached, target, overwrite: true);
        }

        return TeamTask.Of(task, name);
    }

    private List<ITeamAgent> CreateAgents(TeamRun run)
    {
        var agents = new List<ITeamAgent>();
        if (_options.Settings.Agents.HasFlag(TeamAgents.WebSurfer))
        {
            agents.Add(new WebSurferAgent(run));
        }

        if (_options.Settings.Agents.HasFlag(TeamAgents.FileSurfer))
        {
            agents.Add(new FileSurferAgent(run));
        }

        if (_options.Settings.Agents.HasFlag(TeamAgents.Coder))
        {
            agents.Add(new CoderAgent(run));
        }

        if (_options.Settings.Agents.HasFlag(TeamAgents.ComputerTerminal))
        {
            agents.Add(new ComputerTerminalAgent(run));
        }

        return agents;
    }
}
