using System.CommandLine;
using M1Parallel.Aggregation;
using M1Parallel.Cli.Hosting;
using M1Parallel.Experiments.Specs;
using M1Parallel.MagenticOne.Agents.Terminal;
using M1Parallel.Cli.Hosting.Telemetry;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Planning;
using M1Parallel.Routing;
using M1Parallel.Running;
using M1Parallel.Usage;

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

    /// <summary>Creates the command: backends come from --model (a local GGUF) and/or --hosted-endpoint, roles from --route,
    /// and the run is the one <see cref="MethodRunner"/> <c>m1p experiment</c> uses too.</summary>
    public static Command Create()
    {
        var task = new Argument<string>("task") { Description = "The task for the teams, in quotes." };
        var kind = new Option<string>("--kind") { Description = "early_stop: the first answer wins; aggregate: wait for k answers; single: one team.", DefaultValueFactory = _ => "early_stop" };
        kind.AcceptOnlyFromAmong("early_stop", "aggregate", "single");
        var teams = new Option<int?>("--teams") { Description = "Number of teams n that run at once (default 3; 1 for --kind single)." };
        var k = new Option<int?>("--k") { Description = "Answers to wait for with --kind aggregate (default: all teams)." };
        var aggregator = new Option<string?>("--aggregator") { Description = "How --kind aggregate decides: llm (default) or majority." };
        aggregator.AcceptOnlyFromAmong("llm", "majority");
        var planning = new Option<string>("--planning") { Description = "How the parallel teams' plans are made: diverse (each asked to differ from the ones before, the paper's default) or repeated (the first plan sampled n times).", DefaultValueFactory = _ => "diverse" };
        planning.AcceptOnlyFromAmong("diverse", "repeated");
        var onLimit = new Option<string>("--on-limit") { Description = "A team that hits --max-steps or never states 'FINAL ANSWER:': fail (no answer, as scored in the paper) or best_guess (asked for its best guess).", DefaultValueFactory = _ => "fail" };
        onLimit.AcceptOnlyFromAmong("fail", "best_guess");
        var codeNetwork = new Option<bool>("--code-network") { Description = "Whether code the ComputerTerminal runs may reach the network (false: a network namespace of its own, refused where the machine does not allow one).", DefaultValueFactory = _ => true };
        var replans = new Option<int>("--replans") { Description = "New plans a failed team may get from the failure memory.", DefaultValueFactory = _ => 1 };

        var model = new Option<FileInfo?>("--model") { Description = "Local GGUF model (backend 'local'); every role uses it unless routed elsewhere." };
        var maxOutputTokens = new Option<int?>("--max-output-tokens") { Description = "Cap on every model reply, in tokens." };
        var hostedEndpoint = new Option<string?>("--hosted-endpoint") { Description = "OpenAI-compatible base URL ending in /v1 (backend 'hosted')." };
        var hostedModel = new Option<string?>("--hosted-model") { Description = "The model the hosted endpoint serves, e.g. gpt-4o." };
        var apiKeyEnv = new Option<string?>("--api-key-env") { Description = "Environment variable holding the hosted API key (never the key itself)." };
        var route = new Option<string[]>("--route") { Description = "role=backend, e.g. --route aggregator=hosted (roles: " + TeamRoles.WireNames + ").", AllowMultipleArgumentsPerToken = false };
        var file = new Option<FileInfo?>("--file") { Description = "A file attached to the task, copied into every team's folder." };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Where the teams work (default: a new temporary folder)." };
        var maxSteps = new Option<int>("--max-steps") { Description = "Orchestrator steps per team before it gives up.", DefaultValueFactory = _ => 20 };
        var maxLedgerAttempts = new Option<int>("--max-ledger-attempts")
        {
            Description = "Attempts at a parseable progress ledger per step (spec: max_ledger_attempts).",
            DefaultValueFactory = _ => new TeamSettings().MaxLedgerAttempts,
        };
        var searchUrl = new Option<string?>("--search-url") { Description = "The WebSurfer's search URL with {query}, e.g. http://127.0.0.1:8080/search?q={query}." };

        var command = new Command("run", "Run one task with n parallel Magentic-One teams (early stop or aggregation), showing events live.")
        {
            task, kind, teams, k, aggregator, planning, onLimit, codeNetwork, replans, model, maxOutputTokens,
            hostedEndpoint, hostedModel, apiKeyEnv, route, file, work, maxSteps, maxLedgerAttempts, searchUrl,
        };
        var local = LocalBackendOptions.AddTo(command, new LocalBackendSettings());
        var telemetry = TelemetryOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            MethodSettings settings;
            LocalBackendSettings localSettings;
            try
            {
                localSettings = local.Read(parse);
                settings = Settings(parse.GetValue(kind)!, parse.GetValue(teams), parse.GetValue(k), parse.GetValue(aggregator), parse.GetValue(planning)!,
                    parse.GetValue(replans), parse.GetValue(maxSteps), parse.GetValue(onLimit)!, parse.GetValue(codeNetwork), parse.GetValue(searchUrl),
                    parse.GetValue(maxLedgerAttempts));
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"m1p run: {Problem(e)}").ConfigureAwait(false);
                return ConfigurationError;
            }

            TelemetryExport export;
            try
            {
                export = telemetry.Start(parse);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"m1p run: {e.Message}").ConfigureAwait(false);
                return ConfigurationError;
            }

            using var exported = export;
            var request = new RunBackendRequest(
                parse.GetValue(model)?.FullName, localSettings, parse.GetValue(maxOutputTokens),
                parse.GetValue(hostedEndpoint), parse.GetValue(hostedModel), parse.GetValue(apiKeyEnv));
            BackendHost host;
            RoleRoutes routes;
            try
            {
                var backends = RunBackends.Specs(request);
                if (backends.Count == 0)
                {
                    await error.WriteLineAsync(
                        "m1p run: no model backend is configured, so nothing was run. A run needs a planner and team backend: " +
                        "--model PATH.gguf (a local Qwen3 model) or --hosted-endpoint URL --hosted-model NAME (an OpenAI-compatible " +
                        "endpoint), and for --aggregator llm an aggregator backend (every role uses the first backend unless " +
                        "--route role=backend says otherwise). Give one, then run again.").ConfigureAwait(false);
                    return ConfigurationError;
                }

                routes = RunBackends.Routes(parse.GetValue(route) ?? [], backends[0].Name, backends.Select(b => b.Name).ToArray());
                host = BackendHost.Open(backends, new BackendHostOptions
                {
                    Log = error,
                    MinimumSequences = routes.CallsAtOnce(settings.Teams),
                    CatalogSearchFolder = Environment.CurrentDirectory,
                });
            }
            catch (Exception e) when (e is BackendStartException or InvalidSettingException)
            {
                await error.WriteLineAsync($"m1p run: {Problem(e)}").ConfigureAwait(false);
                return ConfigurationError;
            }

            await using var owner = host;
            var workFolder = parse.GetValue(work)?.FullName ?? Directory.CreateTempSubdirectory("m1p-run-").FullName;
            await error.WriteLineAsync($"teams work in {workFolder}").ConfigureAwait(false);
            var time = TimeProvider.System;
            ParallelRun run;
            try
            {
                await MethodRunner.EnsureMachineAllowsAsync(settings, cancellationToken).ConfigureAwait(false);
                run = new MethodRunner(host, time, exported.LoggerFactory).Start(new MethodTask(parse.GetValue(task)!, workFolder) { AttachedFile = parse.GetValue(file)?.FullName }, settings, routes, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or CodeNetworkException)
            {
                await error.WriteLineAsync($"m1p run: {e.Message}").ConfigureAwait(false);
                return ConfigurationError;
            }

            var start = time.GetUtcNow();
            try
            {
                await foreach (var item in run.Events.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(item.Describe(start)).ConfigureAwait(false);
                }

                var result = await run.Completion.ConfigureAwait(false);
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync(result.Answered ? $"Answer: {result.Answer}" : "No answer: every team ended without one.").ConfigureAwait(false);
                var usage = result.TeamUsageAtDecision;
                await output.WriteLineAsync(
                    $"Decided after {result.Latency.TotalSeconds:0.0} s; teams used {usage.InputTokens:N0} prompt + {usage.OutputTokens:N0} completion tokens " +
                    $"up to then (${result.CostAtDecision(PricingTable.Gpt4o):0.0000} at GPT-4o prices).").ConfigureAwait(false);
                return result.Answered ? 0 : NoAnswer;
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

    /// <summary>A setting the command line gave is named as its option (<c>max_steps</c> → <c>--max-steps</c>).</summary>
    private static string Problem(Exception e) => SettingProblem.OnCommandLine(e);

    /// <summary>The run's method settings from the command line; checked by the settings themselves.</summary>
    /// <exception cref="ArgumentException">A value breaks a rule of the settings (an <see cref="InvalidSettingException"/> names the key).</exception>
    internal static MethodSettings Settings(
        string kind, int? teams, int? k, string? aggregator, string planning, int replans, int maxSteps, string onLimit, bool codeNetwork, string? searchUrl,
        int? maxLedgerAttempts = null)
    {
        var methodKind = kind switch { "single" => MethodKind.Single, "aggregate" => MethodKind.Aggregate, _ => MethodKind.EarlyStop };
        AggregatorKind? aggregatorKind = aggregator switch
        {
            "majority" => AggregatorKind.Majority,
            "llm" => AggregatorKind.Llm,
            _ => methodKind == MethodKind.Aggregate ? AggregatorKind.Llm : null,
        };
        var team = new TeamSettings { MaxSteps = maxSteps, OnLimit = onLimit == "best_guess" ? OnLimit.BestGuess : OnLimit.Fail };
        team = maxLedgerAttempts is { } attempts ? team with { MaxLedgerAttempts = attempts } : team;
        team = team with { Terminal = team.Terminal with { Network = codeNetwork } };
        return new MethodSettings(methodKind, teams ?? (methodKind == MethodKind.Single ? 1 : 3), k, aggregatorKind)
        {
            Planning = planning == "repeated" ? PlanningStrategy.Repeated : PlanningStrategy.Diverse,
            Replans = replans,
            Team = searchUrl is null ? team : team with { WebSurfer = team.WebSurfer with { SearchUrlTemplate = searchUrl } },
        };
    }
}
