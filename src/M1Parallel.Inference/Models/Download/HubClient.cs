using System.Net;
using System.Net.Http.Headers;

namespace M1Parallel.Inference.Models.Download;

/// <summary>
/// Sends file requests to a Hugging Face hub: builds resolve URLs, follows redirects itself (so that the token goes to the
/// hub only, never to the storage it redirects to, and the hash the hub announces is kept), and gives up on a silent server.
/// </summary>
internal sealed class HubClient : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly ModelDownloadOptions _options;
    private readonly HttpClient _http;

    public HubClient(ModelDownloadOptions options)
    {
        _options = options;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.StallTimeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("m1p", "1.0"));
    }

    /// <summary><c>{endpoint}/{repo}/resolve/{revision}/{file}</c> for a catalog entry.</summary>
    /// <exception cref="ArgumentException">The entry's source is not a repository page (https://HOST/OWNER/NAME).</exception>
    public Uri ResolveUrl(ModelCatalog.Entry entry)
    {
        var repository = entry.Repository ?? throw new ArgumentException(
            $"'{entry.Name}' has source '{entry.Source}', which is not a Hugging Face repository page (https://huggingface.co/OWNER/NAME); fix it in {ModelCatalog.RelativePath}.",
            nameof(entry));
        var file = string.Join('/', entry.File.Split('/').Select(Uri.EscapeDataString));
        return new Uri(_options.Endpoint, $"{repository}/resolve/{Uri.EscapeDataString(entry.RevisionOrMain)}/{file}");
    }

    /// <summary>Requests the file from byte <paramref name="from"/> on, following redirects; the caller disposes the answer.</summary>
    /// <param name="url">The resolve URL.</param>
    /// <param name="from">The first byte wanted.</param>
    /// <param name="announced">Sees what the hub announces about the file before a redirect is followed; throws to stop there.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="ConnectionLostException">No connection, or no answer within the stall timeout.</exception>
    public async Task<HubResponse> GetAsync(Uri url, long from, Action<HubFileMetadata> announced, CancellationToken cancellationToken)
    {
        var metadata = default(HubFileMetadata);
        var current = url;
        for (var hop = 0; ; hop++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (from > 0)
            {
                request.Headers.Range = new RangeHeaderValue(from, null);
            }

            if (_options.Token is { } token && IsHub(current))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (IsHub(current))
            {
                metadata = metadata.Merge(HubFileMetadata.From(response));
                try
                {
                    announced(metadata);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return new HubResponse(response, metadata, current);
            }

            response.Dispose();
            if (hop == MaxRedirects)
            {
                throw new ModelDownloadException(ModelDownloadFailure.Http, $"{url} redirected more than {MaxRedirects} times; the hub endpoint ({_options.Endpoint}) is misconfigured.");
            }

            current = location.IsAbsoluteUri ? location : new Uri(current, location);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(_options.StallTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ConnectionLostException($"{request.RequestUri!.Authority} did not answer within {_options.StallTimeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new ConnectionLostException($"{request.RequestUri!.Authority}: {e.Message}", e);
        }
    }

    private bool IsHub(Uri url) => string.Equals(url.Authority, _options.Endpoint.Authority, StringComparison.OrdinalIgnoreCase) &&
                                   string.Equals(url.Scheme, _options.Endpoint.Scheme, StringComparison.OrdinalIgnoreCase);

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or
        HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
