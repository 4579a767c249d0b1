using System.Globalization;
using System.Text;
using M1Parallel.Inference.Scheduling;

namespace M1Parallel.Serving;

/// <summary>Writes the server's and the scheduler's counters in the Prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    public static string Format(ServerRequestCounts requests, SchedulerMetrics? scheduler)
    {
        var sb = new StringBuilder();
        Metric(sb, "m1p_requests_in_flight", "gauge", "Chat completion requests being served now.", requests.InFlight);
        Metric(sb, "m1p_requests_waiting", "gauge", "Chat completion requests waiting for a place now.", requests.Waiting);
        sb.Append("# HELP m1p_requests_total Chat completion requests that have ended, by outcome.\n# TYPE m1p_requests_total counter\n");
        foreach (var (outcome, count) in new (string, long)[]
                 {
                     ("completed", requests.Completed), ("cancelled", requests.Cancelled), ("invalid", requests.Invalid),
                     ("unauthorized", requests.Unauthorized), ("rejected", requests.Rejected), ("failed", requests.Failed),
                 })
        {
            sb.Append("m1p_requests_total{outcome=\"").Append(outcome).Append("\"} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (scheduler is not null)
        {
            Metric(sb, "m1p_scheduler_waiting", "gauge", "Requests waiting for a sequence (as of the last finished request).", scheduler.Waiting);
            Metric(sb, "m1p_scheduler_active", "gauge", "Requests holding a sequence (as of the last finished request).", scheduler.Active);
            Metric(sb, "m1p_scheduler_batch_occupancy", "gauge", "Average sequences per decode step.", scheduler.BatchOccupancy);
            Metric(sb, "m1p_scheduler_generated_tokens_per_second", "gauge", "Generated tokens per second of decode time.", scheduler.GeneratedTokensPerSecond);
            Metric(sb, "m1p_scheduler_steps_total", "counter", "Decode steps run.", scheduler.Steps);
            Metric(sb, "m1p_scheduler_generated_tokens_total", "counter", "Tokens generated.", scheduler.GeneratedTokens);
            Metric(sb, "m1p_scheduler_prompt_tokens_computed_total", "counter", "Prompt tokens computed.", scheduler.ComputedPromptTokens);
            Metric(sb, "m1p_scheduler_prompt_tokens_reused_total", "counter", "Prompt tokens reused from the KV cache.", scheduler.ReusedPromptTokens);
            Metric(sb, "m1p_scheduler_requests_completed_total", "counter", "Scheduler requests ended (completed, cancelled or failed).", scheduler.Completed);
            Metric(sb, "m1p_scheduler_requests_cancelled_total", "counter", "Scheduler requests cancelled.", scheduler.Cancelled);
            Metric(sb, "m1p_scheduler_requests_failed_total", "counter", "Scheduler requests failed.", scheduler.Failed);
            Metric(sb, "m1p_scheduler_decode_seconds_total", "counter", "Time spent inside llama_decode.", scheduler.DecodeTime.TotalSeconds);
        }

        return sb.ToString();
    }

    private static void Metric(StringBuilder sb, string name, string type, string help, double value) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
          .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
          .Append(name).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
