using Spectre.Console;

namespace M1Parallel.Cli.Hosting;

/// <summary>Spectre.Console consoles over a command's writer: live and coloured on a terminal, plain (no ANSI, ASCII
/// borders, wide lines) when the writer is redirected to a file or pipe, so logs stay readable.</summary>
internal static class SpectreConsoles
{
    /// <summary>Width of lines written when the output is not a terminal (no terminal to wrap at).</summary>
    private const int RedirectedWidth = 240;

    /// <summary>Whether <paramref name="output"/> is the process's standard output or error and that goes to a terminal.</summary>
    public static bool IsTerminal(TextWriter output) =>
        (output == Console.Out && !Console.IsOutputRedirected) || (output == Console.Error && !Console.IsErrorRedirected);

    /// <summary>A console writing to <paramref name="output"/>, live when <paramref name="terminal"/>, plain otherwise.</summary>
    public static IAnsiConsole Create(TextWriter output, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Capabilities.Unicode = false;
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
