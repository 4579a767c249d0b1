using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;

namespace M1Parallel.Experiments.Reaggregation;

/// <summary>The stored runs that make one derived run: one parallel run, or k sequential single-team runs of a task.</summary>
/// <param name="Task">The task.</param>
/// <param name="Repetition">The derived run's repetition.</param>
/// <param name="Runs">The source runs, in the order they ran.</param>
internal sealed record SourceGroup(TaskItem Task, int Repetition, IReadOnlyList<RunRecord> Runs)
{
    /// <summary>Groups <paramref name="runs"/> of one method: each parallel run alone, or consecutive repetitions <c>1..k, k+1..2k, …</c> of a single-team method; what cannot be used goes to <paramref name="skipped"/> with the reason.</summary>
    public static IReadOnlyList<SourceGroup> Of(IReadOnlyList<RunRecord> runs, IReadOnlyDictionary<string, TaskItem> tasks, int? sequentialK, List<string> skipped)
    {
        var groups = new List<SourceGroup>();
        foreach (var byTask in runs.GroupBy(r => r.TaskId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!tasks.TryGetValue(byTask.Key, out var task))
            {
                skipped.Add($"task {byTask.Key}: not in the spec's suite (or its filter)");
                continue;
            }

            var byRepetition = byTask.ToDictionary(r => r.Repetition);
            if (sequentialK is not { } k)
            {
                foreach (var run in byTask.OrderBy(r => r.Repetition))
                {
                    if (run.Outcome == RunOutcome.Error)
                    {
                        skipped.Add($"task {task.TaskId} repetition {run.Repetition}: the stored run failed ({run.Error})");
                    }
                    else
                    {
                        groups.Add(new SourceGroup(task, run.Repetition, [run]));
                    }
                }

                continue;
            }

            for (var first = 1; first <= byRepetition.Keys.Max(); first += k)
            {
                var members = Enumerable.Range(first, k)
                    .Select(r => byRepetition.GetValueOrDefault(r))
                    .Where(r => r is { Outcome: not RunOutcome.Error })
                    .Select(r => r!)
                    .ToArray();
                if (members.Length < k)
                {
                    skipped.Add($"task {task.TaskId} repetitions {first}–{first + k - 1}: {members.Length} of {k} runs are stored without an error");
                    continue;
                }

                groups.Add(new SourceGroup(task, (first - 1) / k + 1, members));
            }
        }

        return groups;
    }
}
