using M1Parallel.Experiments.OfflineSuite.Reference;
using M1Parallel.Experiments.OfflineSuite.Validation;
using M1Parallel.Scoring;

namespace M1Parallel.Experiments.OfflineSuite;

/// <summary>
/// Checks a whole offline suite: task shape, unique ids, attached files present, links unbroken, and every task's
/// final answer derived by each of its reference plans from the suite's own pages and files (as GAIA's scorer judges it).
/// </summary>
public sealed class SuiteValidator
{
    private readonly Func<string, IReadOnlyList<ReferencePlan>?> _referencePlans;

    /// <summary>A validator using the shipped suite's reference solutions.</summary>
    public SuiteValidator()
        : this(ReferenceSolutions.For)
    {
    }

    internal SuiteValidator(Func<string, IReadOnlyList<ReferencePlan>?> referencePlans)
    {
        _referencePlans = referencePlans;
    }

    /// <summary>Validates the suite in <paramref name="suitePath"/> and reports every problem found.</summary>
    /// <exception cref="OfflineSuiteException">The folder or its <c>site/</c> does not exist.</exception>
    public async Task<SuiteValidationReport> ValidateAsync(string suitePath, CancellationToken cancellationToken = default)
    {
        var suite = SuiteLayout.RequireSuite(suitePath);
        var problems = new List<SuiteProblem>();
        var tasks = MetadataReader.Read(suite, problems);

        var attached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in tasks.Where(t => t.FileName.Length > 0))
        {
            attached.Add(task.FileName);
            if (!File.Exists(Path.Combine(suite, task.FileName)))
            {
                problems.Add(new SuiteProblem(SuiteProblemKind.MissingFile, $"{SuiteLayout.MetadataFile}:{task.Line} ({task.TaskId})",
                    $"file_name '{task.FileName}' is not in {suite}; add the file or correct the name."));
            }
        }

        var (pages, links) = LinkChecker.Check(Path.Combine(suite, SuiteLayout.SiteFolder), suite, problems);

        var planCount = 0;
        var derived = 0;
        var source = new DirectorySuiteSource(suite);
        foreach (var task in tasks)
        {
            var plans = _referencePlans(task.TaskId);
            if (plans is null || plans.Count == 0)
            {
                problems.Add(new SuiteProblem(SuiteProblemKind.NoReferenceSolution, task.TaskId,
                    "has no reference solution; add plans for it in OfflineSuite/Reference/ReferenceSolutions.*.cs."));
                continue;
            }

            foreach (var plan in plans)
            {
                planCount++;
                var outcome = await RunAsync(plan, source, cancellationToken);
                if (outcome.Answer is not null && GaiaScorer.IsCorrect(outcome.Answer, task.FinalAnswer))
                {
                    derived++;
                }
                else
                {
                    problems.Add(new SuiteProblem(SuiteProblemKind.AnswerNotDerivable, task.TaskId, outcome.Answer is null
                        ? $"plan '{plan.Name}' failed: {outcome.Error}"
                        : $"plan '{plan.Name}' derived '{outcome.Answer}' but the final answer is '{task.FinalAnswer}'."));
                }
            }
        }

        return new SuiteValidationReport(suite, tasks.Select(t => t.Level).ToList(), pages, links, attached.Count, planCount, derived, problems);
    }

    private static async Task<(string? Answer, string? Error)> RunAsync(ReferencePlan plan, ISuiteSource source, CancellationToken cancellationToken)
    {
        try
        {
            return (await plan.Solve(new SuiteReader(source), cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
