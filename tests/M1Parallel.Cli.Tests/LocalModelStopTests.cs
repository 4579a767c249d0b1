using M1Parallel.TestSupport;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using M1Parallel.Cli.Tests.TestSupport;

namespace M1Parallel.Cli.Tests;

/// <summary>
/// The real <c>m1p serve</c> and <c>m1p bench</c> on the tiny local model as child processes, stopped with real
/// SIGTERM and SIGINT (sent with <c>kill</c>) while they are generating.
/// </summary>
public sealed partial class LocalModelStopTests : IDisposable
{
    /// <summary>Longest any step may take before it counts as hung (a guard, not a measurement).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    /// <summary>"Within a few seconds": how long a stop may take, generous for a loaded test machine.</summary>
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-stop-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LinuxFact]
    public async Task Serve_SigtermDuringAStreamingRequest_CancelsItStopsWithinSecondsAndExitsZero()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        using var child = M1pProcess.Start(_dir, new Dictionary<string, string>(),
            "serve", "--model", TestModels.StoriesChatMl, "--port", "0", "--context-per-sequence", "1024", "--sequences", "2", "--threads", "1");
        var serving = ServingAt().Match(await WhenOutputAsync(child, ServingAt(), guard.Token));
        using var http = new HttpClient { BaseAddress = new Uri(serving.Groups["api"].Value + "/") };

        // A reply far longer than the time the test needs (the end-of-text token is ignored): it is in flight at the signal.
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = new StringContent(
                """{"model":"stories260K-chatml","stream":true,"ignore_eos":true,"max_tokens":1900,"messages":[{"role":"user","content":"Tell a story."}]}""",
                Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}\n{child.Output}");
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        Assert.StartsWith("data: ", await stream.ReadLineAsync(guard.Token));

        var exit = await StopAsync(child, "TERM", guard.Token);

        Assert.True(exit == 0, $"exit {exit}\n{child.Output}");
        Assert.Contains("stopped: 0 answered, 1 cancelled", child.Output);
    }

    [LinuxFact]
    public async Task Bench_SigintWhileReplayingTeams_StopsWithinSecondsExits130WithoutAResultTable()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var json = Path.Combine(_dir, "bench.json");
        using var child = M1pProcess.Start(_dir, new Dictionary<string, string>(),
            "bench", "teams", "--trace", Path.Combine(TestModels.RepoRoot, "experiments", "traces", "gaia-level1-table1-synthetic.json"),
            "--model", TestModels.StoriesChatMl, "--teams", "3", "--threads", "1", "--json", json);

        // The model is loaded: the replay (minutes of decoding at this scale) has begun.
        await WhenOutputAsync(child, ModelLoaded(), guard.Token);
        var exit = await StopAsync(child, "INT", guard.Token);

        Assert.True(exit == 130, $"exit {exit}\n{child.Output}");
        Assert.Contains("m1p bench teams: interrupted; stopped before it finished.", child.Output);
        Assert.DoesNotContain("first finish s", child.Output);
        Assert.False(File.Exists(json), "a benchmark stopped part-way wrote its JSON");
    }

    /// <summary>Sends the signal, asserts the child exits within <see cref="StopLimit"/>, and returns its exit code.</summary>
    private static async Task<int> StopAsync(M1pProcess child, string signal, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        child.Signal(signal);
        var exit = await child.WaitForExitAsync(cancellationToken);
        Assert.True(clock.Elapsed < StopLimit, $"SIG{signal} took {clock.Elapsed.TotalSeconds:0.0} s to stop m1p\n{child.Output}");
        return exit;
    }

    private static async Task<string> WhenOutputAsync(M1pProcess child, Regex pattern, CancellationToken cancellationToken)
    {
        while (!pattern.IsMatch(child.Output))
        {
            Assert.False(child.HasExited, $"m1p exited before printing /{pattern}/\n{child.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return child.Output;
    }

    [GeneratedRegex(@"serving \S+ at (?<api>http://\S+/v1) ")]
    private static partial Regex ServingAt();

    [GeneratedRegex(@"llama .* parameters")]
    private static partial Regex ModelLoaded();
}
