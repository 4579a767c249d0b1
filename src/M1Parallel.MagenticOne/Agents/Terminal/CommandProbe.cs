using System.Diagnostics;

namespace M1Parallel.MagenticOne.Agents.Terminal;

/// <summary>Asks the machine whether it allows something by running a short command (e.g. <c>unshare -n true</c>).</summary>
internal static class CommandProbe
{
    /// <summary>Runs <paramref name="command"/> (at most 5 s); whether it exited with 0, and otherwise what it said (or why it could not start).</summary>
    public static async Task<(bool Ok, string Error)> RunAsync(string[] command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var probe = Process.Start(start);
            if (probe is null)
            {
                return (false, $"{command[0]} could not be started");
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(5));
            var error = probe.StandardError.ReadToEndAsync(limit.Token);
            await probe.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            var said = (await error.ConfigureAwait(false)).Trim();
            return (probe.ExitCode == 0, said.Length > 0 ? said : $"{command[0]} exited with code {probe.ExitCode}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (false, $"{command[0]} could not be started: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"{command[0]} did not finish within 5 s");
        }
    }
}
