using System.Diagnostics;
using System.Text;

namespace M1Parallel.Cli.Tests.TestSupport;

/// <summary>The built <c>m1p</c> (the m1p.dll beside the tests) run as a child process, its output collected.</summary>
internal sealed class M1pProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private M1pProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The child's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the child has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and error so far, interleaved line by line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet m1p.dll ARGS</c> in <paramref name="workingDirectory"/> with the extra environment variables.</summary>
    public static M1pProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "m1p.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"m1p.dll is not beside the tests ({dll}); build tests/M1Parallel.Cli.Tests first.");
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new M1pProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the child to exit (and its output to be read) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Sends the child a signal by name (INT, TERM) with <c>kill</c>, as a terminal's Ctrl+C or a service manager would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {name} {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Kills the child at once (SIGKILL on Unix: no handler, no finally block, no flush runs).</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>Whether the child has the file at <paramref name="path"/> open (Linux: one of its /proc fds links to it).</summary>
    public bool HasOpen(string path)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{_process.Id}/fd"))
            {
                if (new FileInfo(fd).LinkTarget == path)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An fd closed while it was being read, or the process ended: not open.
        }

        return false;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
