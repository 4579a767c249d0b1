namespace M1Parallel.MagenticOne.Teams;

/// <summary>What one team run is wired to: a chat client per role, its work folder, the task's file, its
/// <see cref="TeamSettings"/>, a step hook and a clock.</summary>
public sealed class TeamOptions
{
    /// <summary>Creates options for a team using <paramref name="clients"/> and working in <paramref name="workFolder"/>.</summary>
    /// <param name="clients">The chat client for each role.</param>
    /// <param name="workFolder">The team's own folder for files, downloads and code (created if missing).</param>
    public TeamOptions(TeamChatClients clients, string workFolder)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentException.ThrowIfNullOrWhiteSpace(workFolder);
        Clients = clients;
        WorkFolder = Path.GetFullPath(workFolder);
    }

    /// <summary>The chat client for each role.</summary>
    public TeamChatClients Clients { get; }

    /// <summary>The team's folder (absolute); FileSurfer is confined to it and code runs in it.</summary>
    public string WorkFolder { get; }

    /// <summary>How the team works (default <see cref="TeamSettings"/>' defaults, Magentic-One's).</summary>
    public TeamSettings Settings
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Settings));
            field = value;
        }
    } = new();

    /// <summary>A file attached to the task; it is copied into the work folder before the run starts.</summary>
    public string? AttachedFilePath
    {
        get;
        init
        {
            if (value is not null && !File.Exists(value))
            {
                throw new FileNotFoundException(
                    $"The task's attached file '{value}' does not exist; give an existing file or none.", value);
            }

            field = value is null ? null : Path.GetFullPath(value);
        }
    }

    /// <summary>Where the transcript is written as text when a run ends (best effort); null writes it nowhere.</summary>
    public string? TranscriptFile
    {
        get;
        init => field = value is null ? null : Path.GetFullPath(value);
    }

    /// <summary>Called synchronously for every step of a run; keep it quick. An exception from it stops the team with
    /// <see cref="TeamStopReason.Error"/> (from the final Stopped step it reaches the caller of RunAsync).</summary>
    public Action<TeamStep>? OnStep { get; init; }

    /// <summary>The clock for timestamps and latency (default the system clock).</summary>
    public TimeProvider TimeProvider
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(TimeProvider));
            field = value;
        }
    } = TimeProvider.System;
}
