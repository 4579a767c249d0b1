using System.ClientModel;
using System.Globalization;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace M1Parallel.Inference.Hosted;

/// <summary>
/// The retry and per-attempt timeout of a hosted call (Polly): retries with exponential backoff on HTTP 408, 429 and
/// 5xx, on no answer in time, on failed connections and on streams that end early before anything reached the caller,
/// waiting as long as the server's Retry-After (or retry-after-ms) says when it says so.
/// </summary>
internal static class HostedRetryPipeline
{
    /// <summary>Whether an HTTP status is worth another attempt.</summary>
    public static bool IsTransient(int status) => status is 408 or 429 or (>= 500 and <= 599);

    /// <summary>The pipeline for <paramref name="options"/>: retries (none when <see cref="HostedBackendOptions.MaxRetries"/> is 0) around a timeout per attempt.</summary>
    public static ResiliencePipeline Build(HostedBackendOptions options)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                // A reply that arrived whole but is invalid is not retried: asking again would not help.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
                {
                    ClientResultException http => http.Status == 0 || IsTransient(http.Status),
                    TimeoutRejectedException or StreamEndedEarlyException or HttpRequestException or IOException => true,
                    OperationCanceledException => !args.Context.CancellationToken.IsCancellationRequested,
                    _ => false,
                }),
                MaxRetryAttempts = options.MaxRetries,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(DelayFor(options, args.Outcome.Exception, args.AttemptNumber)),
            });
        }

        return pipeline.AddTimeout(options.RequestTimeout).Build();
    }

    private static TimeSpan DelayFor(HostedBackendOptions options, Exception? error, int attemptNumber)
    {
        if (error is ClientResultException http && RetryAfter(http, options.TimeProvider) is { } serverDelay)
        {
            return serverDelay;
        }

        var backoff = options.BaseDelay * Math.Pow(2, attemptNumber);
        return backoff > options.MaxDelay ? options.MaxDelay : backoff;
    }

    private static TimeSpan? RetryAfter(ClientResultException error, TimeProvider time)
    {
        var headers = error.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }
}
