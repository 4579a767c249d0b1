namespace M1Parallel.Telemetry;

/// <summary>
/// The names under which every model call of a method is traced: one span per call from the activity source
/// <see cref="SourceName"/> (Microsoft.Extensions.AI's OpenTelemetry client: model, duration, input and output tokens),
/// tagged with who made it. Listen to the source (an OpenTelemetry tracer, <c>m1p run --telemetry</c>) to see them;
/// nobody listening costs next to nothing.
/// </summary>
public static class ModelCallTelemetry
{
    /// <summary>The activity source of the model-call spans.</summary>
    public const string SourceName = "M1Parallel.ModelCalls";

    /// <summary>The role that made the call (its wire name: orchestrator, web_surfer, planner, aggregator, …).</summary>
    public const string RoleTag = "m1p.role";

    /// <summary>What the call was for (facts, plan, progress_ledger, agent_step, …), when the caller said.</summary>
    public const string PurposeTag = "m1p.purpose";

    /// <summary>The named backend that served the call.</summary>
    public const string BackendTag = "m1p.backend";
}
