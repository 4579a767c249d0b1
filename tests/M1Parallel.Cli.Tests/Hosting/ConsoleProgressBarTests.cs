using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Hosting;
using M1Parallel.Cli.Tests.TestSupport;

namespace M1Parallel.Cli.Tests.Hosting;

public sealed class ConsoleProgressBarTests
{
    private const char Escape = '\u001b';

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Run_Redirected_WritesAPlainLinePerTenPercentReachedWithoutAnsi()
    {
        var output = new StringWriter();

        var result = new ConsoleProgressBar(output, terminal: false).Run("loading m.gguf", progress =>
        {
            foreach (var value in new[] { 0, 0.05, 0.1, 0.12, 0.37, 0.99, 1.0, 1.0 })
            {
                progress.Report(value);
            }

            return 42;
        });

        Assert.Equal(42, result);
        Assert.Equal(["loading m.gguf   0%", "loading m.gguf  10%", "loading m.gguf  30%", "loading m.gguf  90%", "loading m.gguf 100%"], Lines(output));
        Assert.DoesNotContain(Escape, output.ToString());
    }

    [Fact]
    public void Run_Terminal_DrawsASpectreBarThatEndsFullWithTheLabelShownLiterally()
    {
        var output = new StringWriter();

        var result = new ConsoleProgressBar(output, terminal: true).Run("writing [q4_0]", progress =>
        {
            progress.Report(0.5);
            progress.Report(1);
            return "done";
        });

        Assert.Equal("done", result);
        var text = output.ToString();
        Assert.Contains(Escape, text);
        Assert.Contains("writing [q4_0]", text);
        Assert.Contains("100%", text);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_TheExceptionReachesTheCaller()
    {
        var bar = new ConsoleProgressBar(new StringWriter(), terminal: true);

        await Assert.ThrowsAsync<InvalidOperationException>(() => bar.RunAsync("x", _ => Task.FromException(new InvalidOperationException("boom"))));
    }

    [Fact]
    public void On_WriterThatIsNotTheConsole_IsNotATerminal()
    {
        Assert.False(SpectreConsoles.IsTerminal(new StringWriter()));
    }

    [Fact]
    public async Task ModelsVerify_RedirectedOutput_ShowsHashingAsPlainPercentLines()
    {
        var (exit, output, _) = await ExperimentsCliHarness.InvokeAsync(ModelsCommand.Create(), "models", "verify", TestModels.StoriesChatMl);

        Assert.Equal(0, exit);
        Assert.Contains("  hashing 100%", output);
        Assert.DoesNotContain(Escape, output);
    }
}
