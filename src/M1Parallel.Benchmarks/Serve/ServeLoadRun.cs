using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using M1Parallel.Inference.Chat;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Serving;

namespace M1Parallel.Benchmarks.Serve;

/// <summary>
/// <c>m1p bench serve</c>: a soak test of the OpenAI-compatible server. Starts it in process on loopback over
/// <paramref name="client"/> (whose model <paramref name="scheduler"/> runs), fires a bounded number of requests from N
/// concurrent clients (JSON and streaming, with random disconnects), then checks that every request was answered or
/// cleanly cancelled, the server is healthy, no sequence leaked and memory stayed flat. One run per instance.
/// </summary>
public sealed class ServeLoadRun(ServeLoadSettings settings, InferenceScheduler scheduler, LocalChatClient client, TextWriter progress)
{
    /// <summary>Managed heap growth from before to after the load beyond which memory is not called flat.</summary>
    public const long FlatMemoryBytes = 64L * 1024 * 1024;

    private const int Warmups = 4;
    private static readonly string[] Topics = ["a cat", "a dragon", "the sea", "a lost key", "a small robot", "the moon", "a red ball", "a brave girl"];
    private readonly List<double> _latencies = [];
    private readonly List<string> _failures = [];
    private int _answered, _cancelled, _failed, _disconnects, _streamed, _next = -1;
    private long _tokens;

    private enum Outcome { Answered, Cancelled, Failed }

    /// <summary>Runs the load, at the latest until <see cref="ServeLoadSettings.Timeout"/>, and reports figures and checks.</summary>
    public async Task<ServeLoadReport> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var ct = deadline.Token;
        var modelId = Path.GetFileNameWithoutExtension(scheduler.Model.Path);
        // Every client at the server's limit: a client that hangs up sends its next request at once, and finds the place
        // its last one held already free (or waits the moment it takes the server to notice), never a 429.
        var options = new OpenAiServerOptions { MaxConcurrentRequests = settings.Clients, MaxTokens = Math.Max(settings.MaxTokens, 16), DefaultMaxTokens = 16 };
        await using var server = await OpenAiCompatibleServer.StartAsync(client, options, scheduler, ct);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Clients + 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

        // Warm up (first-call allocations, JIT) before the memory baseline.
        var warmRandom = new Random(settings.Seed + 7919);
        for (var i = 0; i < Warmups; i++)
        {
            await SendAsync(http, modelId, i, stream: i % 2 == 0, disconnect: false, warmRandom, ct);
        }

