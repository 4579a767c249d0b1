using System.CommandLine;
using System.Globalization;
using M1Parallel.Cli.Hosting;
using M1Parallel.Cli.Hosting.Telemetry;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Inference.Memory;
using M1Parallel.MagenticOne.Teams;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Cli.Commands;

/// <summary><c>m1p experiment SPEC</c>: runs an experiment's tasks × methods × repetitions, resumably, with live progress.</summary>
internal static class ExperimentCommand
{
    /// <summary>Creates the <c>experiment</c> command: the spec's backends are started once and every method runs real teams on them.</summary>
    public static Command Create() => Create(
        settings => new BackendMethodRunnerFactory(
            new BackendHostOptions
            {
                Log = settings.Log,
                Machine = settings.Machine,
                MaxOutputTokens = settings.MaxOutputTokens,
            },
            settings.WorkFolder,
            TimeProvider.System,
            settings.LoggerFactory),
        TimeProvider.System);

    /// <summary>Creates the command with the factory that turns a spec's backends into a method runner.</summary>
    internal static Command Create(IMethodRunnerFactory factory, TimeProvider timeProvider, Func<int, MemoryDevice>? freeMemory = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Create(_ => factory, timeProvider, freeMemory);
    }

    /// <summary>Creates the command with a factory made from the command line's backend settings; <paramref name="freeMemory"/>
    /// gives the dry run's memory plans their device (the real one when null).</summary>
    internal static Command Create(Func<ExperimentSettings, IMethodRunnerFactory> factoryFor, TimeProvider timeProvider, Func<int, MemoryDevice>? freeMemory = null)
    {
        ArgumentNullException.ThrowIfNull(factoryFor);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var spec = new Argument<FileInfo>("spec") { Description = "Experiment spec (YAML), e.g. experiments/smoke.yaml." };
        var retryErrors = new Option<bool>("--retry-errors") { Description = "Run again the runs stored with an error (completed and timed-out runs are never rerun)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate the spec and suite and show what would run, without running." };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Where the teams' work folders and transcripts go (default: work/ beside the results store)." };
        var maxOutputTokens = new Option<int?>("--max-output-tokens") { Description = "Most tokens of one local model reply when the caller does not say (default 1024)." };
        var discardChanged = new Option<bool>("--discard-changed")
        {
            Description = "Delete the stored runs of methods whose settings (or backends) changed since they were stored, and run them anew.",
        };
        var command = new Command("experiment", "Run an experiment spec: tasks × methods × repetitions into the results store; rerun to resume.");
        command.Arguments.Add(spec);
        command.Options.Add(retryErrors);
        command.Options.Add(dryRun);
        command.Options.Add(work);
        command.Options.Add(maxOutputTokens);
        command.Options.Add(discardChanged);
        // Where a spec's local backend gives no threads or gpu_layers; checked as the spec's keys are.
        var machineOptions = LocalBackendOptions.AddMachineTo(command);
        var telemetry = TelemetryOptions.AddTo(command);
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            LocalBackendSettings machine;
            try
            {
                machine = machineOptions.Read(parseResult);
            }
            catch (InvalidSettingException e)
            {
                await error.WriteLineAsync($"error: {SettingProblem.OnCommandLine(e)}");
                return 2;
            }

            if (await ExperimentInput.LoadAsync(parseResult.GetValue(spec)!.FullName, error, suiteMayBeMissing: parseResult.GetValue(dryRun)) is not var (experiment, tasks))
            {
                return 2;
            }

            var plan = ExperimentPlan.Expand(experiment, tasks);
            await output.WriteLineAsync($"experiment {experiment.Name}: {tasks.Count} tasks × {experiment.Methods.Count} methods × {experiment.Repetitions} repetitions = {plan.Count} runs; store {experiment.StorePath}");
            if (parseResult.GetValue(dryRun))
            {
                var finished = 0;
                if (File.Exists(experiment.StorePath))
                {
                    var existing = await ResultsStore.OpenAsync(experiment.StorePath, ct);
                    finished = (await existing.GetFinishedKeysAsync(experiment.Name, parseResult.GetValue(retryErrors), ct)).Count;
                    if (await new MethodChangeCheck(existing).FindAsync(experiment, ct) is { Count: > 0 } changed)
                    {
                        await error.WriteLineAsync($"warning: {new ExperimentChangedException(experiment.Name, changed).Message}");
                    }
                }

                foreach (var problem in await HostedBackendCheck.FindProblemsAsync(experiment, null, ct))
                {
                    await error.WriteLineAsync($"warning: {problem}");
                }

                ExperimentMemoryPlans.Write(experiment, new BackendHostOptions { Machine = machine, FreeMemory = freeMemory ?? DeviceMemory.Find }, output, error);

                await output.WriteLineAsync($"dry run: {finished} runs already stored, {plan.Count - Math.Min(finished, plan.Count)} to run; methods: {string.Join(", ", experiment.Methods.Select(m => m.Name))}");
                return 0;
            }

            if (parseResult.GetValue(maxOutputTokens) is < 1)
            {
                await error.WriteLineAsync("error: --max-output-tokens must be positive.");
                return 2;
            }

            TelemetryExport export;
            try
            {
                export = telemetry.Start(parseResult);
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }

            using var exported = export;

            // Opening an existing store first stores any finished runs an earlier session had to keep in its pending
            // file; a new store is only created once the backends have started.
            ResultsStore? store = null;
            if (File.Exists(experiment.StorePath) || File.Exists(ResultsStore.PendingPathOf(experiment.StorePath)))
            {
                try
                {
                    store = await ResultsStore.OpenAsync(experiment.StorePath, ct);
                }
                catch (ResultsStoreWriteException ex)
                {
                    await error.WriteLineAsync($"error: {ex.Message}");
                    return 4;
                }

                if (store.RecoveredRuns > 0)
                {
                    await output.WriteLineAsync($"recovered {store.RecoveredRuns} finished run(s) from {store.PendingPath} into the store");
                }

                foreach (var problem in store.RecoveryProblems)
                {
                    await error.WriteLineAsync($"warning: {problem}");
                }
            }

            // A method whose settings changed since its runs were stored stops the experiment before any backend starts.
            var changeCheck = store is null ? null : new MethodChangeCheck(store);
            if (changeCheck is not null && await changeCheck.FindAsync(experiment, ct) is { Count: > 0 } changedMethods)
            {
                if (!parseResult.GetValue(discardChanged))
                {
                    await error.WriteLineAsync($"error: {new ExperimentChangedException(experiment.Name, changedMethods).Message}");
                    return 2;
                }

                var discarded = await changeCheck.DiscardAsync(experiment, changedMethods, ct);
                await output.WriteLineAsync($"discarded {discarded} stored run(s) of changed method(s) {string.Join(", ", changedMethods.Select(c => c.Method))}; they run anew");
            }

            var stored = store is null ? new HashSet<RunKey>() : await store.GetFinishedKeysAsync(experiment.Name, parseResult.GetValue(retryErrors), ct);
            var anyPending = plan.Any(p => !stored.Contains(new RunKey(experiment.Name, p.Task.TaskId, p.Method.Name, p.Repetition)));

            // A hosted backend with a wrong URL or a refused key would fail every run that reaches it, hours in: ask first.
            if (anyPending && await HostedBackendCheck.FindProblemsAsync(experiment, null, ct) is { Count: > 0 } unreachable)
            {
                foreach (var problem in unreachable)
                {
                    await error.WriteLineAsync($"error: {problem}");
                }

                return 3;
            }

            IMethodRunner methods;
            try
            {
                // Every run already stored: nothing to run, so no backend (and no model) is started.
                var settings = new ExperimentSettings(error, parseResult.GetValue(work)?.FullName, parseResult.GetValue(maxOutputTokens), machine)
                {
                    LoggerFactory = exported.LoggerFactory,
                };
                methods = anyPending ? factoryFor(settings).Create(experiment) : new NothingToRun();
            }
            catch (MethodRunnerUnavailableException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 3;
            }

            await using var owned = methods as IAsyncDisposable;
            var progress = new LineProgress(output);
            try
            {
                store ??= await ResultsStore.OpenAsync(experiment.StorePath, ct);
                var summary = await new ExperimentRunner(store, methods, timeProvider).RunAsync(experiment, tasks, parseResult.GetValue(retryErrors), progress, ct);
                await output.WriteLineAsync($"done: {summary.Executed} run now, {summary.Skipped} already stored, solved {summary.Solved}/{summary.Total}, timed out {summary.TimedOut}, errors {summary.Errors}.");
                return summary.Errors > 0 ? 1 : 0;
            }
            catch (ExperimentChangedException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await error.WriteLineAsync($"interrupted: the run in progress was abandoned (not stored) and every finished run is stored; to resume, run the same command again: {CliInvocation.CommandLineOf(parseResult)}");
                return 130;
            }
            catch (ResultsStoreWriteException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 4;
            }
        });
        return command;
    }

    /// <summary>What the command line says about running the backends.</summary>
    /// <param name="Log">Where backend start-up lines go.</param>
    /// <param name="WorkFolder">Where team work folders go, or null for beside the store.</param>
    /// <param name="MaxOutputTokens">Default reply cap of local models, or null.</param>
    /// <param name="Machine">The command line's threads and GPU layers, for local backends whose spec leaves them unset.</param>
    internal sealed record ExperimentSettings(TextWriter Log, string? WorkFolder, int? MaxOutputTokens, LocalBackendSettings Machine)
    {
        /// <summary>Where the model calls log (<c>--telemetry</c>); nowhere when null.</summary>
        public ILoggerFactory? LoggerFactory { get; init; }
    }

    /// <summary>The runner used when every run is stored already; the experiment runner never calls it.</summary>
    private sealed class NothingToRun : IMethodRunner
    {
        public Task<MethodRunResult> RunAsync(TaskItem task, MethodSpec method, int repetition, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"run {task.TaskId}/{method.Name}#{repetition} was expected to be stored already.");
    }

    /// <summary>Writes one line per report, synchronously, so lines appear as runs end.</summary>
    private sealed class LineProgress(TextWriter output) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            var width = value.Total.ToString(CultureInfo.InvariantCulture).Length;
            var done = value.Done.ToString(CultureInfo.InvariantCulture).PadLeft(width);
            var eta = value.Eta is { } e ? $"{(int)e.TotalHours}:{e.Minutes:00}:{e.Seconds:00}" : "–";
            if (value.Last is not { } run)
            {
                output.WriteLine($"[{done}/{value.Total}] starting; {value.Skipped} runs already stored, solved so far {value.Solved}");
                return;
            }

            var mark = run.Outcome switch
            {
                RunOutcome.Completed => run.Solved ? "solved" : "wrong",
                RunOutcome.TimedOut => "timeout",
                _ => "ERROR " + run.Error,
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{done}/{value.Total}] {run.Method} {run.TaskId}#{run.Repetition} {mark} {run.LatencySeconds:0.0} s | solved {value.Solved}/{value.Done} | errors {value.Errors} | ETA {eta}"));
        }
    }
}
