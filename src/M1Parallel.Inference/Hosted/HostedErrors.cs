using System.ClientModel;
using System.Text.Json;
using Polly.Timeout;

namespace M1Parallel.Inference.Hosted;

/// <summary>Turns what went wrong with a hosted call into a <see cref="HostedBackendException"/> that names the
/// backend, what happened and the fix.</summary>
internal sealed class HostedErrors(HostedBackendOptions options)
{
    private string Where => $"{options.Endpoint} (model {options.Model})";

    /// <summary>The clear error for a call that failed before any update reached the caller; null to let
    /// <paramref name="error"/> through unchanged (the caller's own cancellation, or an error of ours).</summary>
    public Exception? BeforeAnyUpdate(Exception error, int attempts, CancellationToken cancellationToken)
    {
        if (error is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null; // The caller cancelled: let the cancellation through unchanged.
        }

        return error switch
        {
            ClientResultException http when HostedRetryPipeline.IsTransient(http.Status) => new HostedBackendException(
                $"The hosted backend {Where} still failed with HTTP {http.Status} after {attempts} attempt(s) ({options.MaxRetries} retries with backoff). " +
                "The service is overloaded or down: try again later, lower the number of parallel teams, or raise maxRetries.",
                http.Status, attempts, http),
            ClientResultException { Status: 401 or 403 } http => new HostedBackendException(
                $"The hosted backend {Where} rejected the API key (HTTP {http.Status}). Check the key in the environment variable " +
                $"{options.ApiKeyVariable ?? "(none configured)"}.", http.Status, attempts, http),
            ClientResultException { Status: 0 } http => ConnectionFailed(http, attempts),
            ClientResultException http => new HostedBackendException(
                $"The hosted backend {Where} rejected the request with HTTP {http.Status}: {http.Message}", http.Status, attempts, http),
            TimeoutRejectedException or OperationCanceledException => new HostedBackendException(
                $"The hosted backend {Where} did not answer within {options.RequestTimeout.TotalSeconds:0.#} s in {attempts} attempt(s). " +
                "Raise requestTimeout or check the service.", null, attempts, error),
            StreamEndedEarlyException => new HostedBackendException(
                $"The hosted backend {Where} ended its streamed reply before it was complete (no finish reason, usage chunk or [DONE]) " +
                $"in each of {attempts} attempt(s), before any update. Check the service's health and that it really is OpenAI-compatible.",
                null, attempts, error),
            JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException => new HostedBackendException(
                $"The hosted backend {Where} sent a reply that is not a valid OpenAI chat completion ({error.GetType().Name}: {error.Message}). " +
                "Check that the endpoint really is OpenAI-compatible.", null, attempts, error),
            HttpRequestException or IOException => ConnectionFailed(error, attempts),
            _ => null,
        };
    }

    /// <summary>The clear error for a stream that broke off once some of it had been handed out: how much, the
    /// <paramref name="cause"/> in words and the <paramref name="fix"/>, keeping <paramref name="error"/> for the log.</summary>
    public HostedBackendException BrokenOff(HostedStreamReading reading, string cause, Exception error, string fix) => new(
        $"The hosted backend {Where} broke off its streamed reply after {reading.Updates} update(s) ({reading.TextLength} characters of text) had been " +
        $"handed out: {cause}. The answer is incomplete; it was not retried because part of it had already been handed out, so call " +
        $"again (calls that fail before any update are retried by themselves). {fix}",
        null, reading.Attempt, error);

    /// <summary>The innermost cause of <paramref name="error"/> (what the socket or parser said).</summary>
    public static Exception Innermost(Exception error)
    {
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }

    private HostedBackendException ConnectionFailed(Exception error, int attempts) => new(
        $"The connection to the hosted backend {Where} failed after {attempts} attempt(s) ({options.MaxRetries} retries with backoff): " +
        $"{Innermost(error).Message.TrimEnd('.')}. Check the endpoint URL, the network, and that the service is up.", null, attempts, error);
}
