using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Cli.Hosting;

/// <summary>Words a refused setting for the command line, where its option is named after its spec key.</summary>
internal static class SettingProblem
{
    /// <summary><c>--max-steps: 0 is below the minimum 1</c> for an <see cref="InvalidSettingException"/>; any other message as it is.</summary>
    public static string OnCommandLine(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e is InvalidSettingException s ? $"--{s.Key.Replace('_', '-')}: {s.Problem}" : e.Message;
    }
}
