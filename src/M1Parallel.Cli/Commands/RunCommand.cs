using System.CommandLine;
using M1Parallel.Aggregation;
using M1Parallel.Cli.Hosting;
using M1Parallel.Planning;
using M1Parallel.Running;
using M1Parallel.Teams;
using M1Parallel.Usage;
using Microsoft.Extensions.AI;

namespace M1Parallel.Cli.Commands;

/// <summary><c>m1p run "task"</c>: runs one task with n parallel teams and renders the run's events live.</summary>
internal static class RunCommand
{
    /// <summary>Exit code when the run produced no answer.</summary>
    internal const int NoAnswer = 1;

    /// <summary>Exit code for configuration problems (no backend, bad combination of options).</summary>
    internal const int ConfigurationError = 2;

    /// <summary>Exit code when the user cancelled (Ctrl+C).</summary>
    internal const int Cancelled = 130;

    /// <summary>Creates the command: backends come from --model (a local GGUF) and/or --hosted-endpoint, roles from --route.</summary>
    public static Command Create() => Create(static (request, _) => Task.FromResult(RunBackendsBuilder.Build(request)));

    /// <summary>Creates the command over a source of backends that ignores the backend options (tests supply scripted ones).</summary>
    internal static Command Create(Func<CancellationToken, Task<RunBackends?>> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        return Create((_, cancellationToken) => backends(cancellationToken));
    }

