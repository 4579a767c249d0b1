using System.CommandLine;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// Runs a parsed <c>m1p</c> command line: the one place where SIGINT and SIGTERM become the cancellation token every
/// command's action receives. A command stopped that way exits with its own code (<c>serve</c> 0 after a clean stop,
/// <c>experiment</c> and <c>run</c> 130 with their own message); one that lets the cancellation escape exits with
/// <see cref="Interrupted"/>. The process never ends while the command is still stopping, unless a second signal asks.
/// </summary>
internal static class CliInvocation
{
    /// <summary>Exit code of a command stopped by SIGINT or SIGTERM before it finished (128 + SIGINT, as shells report Ctrl+C).</summary>
    public const int Interrupted = 130;

    /// <summary>Runs the command with signal handling on, and returns its exit code.</summary>
    public static async Task<int> InvokeAsync(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var configuration = new InvocationConfiguration
        {
            // This class handles the signals; System.CommandLine's own handling would end the process two seconds
            // after the first one, while the command is still stopping (a run half-abandoned, the model not freed).
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        using var signals = new TerminationSignals(configuration.Error, ImmediateExit.Now).Listen();
        return await InvokeAsync(parseResult, configuration, signals).ConfigureAwait(false);
    }

    /// <summary>Runs the command with the stop request of <paramref name="signals"/> as its cancellation token.</summary>
    internal static async Task<int> InvokeAsync(ParseResult parseResult, InvocationConfiguration configuration, TerminationSignals signals)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(signals);
        try
        {
            return await parseResult.InvokeAsync(configuration, signals.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signals.StopRequested)
        {
            await configuration.Error.WriteLineAsync($"{CommandOf(parseResult)}: interrupted; stopped before it finished.").ConfigureAwait(false);
            return Interrupted;
        }
#pragma warning disable CA1031 // The process boundary: what System.CommandLine's default handler would print, it prints.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await configuration.Error.WriteLineAsync($"Unhandled exception: {e}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The command line as typed (<c>m1p experiment spec.yaml --work w</c>), quoted for a POSIX shell, to run it again.</summary>
    public static string CommandLineOf(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return string.Join(' ', parseResult.Tokens.Select(t => Quote(t.Value)).Prepend("m1p"));
    }

    private static string CommandOf(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        return string.Join(' ', names.Prepend("m1p"));
    }

    private static string Quote(string token) =>
        token.Length > 0 && token.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? token
            : "'" + token.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
