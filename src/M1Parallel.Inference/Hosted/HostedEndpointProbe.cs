using System.Net;
using System.Net.Http.Headers;

namespace M1Parallel.Inference.Hosted;

/// <summary>
/// One request to an OpenAI-compatible endpoint (<c>GET /models</c>) before any work is sent to it, so that a wrong base
/// URL, a server that is down or a refused key fails at once instead of after hours of runs. Any answer other than 401
/// or 403 counts as reachable (some servers lack <c>/models</c>).
/// </summary>
public static class HostedEndpointProbe
{
    /// <summary>What is wrong with the endpoint, or null when it answered.</summary>
    /// <param name="options">The endpoint and its key variable.</param>
    /// <param name="environment">Reads an environment variable; the process environment when null.</param>
    /// <param name="timeout">How long to wait for an answer (default 15 s).</param>
    /// <param name="handler">The HTTP handler (tests pass their own); a fresh socket handler when null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<string?> FindProblemAsync(HostedBackendOptions options, Func<string, string?>? environment = null,
        TimeSpan? timeout = null, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        string key;
        try
        {
            key = HostedApiKey.Read(options, environment);
        }
        catch (HostedBackendException e)
        {
            return e.Message;
        }

        var limit = timeout ?? TimeSpan.FromSeconds(15);
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.Endpoint.AbsoluteUri.TrimEnd('/') + "/models"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(limit);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, wait.Token).ConfigureAwait(false);
            return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? $"{options.Endpoint} refused the API key{(options.ApiKeyVariable is { } v ? $" from {v}" : " (none is configured)")} " +
                  $"(HTTP {(int)response.StatusCode}). Check the key, or set api_key_env to the variable that holds the right one."
                : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{options.Endpoint} did not answer within {limit.TotalSeconds:0} s. Check base_url and that the server is running and reachable.";
        }
        catch (HttpRequestException e)
        {
            return $"{options.Endpoint} cannot be reached ({e.Message.TrimEnd('.')}). Check base_url and that the server is running and reachable.";
        }
    }
}
