using M1Parallel.MagenticOne.Teams;
using M1Parallel.Planning;

namespace M1Parallel.Methods;

/// <summary>
/// What the paper's method does on a task: how many teams, how it decides, how plans are made, how often a failed team
/// re-plans, and how each team works (<see cref="Team"/>). The one place each method setting is checked, with an
/// <see cref="InvalidSettingException"/> naming it as an experiment spec's method does (<c>teams</c>, <c>k</c>, …); an
/// experiment spec maps into it once, <c>m1p run</c>'s options too. Where each role's calls go is not a setting of the
/// method but of its deployment (<see cref="Routing.RoleRoutes"/>).
/// </summary>
public sealed record MethodSettings
{
    /// <summary>Creates the method's shape; <paramref name="k"/> defaults to all teams for <see cref="MethodKind.Aggregate"/>.</summary>
    /// <exception cref="InvalidSettingException">The shape breaks a rule of <see cref="Problems"/> (the first one found).</exception>
    public MethodSettings(MethodKind kind = MethodKind.Single, int teams = 1, int? k = null, AggregatorKind? aggregator = null)
    {
        if (Problems(kind, teams, k, aggregator) is [var first, ..])
        {
            throw first;
        }

        Kind = kind;
        Teams = teams;
        K = kind == MethodKind.Aggregate ? k ?? teams : null;
        Aggregator = aggregator;
    }

    /// <summary>Single, early stop or aggregate (<c>kind</c>).</summary>
    public MethodKind Kind { get; }

    /// <summary>Teams n that run at once (<c>teams</c>; 1 for single, 2 or more otherwise).</summary>
    public int Teams { get; }

    /// <summary>Aggregate only: answers to wait for before aggregating (<c>k</c>, 1 to <see cref="Teams"/>); null otherwise.
    /// Early stop waits for one.</summary>
    public int? K { get; }

    /// <summary>Aggregate only: how the answers are combined (<c>aggregator</c>); null otherwise.</summary>
    public AggregatorKind? Aggregator { get; }

    /// <summary>How the n plans are made (<c>planning</c>, default diverse as in the paper; a single team's orchestrator
    /// surveys the facts and plans itself, as Magentic-One does).</summary>
    public PlanningStrategy Planning
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfUndefined("planning", value, "repeated or diverse");
            field = value;
        }
    } = PlanningStrategy.Diverse;

    /// <summary>New plans a team slot that ended without an answer gets from the run's failure memory (<c>replans</c>, default 0).</summary>
    public int Replans
    {
        get;
        init
        {
            InvalidSettingException.ThrowIfBelow("replans", value, 0);
            field = value;
        }
    }

    /// <summary>How each team works (<c>max_steps</c>, <c>max_stalls</c>, <c>enable_thinking</c>, <c>agents</c>, …).</summary>
    public TeamSettings Team
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Team));
            field = value;
        }
    } = new();

    /// <summary>How many answers a run waits for before it decides: <see cref="K"/> when aggregating, else 1.</summary>
    public int AnswersToWaitFor => K ?? 1;

    /// <summary>Every rule the shape (<c>kind</c>, <c>teams</c>, <c>k</c>, <c>aggregator</c>) breaks, each naming its key;
    /// empty when it is valid. An experiment spec reports them all at once; the constructor throws the first.</summary>
    public static IReadOnlyList<InvalidSettingException> Problems(MethodKind kind, int teams, int? k, AggregatorKind? aggregator)
    {
        var problems = new List<InvalidSettingException>();
        var kindName = kind switch { MethodKind.EarlyStop => "early_stop", MethodKind.Aggregate => "aggregate", _ => "single" };
        if (!Enum.IsDefined(kind))
        {
            problems.Add(new InvalidSettingException("kind", $"'{kind}' is not single, early_stop or aggregate"));
        }
        else if (kind == MethodKind.Single && teams != 1)
        {
            problems.Add(new InvalidSettingException("teams", "a single-team method runs 1 team; remove teams or use kind: early_stop / aggregate"));
        }
        else if (kind != MethodKind.Single && teams < 2)
        {
            problems.Add(new InvalidSettingException("teams", $"{kindName} runs 2 or more teams; use kind: single for one team"));
        }

        if (kind != MethodKind.Aggregate)
        {
            if (k is not null)
            {
                problems.Add(new InvalidSettingException("k", "applies to kind: aggregate only; remove it"));
            }

            if (aggregator is not null)
            {
                problems.Add(new InvalidSettingException("aggregator", "applies to kind: aggregate only; remove it"));
            }

            return problems;
        }

        if (k < 1)
        {
            problems.Add(new InvalidSettingException("k", $"{k} is below the minimum 1"));
        }
        else if (k > teams)
        {
            problems.Add(new InvalidSettingException("k", $"k = {k} exceeds teams = {teams}; wait for at most as many answers as teams"));
        }

        if (aggregator is null)
        {
            problems.Add(new InvalidSettingException("aggregator", "aggregate needs an aggregator: majority, llm or best_of_k"));
        }
        else if (!Enum.IsDefined(aggregator.Value))
        {
            problems.Add(new InvalidSettingException("aggregator", $"'{aggregator}' is not majority, llm or best_of_k"));
        }

        return problems;
    }
}
