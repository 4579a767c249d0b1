using M1Parallel.MagenticOne.Teams;
using M1Parallel.Routing;

namespace M1Parallel.Teams;

/// <summary>
/// Makes a real Magentic-One <see cref="Team"/> for every attempt of a parallel run: each role's chat client from
/// <see cref="RoleClients"/> (routed, and metered onto the slot's usage timeline), steps forwarded as run events, a work
/// folder of its own under the run folder (<c>team-I</c>, or <c>team-I-attempt-A</c> after a re-plan) and the task's
/// attached file copied into it.
/// </summary>
public sealed class MagenticOneTeamFactory : ITeamFactory
{
    private readonly RoleClients _clients;
    private readonly string _runFolder;
    private readonly TeamSettings _settings;
    private readonly string? _attachedFile;
    private readonly TimeProvider _time;

    /// <summary>Creates a factory for one run.</summary>
    /// <param name="clients">The clients of the team's roles; asked once per role per attempt.</param>
    /// <param name="runFolder">The run's folder; each team attempt works in its own folder inside it.</param>
    /// <param name="settings">How every team works; Magentic-One's defaults when null.</param>
    /// <param name="attachedFilePath">The task's attached file, copied into every team's folder; null when none.</param>
    /// <param name="timeProvider">The clock for steps and latency; the system clock when null.</param>
    /// <exception cref="FileNotFoundException">The attached file does not exist.</exception>
    public MagenticOneTeamFactory(
        RoleClients clients,
        string runFolder,
        TeamSettings? settings = null,
        string? attachedFilePath = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentException.ThrowIfNullOrWhiteSpace(runFolder);
        if (attachedFilePath is not null && !File.Exists(attachedFilePath))
        {
            throw new FileNotFoundException($"The task's attached file '{attachedFilePath}' does not exist; give an existing file or none.", attachedFilePath);
        }

        _clients = clients;
        _runFolder = Path.GetFullPath(runFolder);
        _settings = settings ?? new TeamSettings();
        _attachedFile = attachedFilePath is null ? null : Path.GetFullPath(attachedFilePath);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The run's folder holding the teams' work folders.</summary>
    public string RunFolder => _runFolder;

    /// <summary>The work folder of attempt <paramref name="attempt"/> of team slot <paramref name="teamIndex"/>.</summary>
    public string WorkFolderFor(int teamIndex, int attempt) =>
        Path.Combine(_runFolder, attempt == 0 ? $"team-{teamIndex}" : $"team-{teamIndex}-attempt-{attempt}");

    /// <inheritdoc />
    public ITeam Create(TeamContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workFolder = WorkFolderFor(context.TeamIndex, context.Attempt);
        var teamOptions = new TeamOptions(TeamChatClients.FromRoles(role => _clients.For(role, context.Usage)), workFolder)
        {
            AttachedFilePath = _attachedFile,
            Settings = _settings,
            TimeProvider = _time,
            OnStep = context.Steps.Report,
            TranscriptFile = Path.Combine(workFolder, "transcript.txt"),
        };
        return new Team(teamOptions);
    }
}