        _answered = _cancelled = _failed = 0;
        _latencies.Clear();
        _failures.Clear();
        _tokens = 0;
        var (managedBefore, workingBefore) = Memory();
        var clock = Stopwatch.StartNew();
        var report = 0;
        (long Managed, long WorkingSet)? midpoint = null;
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(HashCode.Combine(settings.Seed, c));
            int index;
            while ((index = Interlocked.Increment(ref _next)) < settings.Requests && !ct.IsCancellationRequested)
            {
                var stream = random.NextDouble() < 0.5;
                var disconnect = random.NextDouble() < settings.DisconnectRate;
                var outcome = await SendAsync(http, modelId, index, stream, disconnect, random, ct);
                lock (_latencies)
                {
                    _ = outcome switch
                    {
                        Outcome.Answered => ++_answered,
                        Outcome.Cancelled => ++_cancelled,
                        _ => ++_failed,
                    };
                    _disconnects += disconnect ? 1 : 0;
                    _streamed += stream ? 1 : 0;
                    var done = _answered + _cancelled + _failed;
                    if (done * 2 >= settings.Requests && midpoint is null)
                    {
                        midpoint = Memory();
                    }

                    if (done * 10 / settings.Requests > report)
                    {
                        report = done * 10 / settings.Requests;
                        progress.WriteLine($"  {done}/{settings.Requests} requests ({_answered} answered, {_cancelled} cancelled, {_failed} failed)");
                    }
                }
            }
        }, CancellationToken.None)));
        clock.Stop();
        var timedOut = ct.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
        if (timedOut)
        {
            lock (_latencies)
            {
                _failures.Add($"the run passed --timeout {settings.Timeout.TotalSeconds:0} s with {settings.Requests - _answered - _cancelled - _failed} requests not sent");
            }
        }

        // Every generation must end: wait (bounded) for the server to have nothing in flight.
        var quiet = await WaitAsync(() => server.Requests.InFlight == 0, TimeSpan.FromSeconds(30));
        var mismatches = (await scheduler.InspectCacheAsync()).Count(c => c.Tracked != c.InCache);
        var healthy = false;
        var probe = Outcome.Failed;
        try
        {
            using var probeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            healthy = (await http.GetAsync("health", probeTimeout.Token)).StatusCode == HttpStatusCode.OK;
            probe = await SendAsync(http, modelId, -1, stream: false, disconnect: false, new Random(1), probeTimeout.Token, record: false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            _failures.Add($"health probe: {e.Message}");
        }

        var (managedAfter, workingAfter) = Memory();
        var counts = server.Requests;
        var metrics = scheduler.Metrics;
        var sorted = _latencies.Order().ToArray();
        return new ServeLoadReport
        {
            Model = modelId,
            Clients = settings.Clients,
            ServerLimit = options.MaxConcurrentRequests,
            Requests = settings.Requests,
            DisconnectRate = settings.DisconnectRate,
            DisconnectsInjected = _disconnects,
            Answered = _answered,
            Cancelled = _cancelled,
            Failed = _failed,
            FailureSamples = _failures.Take(10).ToList(),
            Streamed = _streamed,
            CompletionTokens = _tokens,
            LatencyP50Ms = Percentile(sorted, 0.50),
            LatencyP95Ms = Percentile(sorted, 0.95),
            LatencyMaxMs = sorted.Length == 0 ? 0 : sorted[^1],
            DurationSeconds = clock.Elapsed.TotalSeconds,
            ManagedBytesBefore = managedBefore,
            ManagedBytesAtHalf = (midpoint ?? (managedBefore, workingBefore)).Managed,
            ManagedBytesAfter = managedAfter,
            WorkingSetBytesBefore = workingBefore,
            WorkingSetBytesAtHalf = (midpoint ?? (managedBefore, workingBefore)).WorkingSet,
            WorkingSetBytesAfter = workingAfter,
            Server = counts,
            BatchOccupancy = metrics.BatchOccupancy,
            GeneratedTokensPerSecond = metrics.GeneratedTokensPerSecond,
            ReusedPromptTokens = metrics.ReusedPromptTokens,
            SchedulerCancelled = metrics.Cancelled,
            Checks = new Dictionary<string, bool>
            {
                ["every request answered or cleanly cancelled"] = _failed == 0 && !timedOut && _answered + _cancelled == settings.Requests,
                ["server ended every request"] = quiet,
                ["server reported no failure or rejection"] = counts.Failed == 0 && counts.Rejected == 0 && counts.Invalid == 0,
                // Warm-up and probe included; a client may count as cancelled what the server finished just before the hang-up.
                ["server and client counts agree"] = counts.Completed >= _answered + Warmups + 1 && counts.Completed + counts.Cancelled <= settings.Requests + Warmups + 1,
                ["scheduler idle"] = metrics.Active == 0 && metrics.Waiting == 0,
                ["healthy afterwards"] = healthy && probe == Outcome.Answered,
                ["no leaked sequence"] = mismatches == 0,
                // From half-way on the load is steady, so memory should be too; the first half grows pools and thread stacks.
                ["memory flat"] = managedAfter - managedBefore < FlatMemoryBytes &&
                                  workingAfter - (midpoint ?? (managedBefore, workingBefore)).WorkingSet < FlatMemoryBytes,
            },
        };
    }

    private async Task<Outcome> SendAsync(HttpClient http, string modelId, int index, bool stream, bool disconnect, Random random,
        CancellationToken ct, bool record = true)
    {
        var maxTokens = random.Next(8, settings.MaxTokens + 1);
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = modelId,
            ["messages"] = new[] { new { role = "user", content = $"Tell me story {index} about {Topics[Math.Abs(index) % Topics.Length]}." } },
            ["max_tokens"] = maxTokens,
            ["temperature"] = 0.8,
            ["seed"] = Math.Abs(index),
            ["stream"] = stream,
            ["stream_options"] = new { include_usage = true },
        });
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (disconnect && !stream)
        {
            abandon.CancelAfter(TimeSpan.FromMilliseconds(random.Next(1, 40)));
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abandon.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Fail(record, $"request {index}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(abandon.Token)}");
            }

            long tokens;
            if (stream)
            {
                var (complete, streamedTokens, problem) = await ReadStreamAsync(response, disconnect, abandon, abandon.Token);
                if (disconnect && !complete)
                {
                    return Outcome.Cancelled;
                }

                if (problem is not null)
                {
                    return Fail(record, $"request {index}: {problem}");
                }

                tokens = streamedTokens;
            }
            else
            {
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(abandon.Token));
                tokens = document.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt64();
                if (document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").ValueKind != JsonValueKind.String)
                {
                    return Fail(record, $"request {index}: the reply has no text content");
                }
            }

            if (record)
            {
                lock (_latencies)
                {
                    _latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    _tokens += tokens;
                }
            }

            return Outcome.Answered;
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return Outcome.Cancelled;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or KeyNotFoundException or OperationCanceledException or InvalidOperationException)
        {
            return Fail(record, $"request {index}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Reads an SSE stream to [DONE]; a disconnecting client hangs up after its first content chunk.</summary>
    private static async Task<(bool Complete, long Tokens, string? Problem)> ReadStreamAsync(HttpResponseMessage response, bool disconnect,
        CancellationTokenSource abandon, CancellationToken ct)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        long tokens = -1;
        var chunks = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                return tokens >= 0 ? (true, tokens, null) : (true, 0, "the stream ended without a usage chunk");
            }

            using var chunk = JsonDocument.Parse(data);
            if (chunk.RootElement.TryGetProperty("error", out var error))
            {
                return (false, 0, $"error event: {error.GetRawText()}");
            }

            if (chunk.RootElement.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                tokens = usage.GetProperty("completion_tokens").GetInt64();
            }

            if (disconnect && ++chunks >= 2)
            {
                await abandon.CancelAsync();
                return (false, 0, null);
            }
        }

        return (false, 0, "the stream ended without [DONE]");
    }

    private Outcome Fail(bool record, string why)
    {
        if (record)
        {
            lock (_latencies)
            {
                _failures.Add(why);
            }
        }

        return Outcome.Failed;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return true;
    }

    private static (long Managed, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
