using System.CommandLine;
using M1Parallel.Benchmarks.Traces;
using M1Parallel.Experiments.Estimation;
using M1Parallel.Experiments.Store;

namespace M1Parallel.Cli.Commands;

/// <summary>
/// <c>m1p trace export --store S --method M [--task T] --out F</c>: writes the model calls of a stored method's teams on one
/// task as an agent trace (<see cref="AgentTrace"/>), so that <c>m1p bench teams</c> replays real calls instead of the
/// shipped synthetic trace.
/// </summary>
internal static class TraceCommand
{
    /// <summary>Creates the <c>trace</c> command with its <c>export</c> subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("trace", "Agent traces for 'm1p bench teams': export the model calls of stored runs.");
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Export()
    {
        var store = new Option<FileInfo>("--store") { Description = "The results store (SQLite) holding the runs.", Required = true };
        var experiment = new Option<string?>("--experiment") { Description = "Experiment in the store (needed when it holds several)." };
        var method = new Option<string>("--method") { Description = "The stored method whose teams' calls are exported.", Required = true };
        var task = new Option<string?>("--task") { Description = "The task (needed when the method ran several)." };
        var repetition = new Option<int?>("--repetition") { Description = "One repetition only (default: every stored repetition of the task, each run's teams in turn)." };
        var name = new Option<string?>("--name") { Description = "The trace's name (default EXPERIMENT-METHOD-TASK)." };
        var output = new Option<FileInfo>("--out") { Description = "The trace file to write (JSON).", Required = true };
        var command = new Command(
            "export",
            "Write the model calls of a stored method's teams on one task as an agent trace: per call its prompt and completion tokens and the time until the team's next call. Every team of the chosen runs becomes a trace team (for a single-team method, each repetition is one team).");
        foreach (var option in new Option[] { store, experiment, method, task, repetition, name, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, ct) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var file = parseResult.GetValue(store)!;
                if (!file.Exists)
                {
                    throw new TraceExportException($"results store {file.FullName} not found; run 'm1p experiment SPEC' first.");
                }

                var results = await ResultsStore.OpenAsync(file.FullName, ct);
                var experimentName = parseResult.GetValue(experiment) ?? await SingleExperimentAsync(results, ct);
                var runs = Select(await results.ReadAsync(experimentName, ct), experimentName, parseResult.GetValue(method)!, parseResult.GetValue(task), parseResult.GetValue(repetition));
                var first = runs[0];
                var repetitions = string.Join(", ", runs.Select(r => r.Repetition));
                var source = $"store {file.Name}, experiment {first.Experiment}, method {first.Method}, task {first.TaskId}, repetition(s) {repetitions}";
                var teams = runs.SelectMany(r => r.Teams.OrderBy(t => t.Team)).ToList();
                RecordedTrace recorded;
                try
                {
                    recorded = RecordedTrace.FromCalls(
                        parseResult.GetValue(name) ?? $"{first.Experiment}-{first.Method}-{first.TaskId}", source, teams.Select(Calls).ToList());
                }
                catch (ArgumentException)
                {
                    throw new TraceExportException($"no team of {source} has recorded model calls (runs stored before per-call usage was kept have none).");
                }

                var path = parseResult.GetValue(output)!.FullName;
                recorded.Trace.Save(path);
                var statuses = string.Join(", ", teams.GroupBy(t => t.Status).Select(g => $"{g.Count()} {g.Key}"));
                await stdout.WriteLineAsync($"wrote {path}: {recorded.Trace.Teams.Count} teams ({statuses}), {recorded.Trace.Teams.Sum(t => t.Calls.Count)} calls from {source}");
                foreach (var note in recorded.Notes)
                {
                    await stdout.WriteLineAsync($"note: {note}");
                }

                if (teams.Any(t => t.Status == "cancelled"))
                {
                    await stdout.WriteLineAsync("note: cancelled teams' calls end where the run stopped them; a replay runs them only that far.");
                }

                return 0;
            }
            catch (TraceExportException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static async Task<string> SingleExperimentAsync(ResultsStore store, CancellationToken ct)
    {
        var names = await store.ListExperimentsAsync(ct);
        return names.Count switch
        {
            1 => names[0],
            0 => throw new TraceExportException($"{store.Path} holds no runs."),
            _ => throw new TraceExportException($"the store holds several experiments ({string.Join(", ", names)}); pick one with --experiment."),
        };
    }

    /// <summary>The runs of the method on one task (and repetition), in repetition order.</summary>
    private static List<RunRecord> Select(IReadOnlyList<RunRecord> records, string experiment, string method, string? task, int? repetition)
    {
        var ofMethod = records.Where(r => r.Method == method).ToList();
        if (ofMethod.Count == 0)
        {
            var methods = records.Select(r => r.Method).Distinct().Order(StringComparer.Ordinal).ToList();
            throw new TraceExportException($"experiment {experiment} has no runs of method '{method}'; its methods are {(methods.Count == 0 ? "none" : string.Join(", ", methods))}.");
        }

        var tasks = ofMethod.Select(r => r.TaskId).Distinct().Order(StringComparer.Ordinal).ToList();
        if (task is null && tasks.Count > 1)
        {
            throw new TraceExportException($"method '{method}' ran {tasks.Count} tasks; pick one with --task ({string.Join(", ", tasks.Take(5))}{(tasks.Count > 5 ? ", …" : string.Empty)}).");
        }

        var chosen = task ?? tasks[0];
        var runs = ofMethod.Where(r => r.TaskId == chosen && (repetition is null || r.Repetition == repetition)).OrderBy(r => r.Repetition).ToList();
        return runs.Count > 0
            ? runs
            : throw new TraceExportException(
                $"method '{method}' has no run of task '{chosen}'{(repetition is { } n ? $" in repetition {n}" : string.Empty)}; its tasks are {string.Join(", ", tasks.Take(5))}{(tasks.Count > 5 ? ", …" : string.Empty)}.");
    }

    /// <summary>A team's model calls from its stored usage timeline: each point adds one call's tokens, or a streamed
    /// call's next tokens (points of one call share its start).</summary>
    private static IReadOnlyList<RecordedCall> Calls(TeamSummary team)
    {
        var calls = new List<RecordedCall>();
        var previous = new UsagePoint(0, 0, 0);
        foreach (var point in team.Timeline ?? [])
        {
            var prompt = point.PromptTokens - previous.PromptTokens;
            var completion = point.CompletionTokens - previous.CompletionTokens;
            if (calls.Count > 0 && point.CallStartSeconds is { } start && start == calls[^1].StartSeconds)
            {
                var last = calls[^1];
                calls[^1] = last with { EndSeconds = point.OffsetSeconds, PromptTokens = last.PromptTokens + prompt, CompletionTokens = last.CompletionTokens + completion };
            }
            else
            {
                calls.Add(new RecordedCall(point.CallStartSeconds, point.OffsetSeconds, prompt, completion));
            }

            previous = point;
        }

        return calls;
    }

    private sealed class TraceExportException(string message) : Exception(message);
}
