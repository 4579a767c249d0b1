using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using M1Parallel.Cli.Commands;
using M1Parallel.Cli.Tests.TestSupport;

namespace M1Parallel.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(Command command, CancellationToken ct, params string[] args)
    {
        var root = new RootCommand("test") { command };
        var output = new SynchronizedWriter();
        var error = new SynchronizedWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Serve_NonLoopbackHostWithoutKey_RefusesNamingTheKeyOption()
    {
        var (exit, _, error) = await InvokeAsync(ServeCommand.Create(), CancellationToken.None, "serve", "--model", "missing.gguf", "--host", "0.0.0.0");

        Assert.Equal(2, exit);
        Assert.Contains("--api-key-env", error);
    }

    [Fact]
    public async Task Serve_KeyVariableNotSet_RefusesNamingTheVariable()
    {
        var variable = "M1P_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        var (exit, _, error) = await InvokeAsync(ServeCommand.Create(), CancellationToken.None, "serve", "--model", "missing.gguf", "--api-key-env", variable);

        Assert.Equal(2, exit);
        Assert.Contains(variable, error);
        Assert.Contains("not set", error);
    }

    [Theory]
    [InlineData("--queue-timeout", "-1", "--queue-timeout")]
    [InlineData("--shutdown-grace", "-2", "--shutdown-grace")]
    [InlineData("--max-queue", "-1", "MaxQueuedRequests")]
    public async Task Serve_BadQueueOrGraceSetting_RefusesNamingIt(string option, string value, string named)
    {
        var (exit, output, error) = await InvokeAsync(ServeCommand.Create(), CancellationToken.None, "serve", "--model", "missing.gguf", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(named, error);
        Assert.DoesNotContain("serving", output);
    }

    [Fact]
    public async Task Serve_UnknownScheduler_IsAParseError()
    {
        var (exit, _, error) = await InvokeAsync(ServeCommand.Create(), CancellationToken.None, "serve", "--model", "m.gguf", "--scheduler", "fastest");

        Assert.NotEqual(0, exit);
        Assert.Contains("fastest", error);
    }

    [Fact]
    public async Task Serve_MissingModelFile_FailsWithoutServing()
    {
        var (exit, output, _) = await InvokeAsync(ServeCommand.Create(), CancellationToken.None, "serve", "--model", Path.Combine(_dir, "none.gguf"), "--port", "0");

        Assert.Equal(2, exit);
        Assert.DoesNotContain("serving", output);
    }

    [Fact]
    public async Task Serve_StoriesModel_AnswersUntilCancelledThenReportsCounts()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var variable = "M1P_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "k-42");
        var run = InvokeAsync(ServeCommand.Create(), stop.Token, "serve", "--model", TestModels.StoriesChatMl, "--port", port.ToString(),
            "--api-key-env", variable, "--context-per-sequence", "512", "--sequences", "2", "--threads", "1", "--max-concurrent", "4");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "k-42");

        await WaitUntilServingAsync(http, run, stop.Token);
        var reply = await http.PostAsync("v1/chat/completions", new StringContent(
            "{\"model\":\"stories260K-chatml\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":6}"));
        var body = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement;
        var models = await http.GetStringAsync("v1/models");
        await stop.CancelAsync();
        var (exit, output, _) = await run;

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(6, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Contains("stories260K-chatml", models);
        Assert.Equal(0, exit);
        Assert.Contains($"serving stories260K-chatml at http://127.0.0.1:{port}/v1", output);
        Assert.Contains("2 sequences, context 1024", output); // --context-per-sequence 512 × --sequences 2
        Assert.Contains("API key required", output);
        Assert.Contains("stopping: no new requests; 0 in flight get up to 5 s to finish", output);
        Assert.Contains("stopped: 1 answered", output);
    }

    [Fact]
    public async Task BenchServe_SmallLoadWithDisconnects_PassesEveryCheckAndWritesJson()
    {
        var json = Path.Combine(_dir, "bench.json");

        var (exit, output, error) = await InvokeAsync(BenchServeCommand.Create(), CancellationToken.None, "serve",
            "--model", TestModels.StoriesChatMl, "--clients", "6", "--requests", "40", "--disconnect-rate", "0.3", "--max-tokens", "24",
            "--context-per-sequence", "512", "--sequences", "4", "--threads", "1", "--timeout", "300", "--json", json);

        Assert.True(exit == 0, output + error);
        Assert.Contains("PASSED", output);
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal(40, report.GetProperty("requests").GetInt32());
        Assert.Equal(40, report.GetProperty("answered").GetInt32() + report.GetProperty("cancelled").GetInt32());
        Assert.Equal(0, report.GetProperty("failed").GetInt32());
        Assert.True(report.GetProperty("disconnectsInjected").GetInt32() > 0);
        Assert.True(report.GetProperty("latencyP95Ms").GetDouble() >= report.GetProperty("latencyP50Ms").GetDouble());
        Assert.All(report.GetProperty("checks").EnumerateObject(), c => Assert.True(c.Value.GetBoolean(), c.Name));
    }

    [Theory]
    [InlineData("--clients", "0", "--clients")]
    [InlineData("--disconnect-rate", "1.5", "--disconnect-rate")]
    [InlineData("--max-tokens", "2", "--max-tokens")]
    public async Task BenchServe_BadSetting_FailsNamingIt(string option, string value, string named)
    {
        var (exit, _, error) = await InvokeAsync(BenchServeCommand.Create(), CancellationToken.None, "serve", "--model", "m.gguf", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(named, error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilServingAsync(HttpClient http, Task<(int, string, string)> run, CancellationToken ct)
    {
        while (true)
        {
            if (run.IsCompleted)
            {
                var (exit, output, error) = await run;
                Assert.Fail($"serve exited with {exit} before serving: {output} {error}");
            }

            try
            {
                if ((await http.GetAsync("health", ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>A writer the command and the test may use from different threads.</summary>
    private sealed class SynchronizedWriter : StringWriter
    {
        public override void Write(char value)
        {
            lock (this) base.Write(value);
        }

        public override void Write(string? value)
        {
            lock (this) base.Write(value);
        }

        public override void WriteLine(string? value)
        {
            lock (this) base.WriteLine(value);
        }

        public override string ToString()
        {
            lock (this) return base.ToString();
        }
    }
}
