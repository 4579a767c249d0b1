using System.CommandLine;
using M1Parallel.Cli.Hosting;
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
        var scheduling = SchedulingOptions.Create();
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
        scheduling.AddTo(command);
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
            try
            {
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
                error.WriteLine($"error: {e.Message}");
                return 2;
            }

            if (!scheduling.TryRead(result, error, out var schedulerOptions))
            {
                return 2;
            }

            using var loaded = ModelLoading.Load(result.GetValue(model)!.FullName, scheduling.GpuLayers(result));
            if (loaded is null)
            {
                return 2;
            }

            await using var scheduler = new InferenceScheduler(loaded, schedulerOptions);
            using var client = new LocalChatClient(scheduler, new LocalChatClientOptions { ModelId = Path.GetFileNameWithoutExtension(loaded.Path) });
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
                    await server.RunAsync(ct); // then the server, the client, the scheduler and the model are disposed, in that order
                }

                var counts = server.Requests;
                output.WriteLine($"stopped: {counts.Completed} answered, {counts.Cancelled} cancelled, {counts.Invalid} invalid, " +
                                 $"{counts.Unauthorized} unauthorized, {counts.Rejected} rejected (429), {counts.Failed} failed");
            }

            return 0;
        });
        return command;
    }

    private static TimeSpan Seconds(double seconds, string option) =>
        seconds is >= 0 and <= 1e6
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} must be a number of seconds, 0 or more (is {seconds}).");

    /// <summary>The model and scheduler options <c>serve</c> and <c>bench serve</c> share.</summary>
    internal sealed class SchedulingOptions
    {
        private readonly Option<string> _policy = new("--policy") { Description = "batched (continuous batching) or queued (one at a time)", DefaultValueFactory = _ => "batched" };
        private readonly Option<int> _context = new("--context") { Description = "KV cache size in tokens, shared by all sequences", DefaultValueFactory = _ => 8192 };
        private readonly Option<int> _sequences = new("--sequences") { Description = "sequences decoded together", DefaultValueFactory = _ => 8 };
        private readonly Option<int> _threads = new("--threads") { Description = "CPU threads for llama.cpp (0: all cores)", DefaultValueFactory = _ => 0 };
        private readonly Option<int> _gpuLayers = new("--gpu-layers") { Description = "layers on the GPU (-1 all)", DefaultValueFactory = _ => -1 };

        public static SchedulingOptions Create()
        {
            var options = new SchedulingOptions();
            options._policy.AcceptOnlyFromAmong("batched", "queued");
            return options;
        }

        public void AddTo(Command command)
        {
            command.Options.Add(_policy);
            command.Options.Add(_context);
            command.Options.Add(_sequences);
            command.Options.Add(_threads);
            command.Options.Add(_gpuLayers);
        }

        public int GpuLayers(ParseResult result) => result.GetValue(_gpuLayers);

        public bool TryRead(ParseResult result, TextWriter error, out InferenceSchedulerOptions options)
        {
            options = new InferenceSchedulerOptions
            {
                Policy = result.GetValue(_policy) == "queued" ? SchedulingPolicy.Queued : SchedulingPolicy.Batched,
                ContextSize = result.GetValue(_context),
                MaxSequences = result.GetValue(_sequences),
                Threads = result.GetValue(_threads),
            };
            if (options.ContextSize < 1 || options.MaxSequences is < 1 or > 256 || options.Threads < 0)
            {
                error.WriteLine($"error: --context must be positive (is {options.ContextSize}), --sequences between 1 and 256 (is {options.MaxSequences}), " +
                                $"--threads 0 or more (is {options.Threads}).");
                return false;
            }

            return true;
        }
    }
}
