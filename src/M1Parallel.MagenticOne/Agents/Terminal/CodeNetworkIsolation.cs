namespace M1Parallel.MagenticOne.Agents.Terminal;

/// <summary>Whether this machine can run code without network (<c>code_network: false</c>), asked before a run starts so
/// that a machine that cannot is an error of the run, not a team that failed.</summary>
public static class CodeNetworkIsolation
{
    /// <summary>Returns when <paramref name="terminal"/> lets code reach the network or the machine can cut it off
    /// (<c>unshare -n</c>, or <c>unshare -r -n</c> without root).</summary>
    /// <exception cref="CodeNetworkException">The code may not reach the network and cannot be cut off from it here.</exception>
    public static Task EnsureAvailableAsync(TerminalOptions terminal, CancellationToken cancellationToken) =>
        EnsureAvailableAsync(terminal, "unshare", cancellationToken);

    /// <summary>As <see cref="EnsureAvailableAsync(TerminalOptions, CancellationToken)"/> with another unshare executable (tests).</summary>
    internal static async Task EnsureAvailableAsync(TerminalOptions terminal, string unshare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        if (terminal.Network)
        {
            return;
        }

        var refusal = string.Empty;
        foreach (var flags in new[] { new[] { "-n" }, ["-r", "-n"] })
        {
            var (ok, error) = await CommandProbe.RunAsync([unshare, .. flags, "true"], cancellationToken).ConfigureAwait(false);
            if (ok)
            {
                return;
            }

            refusal = error;
        }

        throw CodeNetworkException.Refused(refusal);
    }
}
