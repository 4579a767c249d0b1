using System.CommandLine;
using M1Parallel.Aggregation;
using M1Parallel.Cli.Hosting;
using M1Parallel.Experiments.Methods;
using M1Parallel.Experiments.Reaggregation;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Methods;
using M1Parallel.Routing;
using Microsoft.Extensions.AI;

namespace M1Parallel.Cli.Commands;

/// <summary>
/// <c>m1p aggregate SPEC --method M --aggregator llm|majority|best_of_k [--backend B]</c>: aggregates a stored method's
/// team answers again with another aggregator or backend, without running any team, into a derived method that reports
/// show beside the others.
/// </summary>
internal static class AggregateCommand
{
    /// <summary>Creates the <c>aggregate</c> command; an LLM aggregator's backend is started from the spec.</summary>
    public static Command Create() => Create(
        (spec, backend, log) => BackendHost.Open(
            [spec.Backends[backend]],
            new BackendHostOptions { Log = log, CatalogSearchFolder = Path.GetDirectoryName(spec.SourcePath) }),
        TimeProvider.System);

    /// <summary>Creates the command with what serves the LLM aggregator's backend (disposed after use when it is <see cref="IAsyncDisposable"/>).</summary>
    internal static Command Create(Func<ExperimentSpec, string, TextWriter, IBackendClientProvider> backends, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(backends);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var spec = new Argument<FileInfo>("spec") { Description = "The experiment spec the method ran under (its suite gives the questions and answers, its backends the aggregator's model)." };
        var store = new Option<FileInfo?>("--store") { Description = "The results store (default: the spec's store)." };
        var method = new Option<string>("--method") { Description = "The stored method whose teams' answers are aggregated again.", Required = true };
        var aggregator = new Option<string>("--aggregator") { Description = "llm, majority or best_of_k (the oracle).", Required = true };
        aggregator.AcceptOnlyFromAmong("llm", "majority", "best_of_k");
        var backend = new Option<string?>("--backend") { Description = "The LLM aggregator's backend in the spec (default: the method's aggregator backend)." };
        var name = new Option<string?>("--name") { Description = "The derived method's name (default METHOD+AGGREGATOR, with @BACKEND for llm)." };
        var k = new Option<int?>("--k") { Description = "Single-team methods: sequential runs per aggregated run (default: the spec's repetitions)." };
        var command = new Command("aggregate", "Aggregate a stored method's team answers again with another aggregator or backend, into a derived method; no team runs again.");
        command.Arguments.Add(spec);
        foreach (var option in new Option[] { store, method, aggregator, backend, name, k })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (await ExperimentInput.LoadAsync(parseResult.GetValue(spec)!.FullName, error) is not var (experiment, tasks))
            {
                return 2;
            }

            var storePath = parseResult.GetValue(store)?.FullName ?? experiment.StorePath;
            if (!File.Exists(storePath))
            {
                await error.WriteLineAsync($"error: results store {storePath} not found; run 'm1p experiment {experiment.SourcePath}' first or pass --store.");
                return 2;
            }

            var request = new ReaggregationRequest(
                parseResult.GetValue(method)!,
                parseResult.GetValue(aggregator) switch
                {
                    "llm" => AggregatorKind.Llm,
                    "best_of_k" => AggregatorKind.BestOfK,
                    _ => AggregatorKind.Majority,
                },
                parseResult.GetValue(backend),
                parseResult.GetValue(name),
                parseResult.GetValue(k));
            IBackendClientProvider? served = null;
            try
            {
                var (_, _, aggregatorBackend) = Reaggregator.Plan(experiment, request);
                served = aggregatorBackend is null ? new NoBackends() : backends(experiment, aggregatorBackend, error);
                var results = await ResultsStore.OpenAsync(storePath, ct);
                var llmOptions = new LlmAggregatorOptions(); // the same defaults as the method runner's LLM aggregator
                var summary = await new Reaggregator(results, served, llmOptions, timeProvider).RunAsync(experiment, tasks, request, ct);
                foreach (var skipped in summary.Skipped)
                {
                    await error.WriteLineAsync($"skipped: {skipped}");
                }

                await output.WriteLineAsync(summary.Stored == 0
                    ? $"method {summary.DerivedMethod} already holds all {summary.Planned} derived runs; nothing to do (solved {summary.Solved}/{summary.Planned})."
                    : $"method {summary.DerivedMethod}: {summary.Stored} derived run(s) stored now, {summary.AlreadyStored} already stored, solved {summary.Solved}/{summary.Planned}, errors {summary.Errors}; store {results.Path}");
                return summary.Errors > 0 ? 1 : 0;
            }
            catch (ReaggregationException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }
            catch (Exception ex) when (ex is MethodRunnerUnavailableException or BackendStartException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 3;
            }
            catch (ResultsStoreWriteException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 4;
            }
            finally
            {
                if (served is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        });
        return command;
    }

    /// <summary>What serves backends when the aggregator needs none.</summary>
    private sealed class NoBackends : IBackendClientProvider
    {
        public IChatClient GetClient(string backendName) =>
            throw new MethodRunnerUnavailableException($"no backend is started for this aggregator (asked for '{backendName}').");
    }
}
