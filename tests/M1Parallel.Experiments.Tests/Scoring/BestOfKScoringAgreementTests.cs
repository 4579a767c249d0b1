using M1Parallel.Aggregation;
using M1Parallel.Experiments.Running;
using M1Parallel.Experiments.Specs;
using M1Parallel.Experiments.Store;
using M1Parallel.Experiments.Suites;
using M1Parallel.Experiments.Tests.Running;
using M1Parallel.Experiments.Tests.TestSupport;

namespace M1Parallel.Experiments.Tests.Scoring;

public sealed class BestOfKScoringAgreementTests : IDisposable
{
    /// <summary>Ground truth, the k teams' answers, and whether any of them scores as correct under GAIA's official rules.</summary>
    private static readonly (string Truth, string[] Answers, bool Solvable)[] Cases =
    [
        ("17000", ["seventeen thousand", "$17,000"], true),
        ("1000", ["999", "1_000"], true),
        ("3", ["4", "٣"], true),
        ("1000.5", ["1000", "$1,000.50"], true),
        ("0.5", ["5", ".5"], true),
        ("42", ["41", "FINAL ANSWER: **42**"], true),
        ("1,000", ["1000", "1.0; 0"], true),
        ("1,000", ["1000"], false),
        ("Paris", ["Lyon", "paris."], true),
        ("The Beatles", ["Beatles", "the beatles"], true),
        ("St. Louis, Memphis", ["St Louis, Memphis", "st. louis,memphis"], true),
        ("St. Louis, Memphis", ["St Louis, Memphis"], false),
        ("3, 4", ["4, 3", "3,4.0"], true),
        ("3, 4", ["4, 3", "3, 4, 5"], false),
        ("45%", ["4.5", "45"], true),
        ("seagull", ["gull", "sea gull"], true),
    ];

    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task BestOfK_TrickyAnswers_SolvesExactlyWhenTheStoreScoresSomeTeamsAnswerCorrect()
    {
        // One task per (case, team answer), scored by the store, and one per case answered by the best-of-k oracle.
        var tasks = new List<TaskItem>();
        var answers = new Dictionary<string, string>();
        for (var c = 0; c < Cases.Length; c++)
        {
            var (truth, teamAnswers, _) = Cases[c];
            for (var a = 0; a < teamAnswers.Length; a++)
            {
                tasks.Add(new TaskItem($"c{c}-a{a}", "q", 1, truth, null, null));
                answers[$"c{c}-a{a}"] = teamAnswers[a];
            }

            var oracle = await new BestOfKOracleAggregator(truth).AggregateAsync(
                "q", teamAnswers.Select((answer, i) => new TeamAnswer(i, 0, answer, _clock.GetUtcNow())).ToArray(), CancellationToken.None);
            tasks.Add(new TaskItem($"c{c}-best", "q", 1, truth, null, null));
            answers[$"c{c}-best"] = oracle.Answer;
        }

        var store = await ResultsStore.OpenAsync(Path.Combine(_dir.Path, "r.db"), CancellationToken.None);
        var methods = new ScriptedMethodRunner(_clock, run => new(1, answers[run.Task.TaskId]));
        await new ExperimentRunner(store, methods, _clock).RunAsync(Spec(), tasks, false, null, CancellationToken.None);

        var solved = (await store.ReadAsync("agreement", CancellationToken.None)).ToDictionary(r => r.TaskId, r => r.Solved);
        for (var c = 0; c < Cases.Length; c++)
        {
            var (truth, teamAnswers, solvable) = Cases[c];
            var anyTeam = Enumerable.Range(0, teamAnswers.Length).Any(a => solved[$"c{c}-a{a}"]);
            Assert.True(solvable == anyTeam, $"truth '{truth}': the store scores some team's answer correct = {anyTeam}, expected {solvable}");
            Assert.True(solved[$"c{c}-best"] == anyTeam, $"truth '{truth}': best-of-k's answer '{answers[$"c{c}-best"]}' is stored as solved = {solved[$"c{c}-best"]}, but some team's answer is correct = {anyTeam}");
        }
    }

    private static ExperimentSpec Spec() => ExperimentSpecLoader.Parse(
        """
        name: agreement
        suite: { path: s }
        repetitions: 1
        backends: { local: { kind: local, model: m } }
        methods:
          - { name: single, kind: single }
        """,
        "/x/spec.yaml");
}
