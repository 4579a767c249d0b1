namespace M1Parallel.MagenticOne.Agents.Terminal;

/// <summary>How the ComputerTerminal runs code: time limit, output cap, resource limits, network isolation.</summary>
public sealed record TerminalOptions
{
    /// <summary>Longest a code block may run before its whole process group is killed (default 60 s).</summary>
    public TimeSpan Timeout
    {
        get;
        init
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(Timeout), value, "The terminal time limit must be positive, e.g. TimeSpan.FromSeconds(60).");
            }

            field = value;
        }
    } = TimeSpan.FromSeconds(60);

    /// <summary>Most characters of output (stdout and stderr together) kept per run (default 16,000).</summary>
    public int MaxOutputChars
    {
        get;
        init
        {
            if (value < 100)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxOutputChars), value, "The output cap must be at least 100 characters.");
            }

            field = value;
        }
    } = 16_000;

    /// <summary>Virtual memory limit per process in MiB (ulimit -v); 0 for none (default 4096).</summary>
    public int MemoryLimitMiB
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MemoryLimitMiB));
            field = value;
        }
    } = 4096;

    /// <summary>Most processes and threads one run may have at once: a pids cgroup where one can be made (also for root),
    /// else only ulimit -u (per user, not for root; the result notes it); 0 for none (default 4096).</summary>
    public int MaxProcesses
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxProcesses));
            field = value;
        }
    } = 4096;

    /// <summary>Whether the code may reach the network (<c>code_network</c>, default true: GAIA tasks need it, e.g. to
    /// geocode or to fetch a dataset). False runs it in a network namespace of its own (<c>unshare -n</c>), where it sees
    /// only a loopback device of its own; where that is not permitted, the code is not run and
    /// <see cref="CodeNetworkException"/> says why. Independently, code always runs in its own PID namespace where allowed,
    /// so that nothing it starts outlives the run.</summary>
    public bool Network { get; init; } = true;

    /// <summary>The python interpreter (default <c>python3</c>).</summary>
    public string PythonExecutable
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(PythonExecutable));
            field = value;
        }
    } = "python3";
}
