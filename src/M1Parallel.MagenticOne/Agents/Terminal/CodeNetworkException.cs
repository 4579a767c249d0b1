namespace M1Parallel.MagenticOne.Agents.Terminal;

/// <summary>Code was to run without network (<c>code_network: false</c>), and this machine does not allow cutting it off
/// (<c>unshare -n</c> is not permitted); the code was not run. The message names the fixes.</summary>
public sealed class CodeNetworkException : InvalidOperationException
{
    /// <summary>Creates the exception; <paramref name="why"/> is what the machine answered when asked for a network namespace.</summary>
    public CodeNetworkException(string why)
        : base(
            $"code_network: false, but this machine does not let code run without network ({why}), so the code was not run. " +
            "Allow network namespaces (run m1p as root, or allow unprivileged user namespaces: sysctl kernel.unprivileged_userns_clone=1 " +
            "and user.max_user_namespaces > 0; in a container, permit unshare), or set code_network: true to let the code reach the network.")
    {
        Why = why;
    }

    /// <summary>What the machine answered when asked for a network namespace.</summary>
    public string Why { get; }

    /// <summary>The exception for a machine that refused both <c>unshare -n</c> and <c>unshare -r -n</c>, the last saying <paramref name="refusal"/>.</summary>
    internal static CodeNetworkException Refused(string refusal) => new($"'unshare -n' and 'unshare -r -n' were refused: {refusal}");
}
