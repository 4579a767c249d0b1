using System.CommandLine;
using System.Diagnostics;
using M1Parallel.Cli.Hosting;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Chat;
using M1Parallel.Inference.Scheduling;
using Microsoft.Extensions.AI;

namespace M1Parallel.Cli.Commands;

/// <summary><c>m1p chat</c>: streams one reply from a local model and reports tokens and speed.</summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "GGUF model file", Required = true };
        var prompt = new Argument<string>("prompt") { Description = "what to say to the model" };
        var maxTokens = new Option<int>("--max-tokens") { Description = "most tokens to generate", DefaultValueFactory = _ => 256 };
        var temperature = new Option<float>("--temperature") { Description = "0 for greedy", DefaultValueFactory = _ => 0f };
        var think = new Option<bool>("--think") { Description = "let Qwen3 think before answering" };
        var system = new Option<string?>("--system") { Description = "system prompt" };
        var command = new Command("chat", "Stream a reply from a local GGUF model; prints token counts and tokens/s.")
        {
            model, prompt, maxTokens, temperature, think, system,
        };
        var local = LocalBackendOptions.AddTo(command, new LocalBackendSettings { Sequences = 1, ContextPerSequence = 4096 }, withSequences: false);
        command.SetAction(async (result, ct) =>
        {
            LocalBackendSettings settings;
            try
            {
                settings = local.Read(result);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {SettingProblem.OnCommandLine(e)}");
                return 2;
            }

            await using var session = LocalModelSession.Open(result.GetValue(model)!.FullName, settings, Console.Error);
            if (session is null)
            {
                return 2;
            }

            var client = new LocalChatClient(session.Scheduler);
            var messages = new List<ChatMessage>();
            if (result.GetValue(system) is { Length: > 0 } s)
            {
                messages.Add(new ChatMessage(ChatRole.System, s));
            }

            messages.Add(new ChatMessage(ChatRole.User, result.GetValue(prompt)));
            var options = new ChatOptions
            {
                MaxOutputTokens = result.GetValue(maxTokens),
                Temperature = result.GetValue(temperature),
                AdditionalProperties = new() { [LocalChatClient.EnableThinkingKey] = result.GetValue(think) },
            };

            var clock = Stopwatch.StartNew();
            UsageDetails? usage = null;
            try
            {
                await foreach (var update in client.GetStreamingResponseAsync(messages, options, ct))
                {
                    foreach (var content in update.Contents)
                    {
                        switch (content)
                        {
                            case TextReasoningContent r: Console.Error.Write(r.Text); break;
                            case TextContent t: Console.Write(t.Text); break;
                            case FunctionCallContent f: Console.WriteLine($"[tool call {f.Name}]"); break;
                            case UsageContent u: usage = u.Details; break;
                        }
                    }
                }
            }
            catch (InferenceException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }

            clock.Stop();
            Console.WriteLine();
            if (usage is not null)
            {
                var decodeMs = usage.AdditionalCounts?.GetValueOrDefault("decode_ms") ?? clock.ElapsedMilliseconds;
                var tps = decodeMs > 0 ? usage.OutputTokenCount!.Value * 1000.0 / decodeMs : 0;
                Console.Error.WriteLine(
                    $"[{usage.InputTokenCount} prompt tokens ({usage.CachedInputTokenCount} reused), {usage.OutputTokenCount} generated, " +
                    $"{tps:F1} tokens/s, first token after {usage.AdditionalCounts?.GetValueOrDefault("time_to_first_token_ms")} ms]");
            }

            return 0;
        });
        return command;
    }
}
