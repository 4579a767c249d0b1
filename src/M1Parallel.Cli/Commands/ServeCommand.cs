using System.CommandLine;
using M1Parallel.Cli.Hosting;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Chat;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Serving;

namespace M1Parallel.Cli.Commands;

/// <summary><c>m1p serve</c>: a local GGUF model as an OpenAI-compatible server until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "GGUF model file", Required = true };
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "address to bind; anything but loopback needs --api-key-env", DefaultValueFactory = _ => "127.0.0.1" };
        var keyVariable = new Option<string?>("--api-key-env") { Description = "environment variable holding the API key clients must send as Bearer" };
        var maxConcurrent = new Option<int>("--max-concurrent") { Description = "requests served at once; more wait for a place (--max-queue)", DefaultValueFactory = _ => 64 };
        var maxQueue = new Option<int>("--max-queue")
        {
            Description = "requests that may wait for a place, first come first served; one more gets 429 with Retry-After (0: no waiting)",
            DefaultValueFactory = _ => 64,
        };
        var queueTimeout = new Option<double>("--queue-timeout") { Description = "seconds a request may wait for a place before a 429", DefaultValueFactory = _ => 10 };
        var shutdownGrace = new Option<double>("--shutdown-grace")
        {
            Description = "seconds requests in flight get to finish when the server stops (Ctrl+C) before their generations are cancelled",
            DefaultValueFactory = _ => 5,
        };
        var maxTokens = new Option<int>("--max-tokens") { Description = "largest max_tokens a request may ask for", DefaultValueFactory = _ => 8192 };
        var command = new Command("serve", "Serve a local GGUF model over an OpenAI-compatible API (/v1/chat/completions, /v1/models, /health, /metrics) until Ctrl+C.")
        {
            model, port, host, keyVariable, maxConcurrent, maxQueue, queueTimeout, shutdownGrace, maxTokens,
        };
        var local = LocalBackendOptions.AddTo(command, Defaults);
        command.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            string? key = null;
            if (result.GetValue(keyVariable) is { } variable)
            {
                key = Environment.GetEnvironmentVariable(variable);
                if (string.IsNullOrEmpty(key))
                {
                    error.WriteLine($"error: --api-key-env names {variable}, which is not set. Export it first (export {variable}=...).");
                    return 2;
                }
            }

            OpenAiServerOptions options;
            LocalBackendSettings settings;
            try
            {
                settings = local.Read(result);
                options = new OpenAiServerOptions
                {
                    Host = result.GetValue(host)!,
                    Port = result.GetValue(port),
                    ApiKey = key,
                    MaxConcurrentRequests = result.GetValue(maxConcurrent),
                    MaxQueuedRequests = result.GetValue(maxQueue),
                    QueueTimeout = Seconds(result.GetValue(queueTimeout), "--queue-timeout"),
                    ShutdownGracePeriod = Seconds(result.GetValue(shutdownGrace), "--shutdown-grace"),
                    MaxTokens = result.GetValue(maxTokens),
                    DefaultMaxTokens = Math.Min(1024, Math.Max(1, result.GetValue(maxTokens))),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"error: {SettingProblem.OnCommandLine(e)}");
                return 2;
            }

            await using var session = LocalModelSession.Open(result.GetValue(model)!.FullName, settings, error);
            if (session is null)
            {
                return 2;
            }

            var scheduler = session.Scheduler;
            var schedulerOptions = scheduler.Options;
            using var client = new LocalChatClient(scheduler, new LocalChatClientOptions { ModelId = Path.GetFileNameWithoutExtension(session.Model.Path) });
            OpenAiCompatibleServer server;
            try
            {
                server = await OpenAiCompatibleServer.StartAsync(client, options, scheduler, ct);
            }
            catch (IOException e)
            {
                error.WriteLine($"error: cannot listen on {options.Host}:{options.Port}: {e.Message}. Pick another --port (or 0 for any free one).");
                return 1;
            }

            await using (server)
            {
                output.WriteLine($"serving {server.ModelId} at {server.ApiBase} ({schedulerOptions.Policy.ToString().ToLowerInvariant()}, " +
                                 $"{schedulerOptions.MaxSequences} sequences, context {scheduler.ContextSize}, up to {options.MaxConcurrentRequests} requests at once " +
                                 $"and {options.MaxQueuedRequests} waiting{(key is null ? "" : ", API key required")}); Ctrl+C stops");
                using (ct.Register(() => output.WriteLine(
                           $"stopping: no new requests; {server.Requests.InFlight} in flight get up to {options.ShutdownGracePeriod.TotalSeconds:0.#} s to finish")))
                {
                    await server.RunAsync(ct); // then the server, the client and the session (scheduler, model) are disposed, in that order
                }

                var counts = server.Requests;
                output.WriteLine($"stopped: {counts.Completed} answered, {counts.Cancelled} cancelled, {counts.Invalid} invalid, " +
                                 $"{counts.Unauthorized} unauthorized, {counts.Rejected} rejected (429), {counts.Failed} failed");
            }

            return 0;
        });
        return command;
    }

    /// <summary>The local backend <c>serve</c> and <c>bench serve</c> start when the command line does not say: 8
    /// sequences of 1,024 tokens each.</summary>
    internal static LocalBackendSettings Defaults { get; } = new() { Sequences = 8, ContextPerSequence = 1024 };

    private static TimeSpan Seconds(double seconds, string option) =>
        seconds is >= 0 and <= 1e6
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} must be a number of seconds, 0 or more (is {seconds}).");
}
