using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Cli.Tests.TestSupport;

/// <summary>What a team asked the model for, read from the prompt (the wire carries no purpose).</summary>
internal enum TeamRequestKind
{
    /// <summary>The planner's plan for one team.</summary>
    Plan,

    /// <summary>The orchestrator's fact survey.</summary>
    Facts,

    /// <summary>The orchestrator's progress ledger.</summary>
    ProgressLedger,

    /// <summary>The orchestrator's final answer.</summary>
    FinalAnswer,

    /// <summary>Anything else (an agent's turn).</summary>
    Other,
}

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> on 127.0.0.1 (free port) that plays a model good enough for
/// Magentic-One teams to finish at once: a plan, facts, a progress ledger saying the request is satisfied, and a final
/// answer looked up by the task's question. It can hold requests from a chosen one on (they wait until
/// <see cref="Release"/> or until the client goes away), so a test knows exactly where a run is when it acts.
/// Given code (<see cref="StartAsync"/>'s <c>code</c>), every team works first: its progress ledger sends WebSurfer to
/// open a page (a real Chromium starts), then Coder to write the code, then ComputerTerminal to run it, and only then
/// says the request is satisfied.
/// </summary>
internal sealed class ScriptedTeamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IReadOnlyDictionary<string, string> _answers;
    private readonly string _expectedAuthorization;
    private readonly string? _code;
    private readonly Lock _gate = new();
    private readonly List<TeamRequestKind> _requests = [];
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (TeamRequestKind Kind, int Number)? _holdFrom;
    private bool _held;

    private ScriptedTeamServer(WebApplication app, IReadOnlyDictionary<string, string> answers, string apiKey, string? code)
    {
        _app = app;
        _answers = answers;
        _expectedAuthorization = "Bearer " + apiKey;
        _code = code;
    }

    /// <summary>The base URL, ending in /v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Completes when the first held request has arrived.</summary>
    public Task Holding => _holding.Task;

    /// <summary>Starts a server answering each question in <paramref name="answers"/> (question → answer) for clients sending
    /// <paramref name="apiKey"/>; with <paramref name="code"/> (Python), each team browses and runs that code before it answers.</summary>
    public static async Task<ScriptedTeamServer> StartAsync(IReadOnlyDictionary<string, string> answers, string apiKey, string? code = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedTeamServer(app, answers, apiKey, code);
        app.MapPost("/v1/chat/completions", server.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("localhost", "127.0.0.1") + "/v1");
        return server;
    }

    /// <summary>Holds the <paramref name="number"/>-th request (1-based) of <paramref name="kind"/> and every request after it.</summary>
    public void HoldFrom(TeamRequestKind kind, int number)
    {
        lock (_gate)
        {
            _holdFrom = (kind, number);
        }
    }

    /// <summary>Lets the held requests (and all later ones) through.</summary>
    public void Release()
    {
        TaskCompletionSource release;
        lock (_gate)
        {
            _holdFrom = null;
            _held = false;
            release = _release;
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        release.TrySetResult();
    }

    /// <summary>How many requests of <paramref name="kind"/> have arrived.</summary>
    public int Count(TeamRequestKind kind)
    {
        lock (_gate)
        {
            return _requests.Count(k => k == kind);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        if (context.Request.Headers.Authorization.ToString() != _expectedAuthorization)
        {
            await Reply(context, 401, """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error"}}""");
            return;
        }

        var request = JsonNode.Parse(body)!;
        if (request["stream"]?.GetValue<bool>() == true)
        {
            await Reply(context, 400, """{"error":{"message":"this fake answers only non-streaming requests"}}""");
            return;
        }

        var messages = request["messages"]!.AsArray();
        var kind = Classify(Text(messages[0]!), Text(messages[^1]!));
        Task? hold = null;
        lock (_gate)
        {
            _requests.Add(kind);
            if (_holdFrom is { } from && (_held || (kind == from.Kind && _requests.Count(k => k == kind) == from.Number)))
            {
                _held = true;
                hold = _release.Task;
            }
        }

        if (hold is not null)
        {
            _holding.TrySetResult();
            try
            {
                await hold.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The client went away (it was killed, or its team was cancelled).
            }
        }

        var answer = _answers.FirstOrDefault(a => body.Contains(a.Key, StringComparison.Ordinal)).Value ?? "unknown";
        if (_code is not null && kind == TeamRequestKind.Other && Text(messages[0]!).StartsWith("You are WebSurfer", StringComparison.Ordinal)
            && messages[^1]!["role"]?.GetValue<string>() != "tool")
        {
            await ReplyWithToolCall(context, request, "visit_url", new { url = "about:blank" });
            return;
        }

        var text = kind switch
        {
            TeamRequestKind.Plan => "1. Coder: answer the question directly.",
            TeamRequestKind.Facts => "1. GIVEN OR VERIFIED FACTS\n- the question itself\n2. FACTS TO LOOK UP\n- none\n3. FACTS TO DERIVE\n- none\n4. EDUCATED GUESSES\n- none",
            TeamRequestKind.ProgressLedger => _code is null ? Ledger() : Ledger(NextWorker(body)),
            TeamRequestKind.FinalAnswer => $"The team has it.\nFINAL ANSWER: {answer}",
            _ when _code is not null && Text(messages[0]!).StartsWith("You are WebSurfer", StringComparison.Ordinal) => "I opened the page.",
            _ when _code is not null && Text(messages[0]!).StartsWith("You are Coder", StringComparison.Ordinal) => $"```python\n{_code}\n```",
            _ => "Nothing to add.",
        };
        await Reply(context, 200, Completion(request, new { role = "assistant", content = text }, "stop"));
    }

    /// <summary>Who works next in a team that browses and runs code before answering (null: the request is satisfied).</summary>
    private static string? NextWorker(string body) =>
        !body.Contains("[WebSurfer]", StringComparison.Ordinal) ? "WebSurfer"
        : !body.Contains("[Coder]", StringComparison.Ordinal) ? "Coder"
        : !body.Contains("[ComputerTerminal]", StringComparison.Ordinal) ? "ComputerTerminal"
        : null;

    private static Task ReplyWithToolCall(HttpContext context, JsonNode request, string function, object arguments) =>
        Reply(context, 200, Completion(request, new
        {
            role = "assistant",
            content = (string?)null,
            tool_calls = new[] { new { id = "call-1", type = "function", function = new { name = function, arguments = JsonSerializer.Serialize(arguments) } } },
        }, "tool_calls"));

    private static string Completion(JsonNode request, object message, string finishReason) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = "chatcmpl-scripted",
        ["object"] = "chat.completion",
        ["created"] = 1700000000,
        ["model"] = request["model"]?.GetValue<string>() ?? "scripted",
        ["choices"] = new[] { new { index = 0, message, finish_reason = finishReason } },
        ["usage"] = new { prompt_tokens = 100, completion_tokens = 10, total_tokens = 110 },
    });

    private static TeamRequestKind Classify(string first, string last) =>
        // A plan per team: the single team's orchestrator writes its own; parallel teams' plans are π1 and the requests
        // for a different one; re-plans come from the manager.
        first.Contains("manager of a small team", StringComparison.Ordinal)
        || last.Contains("write a short plan", StringComparison.Ordinal)
        || last.Contains("Write a different plan", StringComparison.Ordinal) ? TeamRequestKind.Plan
        : last.Contains("FINAL ANSWER: [YOUR FINAL ANSWER]", StringComparison.Ordinal) ? TeamRequestKind.FinalAnswer
        : last.Contains("is_request_satisfied", StringComparison.Ordinal) ? TeamRequestKind.ProgressLedger
        : last.Contains("take stock of what we know", StringComparison.Ordinal) ? TeamRequestKind.Facts
        : TeamRequestKind.Other;

    /// <summary>A message's text, whether its content is a string or a list of parts.</summary>
    private static string Text(JsonNode message) => message["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => string.Empty,
    };

    private static string Ledger(string? next = null) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["is_request_satisfied"] = new { reason = next is null ? "the answer is known" : "work remains", answer = next is null },
        ["is_in_loop"] = new { reason = "no", answer = false },
        ["is_progress_being_made"] = new { reason = "yes", answer = true },
        ["next_speaker"] = new { reason = next is null ? "done" : "their turn", answer = next ?? "Coder" },
        ["instruction_or_question"] = new { reason = next is null ? "done" : "the next step", answer = next is null ? "None." : $"{next}, do your part." },
    });

    private static Task Reply(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }
}
