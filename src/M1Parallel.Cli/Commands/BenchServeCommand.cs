using System.CommandLine;
using System.Text.Json;
using M1Parallel.Benchmarks.Serve;
using M1Parallel.Cli.Hosting;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Chat;

namespace M1Parallel.Cli.Commands;

/// <summary>
/// <c>m1p bench serve</c>: the soak test of the OpenAI-compatible server (<see cref="ServeLoadRun"/>) over a model;
/// reports counts, latency percentiles and memory. Stops by itself (at the latest after --timeout).
/// </summary>
internal static class BenchServeCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "GGUF model file to serve", Required = true };
        var clients = new Option<int>("--clients") { Description = "concurrent clients, also the server's limit of requests served at once", DefaultValueFactory = _ => 64 };
        var requests = new Option<int>("--requests") { Description = "requests in all", DefaultValueFactory = _ => 500 };
        var disconnectRate = new Option<double>("--disconnect-rate") { Description = "share of requests whose client disconnects early (0 to 1)", DefaultValueFactory = _ => 0.1 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "most tokens per request (each asks for a random 8..N)", DefaultValueFactory = _ => 48 };
        var seed = new Option<int>("--seed") { Description = "seed of the random choices (stream or not, disconnect, length)", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout") { Description = "seconds after which the run stops and fails", DefaultValueFactory = _ => 600 };
        var json = new Option<FileInfo?>("--json") { Description = "also write the report as JSON to this file" };
        var command = new Command("serve", "Soak-test the OpenAI-compatible server in process: N clients, random disconnects, then health, leak and memory checks.")
        {
            model, clients, requests, disconnectRate, maxTokens, seed, timeout, json,
        };
        var local = LocalBackendOptions.AddTo(command, ServeCommand.Defaults);
        command.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            ServeLoadSettings settings;
            LocalBackendSettings localSettings;
            try
            {
                localSettings = local.Read(result);
                settings = new ServeLoadSettings(result.GetValue(clients), result.GetValue(requests), result.GetValue(disconnectRate),
                    result.GetValue(maxTokens), result.GetValue(seed), TimeSpan.FromSeconds(result.GetValue(timeout)));
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"error: {SettingProblem.OnCommandLine(e)}");
                return 2;
            }

            await using var session = LocalModelSession.Open(result.GetValue(model)!.FullName, localSettings, error);
            if (session is null)
            {
                return 2;
            }

            using var client = new LocalChatClient(session.Scheduler);
            var report = await new ServeLoadRun(settings, session.Scheduler, client, output).RunAsync(ct);
            output.WriteLine(report.Describe());
            if (result.GetValue(json) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(report, ServeLoadReport.JsonOptions), ct);
                output.WriteLine($"report written to {file.FullName}");
            }

            return report.Passed ? 0 : 1;
        });
        return command;
    }
}
