namespace M1Parallel.Experiments.Methods;

/// <summary>Settings shared by every run of a <see cref="TeamMethodRunnerFactory"/>; validated as they are set.</summary>
public sealed record TeamMethodOptions
{
    /// <summary>Where runs keep their teams' work folders (<c>EXPERIMENT/TASK/METHOD-rN/team-I</c>); null puts them in
    /// <c>work/</c> beside the results store.</summary>
    public string? WorkFolder { get; init; }

    /// <summary>Most tokens of one plan from the planner (default 1024).</summary>
    public int PlanMaxOutputTokens
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(PlanMaxOutputTokens));
            field = value;
        }
    } = 1024;

    /// <summary>Most tokens of the LLM aggregator's reply (default 2048).</summary>
    public int AggregatorMaxOutputTokens
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(AggregatorMaxOutputTokens));
            field = value;
        }
    } = 2048;
}