    /// <summary>Creates the command over a source of backends built from the command line's backend options.</summary>
    internal static Command Create(Func<RunBackendRequest, CancellationToken, Task<RunBackends?>> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        var task = new Argument<string>("task") { Description = "The task for the teams, in quotes." };
        var teams = new Option<int>("--teams") { Description = "Number of teams n that run at once.", DefaultValueFactory = _ => 3 };
        var mode = new Option<string>("--mode") { Description = "early: the first answer wins; aggregate: wait for k answers.", DefaultValueFactory = _ => "early" };
        mode.AcceptOnlyFromAmong("early", "aggregate");
        var k = new Option<int?>("--k") { Description = "Answers to wait for in aggregate mode (default: all teams)." };
        var aggregator = new Option<string>("--aggregator") { Description = "How aggregate mode decides: llm or majority.", DefaultValueFactory = _ => "llm" };
        aggregator.AcceptOnlyFromAmong("llm", "majority");
        var replans = new Option<int>("--replans") { Description = "New plans a failed team may get from the failure memory.", DefaultValueFactory = _ => 1 };

        var model = new Option<FileInfo?>("--model") { Description = "Local GGUF model (backend 'local'); every role uses it unless routed elsewhere." };
        var policy = new Option<string>("--policy") { Description = "How the local scheduler serves the teams: batched (decoded together) or queued (one at a time).", DefaultValueFactory = _ => "batched" };
        policy.AcceptOnlyFromAmong("batched", "queued");
        var context = new Option<int>("--context") { Description = "Local KV cache size in tokens, shared by all sequences (0: automatic).", DefaultValueFactory = _ => 0 };
        var sequences = new Option<int?>("--sequences") { Description = "Sequences the local model decodes together (default: one per team)." };
        var maxOutputTokens = new Option<int?>("--max-output-tokens") { Description = "Cap on every model reply, in tokens." };
        var gpuLayers = new Option<int>("--gpu-layers") { Description = "Model layers on the GPU (-1 all, 0 none).", DefaultValueFactory = _ => -1 };
        var threads = new Option<int>("--threads") { Description = "CPU threads of the local scheduler (0: every core).", DefaultValueFactory = _ => 0 };
        var hostedEndpoint = new Option<string?>("--hosted-endpoint") { Description = "OpenAI-compatible base URL ending in /v1 (backend 'hosted')." };
        var hostedModel = new Option<string?>("--hosted-model") { Description = "The model the hosted endpoint serves, e.g. gpt-4o." };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Environment variable holding the hosted API key (never the key itself)." };
        var route = new Option<string[]>("--route") { Description = "role=backend, e.g. --route aggregator=hosted (roles: " + MagenticOne.Teams.TeamRoles.WireNames + ").", AllowMultipleArgumentsPerToken = false };
        var file = new Option<FileInfo?>("--file") { Description = "A file attached to the task, copied into every team's folder." };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Where the teams work (default: a new temporary folder)." };
        var maxTurns = new Option<int>("--max-turns") { Description = "Orchestrator turns per team before it gives up.", DefaultValueFactory = _ => 20 };
        var searchUrl = new Option<string?>("--search-url") { Description = "The WebSurfer's search URL with {query}, e.g. http://127.0.0.1:8080/search?q={query}." };

        var command = new Command("run", "Run one task with n parallel Magentic-One teams (early stop or aggregation), showing events live.")
        {
            task, teams, mode, k, aggregator, replans, model, policy, context, sequences, maxOutputTokens, gpuLayers, threads,
            hostedEndpoint, hostedModel, apiKeyEnv, route, file, work, maxTurns, searchUrl,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (Validate(parse.GetValue(teams), parse.GetValue(mode) == "aggregate", parse.GetValue(k), parse.GetValue(replans)) is { } problem)
            {
                await error.WriteLineAsync($"m1p run: {problem}").ConfigureAwait(false);
                return ConfigurationError;
            }

            if (parse.GetValue(context) < 0 || parse.GetValue(sequences) is < 1 || parse.GetValue(maxOutputTokens) is < 1 || parse.GetValue(maxTurns) < 1 || parse.GetValue(threads) < 0)
            {
                await error.WriteLineAsync("m1p run: --context and --threads must be 0 or more, and --sequences, --max-output-tokens and --max-turns 1 or more.").ConfigureAwait(false);
                return ConfigurationError;
            }

            var request = new RunBackendRequest(
                parse.GetValue(model)?.FullName, parse.GetValue(policy)!, parse.GetValue(context), parse.GetValue(sequences), parse.GetValue(teams),
                parse.GetValue(maxOutputTokens), parse.GetValue(gpuLayers), parse.GetValue(threads), parse.GetValue(hostedEndpoint), parse.GetValue(hostedModel),
                parse.GetValue(apiKeyEnv), parse.GetValue(route) ?? [], parse.GetValue(file)?.FullName, parse.GetValue(work)?.FullName,
                parse.GetValue(maxTurns), parse.GetValue(searchUrl), error);
            RunBackends? configured;
            try
            {
                configured = await backends(request, cancellationToken).ConfigureAwait(false);
            }
            catch (BackendStartException e)
            {
                await error.WriteLineAsync($"m1p run: {e.Message}").ConfigureAwait(false);
                return ConfigurationError;
            }

            if (configured is null)
            {
                await error.WriteLineAsync(
                    "m1p run: no model backend is configured, so nothing was run. A run needs a planner and team backend: " +
                    "--model PATH.gguf (a local Qwen3 model) or --hosted-endpoint URL --hosted-model NAME (an OpenAI-compatible " +
                    "endpoint), and for --aggregator llm an aggregator backend (every role uses the first backend unless " +
                    "--route role=backend says otherwise). Give one, then run again.").ConfigureAwait(false);
                return ConfigurationError;
            }

            await using var owner = configured.Owner;

            var n = parse.GetValue(teams);
            var aggregate = parse.GetValue(mode) == "aggregate";
            IAggregator? chosen = null;
            if (aggregate)
            {
                if (parse.GetValue(aggregator) == "majority")
                {
                    chosen = new MajorityAggregator();
                }
                else if (configured.Aggregator is { } model)
                {
                    chosen = new LlmAggregator(model);
                }
                else
                {
                    await error.WriteLineAsync("m1p run: --aggregator llm needs a backend for the aggregator role; configure one or use --aggregator majority.").ConfigureAwait(false);
                    return ConfigurationError;
                }
            }

            var options = aggregate
                ? ParallelRunOptions.Aggregate(n, parse.GetValue(k) ?? n, chosen!, parse.GetValue(replans))
                : ParallelRunOptions.EarlyStop(n, parse.GetValue(replans));
            var time = configured.Time ?? TimeProvider.System;
            var start = time.GetUtcNow();
            var run = new ParallelTeams(configured.Teams, configured.Planner, time).Start(parse.GetValue(task)!, options, cancellationToken);
            try
            {
                await foreach (var item in run.Events.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(item.Describe(start)).ConfigureAwait(false);
                }

                var result = await run.Completion.ConfigureAwait(false);
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync(result.Outcome == RunOutcome.Answered ? $"Answer: {result.Answer}" : "No answer: every team ended without one.").ConfigureAwait(false);
                var usage = result.TeamUsageAtDecision;
                await output.WriteLineAsync(
                    $"Decided after {result.Latency.TotalSeconds:0.0} s; teams used {usage.InputTokens:N0} prompt + {usage.OutputTokens:N0} completion tokens " +
                    $"up to then (${result.CostAtDecision(PricingTable.Gpt4o):0.0000} at GPT-4o prices).").ConfigureAwait(false);
                return result.Outcome == RunOutcome.Answered ? 0 : NoAnswer;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("m1p run: cancelled; every team was stopped.").ConfigureAwait(false);
                return Cancelled;
            }
            catch (Exception ex) when (ex is PlanningException or AggregationException)
            {
                await error.WriteLineAsync($"m1p run: {ex.Message}").ConfigureAwait(false);
                return NoAnswer;
            }
        });
        return command;
    }

    private static string? Validate(int teams, bool aggregate, int? k, int replans) =>
        teams < 1 ? "--teams must be 1 or more."
        : k is not null && !aggregate ? "--k only applies to --mode aggregate (early stop always takes the first answer)."
        : k is < 1 || k > teams ? $"--k must be between 1 and --teams ({teams})."
        : replans < 0 ? "--replans cannot be negative (0 turns re-planning off)."
        : null;

    /// <summary>What a run needs: a planner, a team factory, optionally an aggregator model, a clock and what to dispose after the run.</summary>
    internal sealed record RunBackends(IPlanner Planner, ITeamFactory Teams, IChatClient? Aggregator, TimeProvider? Time = null, IAsyncDisposable? Owner = null);
}
