using System.Net;
using M1Parallel.Inference.Gguf;

namespace M1Parallel.Inference.Models.Download;

/// <summary>
/// Downloads catalog models from a Hugging Face hub into a models folder: to <c>FILE.part</c> first, resumed with a range
/// request after an interruption and retried with backoff when the connection drops, then checked (size, sha256 against the
/// catalog or the hub's announced hash, GGUF header, architecture and shape) and only then renamed to <c>FILE</c>.
/// Safe to share between downloads of different files.
/// </summary>
public sealed class ModelDownloader : IDisposable
{
    /// <summary>What is appended to a model's file name while it downloads.</summary>
    public const string PartSuffix = ".part";

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly ModelDownloadOptions _options;
    private readonly HubClient _hub;

    /// <summary>Creates a downloader.</summary>
    public ModelDownloader(ModelDownloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _hub = new HubClient(options);
    }

    /// <summary>The URL a catalog entry is downloaded from.</summary>
    /// <exception cref="ArgumentException">The entry's source is not a repository page.</exception>
    public Uri UrlOf(ModelCatalog.Entry entry) => _hub.ResolveUrl(entry);

    /// <summary>Downloads <paramref name="entry"/> into <paramref name="folder"/>, resuming a partial download left there.</summary>
    /// <param name="entry">The catalog model.</param>
    /// <param name="folder">The models folder (created if missing).</param>
    /// <param name="progress">Receives the fraction downloaded, from 0 to 1.</param>
    /// <param name="cancellationToken">Stops the download; the partial file is kept for the next attempt.</param>
    /// <exception cref="ModelDownloadException">The download failed or did not check out; the message says why and what to do.</exception>
    /// <exception cref="ArgumentException">The entry's source is not a repository page.</exception>
    public async Task<ModelDownloadResult> DownloadAsync(ModelCatalog.Entry entry, string folder, IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var url = _hub.ResolveUrl(entry);
        var target = Path.Combine(Path.GetFullPath(folder), entry.File);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var part = new PartFile(target + PartSuffix);
        if (File.Exists(part.Path))
        {
            Log($"hashing the {new FileInfo(part.Path).Length:N0} bytes an earlier pull left in {part.Path}, to resume after them");
        }

        await part.ResumeAsync(cancellationToken).ConfigureAwait(false);
        var resumedFrom = part.Length;

        var (total, metadata, retries) = await TransferAsync(entry, url, part, progress, cancellationToken).ConfigureAwait(false);
        var result = Check(entry, url, part, total, metadata);
        File.Move(part.Path, target, overwrite: true);
        return result with { Path = target, ResumedFrom = resumedFrom, Retries = retries };
    }

    /// <inheritdoc />
    public void Dispose() => _hub.Dispose();

    private async Task<(long? Total, HubFileMetadata Metadata, int Retries)> TransferAsync(ModelCatalog.Entry entry, Uri url, PartFile part,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var metadata = default(HubFileMetadata);
        var retries = 0;
        var failuresInARow = 0;
        var restarted = false;
        while (true)
        {
            var before = part.Length;
            try
            {
                using var response = await _hub.GetAsync(url, part.Length, m => CheckAnnouncedHash(entry, m), cancellationToken).ConfigureAwait(false);
                metadata = metadata.Merge(response.Metadata);
                var status = response.Message.StatusCode;
                long? total;
                switch (status)
                {
                    case HttpStatusCode.RequestedRangeNotSatisfiable when part.Length > 0:
                        var length = response.Message.Content.Headers.ContentRange?.Length;
                        if (length is null || length == part.Length)
                        {
                            return (part.Length, metadata, retries); // the part already holds the whole file
                        }

                        if (restarted)
                        {
                            throw Http(entry, response, "to a request for the bytes after a partial download");
                        }

                        Log($"{part.Path} is longer than the file on the hub ({length:N0} bytes); starting again from byte 0");
                        part.Discard();
                        restarted = true;
                        continue;
                    case HttpStatusCode.PartialContent:
                        var range = response.Message.Content.Headers.ContentRange;
                        if (range?.From != part.Length)
                        {
                            throw Http(entry, response, $"with bytes from {range?.From?.ToString("N0") ?? "?"} to a request for bytes from {part.Length:N0}");
                        }

                        total = range.Length ?? metadata.Size;
                        break;
                    case HttpStatusCode.OK:
                        if (part.Length > 0)
                        {
                            Log("the server ignored the request to resume (it sent the whole file); starting again from byte 0");
                            part.Discard();
                        }

                        total = response.Message.Content.Headers.ContentLength ?? metadata.Size;
                        break;
                    case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                        throw Refused(entry, response);
                    case HttpStatusCode.NotFound:
                        throw new ModelDownloadException(ModelDownloadFailure.NotFound,
                            $"The hub has no {entry.File} at revision '{entry.RevisionOrMain}' of {entry.Repository} ({response.Url} answered 404). " +
                            $"Check the file name on {entry.Source}/tree/{entry.RevisionOrMain} and fix '{entry.Name}' in {ModelCatalog.RelativePath}.");
                    case HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError:
                        throw new ConnectionLostException($"{response.Url.Authority} answered {(int)status} {response.Message.ReasonPhrase}");
                    default:
                        throw Http(entry, response, "");
                }

                CheckDiskSpace(entry, part, total);
                await using var body = await response.Message.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await part.AppendAsync(body, total, progress, _options.StallTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                if (part.Length < total)
                {
                    throw new ConnectionLostException($"the response ended after {part.Length:N0} of {total:N0} bytes");
                }

                return (total, metadata, retries);
            }
            catch (ConnectionLostException) when (cancellationToken.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested(); // the connection broke because the pull was cancelled
                throw;
            }
            catch (ConnectionLostException e)
            {
                failuresInARow = part.Length > before ? 1 : failuresInARow + 1;
                if (failuresInARow >= _options.MaxAttempts)
                {
                    throw new ModelDownloadException(ModelDownloadFailure.Network,
                        $"Downloading {entry.Name} from {url} failed {failuresInARow} times in a row (last: {e.Message}). " +
                        (part.Length > 0 ? $"The {part.Length:N0} bytes received are kept in {part.Path}; " : "") +
                        $"check the network (or {ModelDownloadOptions.EndpointVariable}) and run 'm1p models pull {entry.Name}' again to resume.", e);
                }

                retries++;
                var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _options.RetryDelay.Ticks << Math.Min(failuresInARow - 1, 16)));
                Log($"connection lost after {part.Length:N0} bytes ({e.Message}); retry {retries} in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private ModelDownloadResult Check(ModelCatalog.Entry entry, Uri url, PartFile part, long? total, HubFileMetadata metadata)
    {
        var size = part.Length;
        if ((total ?? metadata.Size) is { } expectedSize && size != expectedSize)
        {
            part.Discard();
            throw new ModelDownloadException(ModelDownloadFailure.SizeMismatch,
                $"{entry.File} from {url} has {size:N0} bytes but the hub announced {expectedSize:N0}; {part.Path} was deleted. Run 'm1p models pull {entry.Name}' again.");
        }

        var sha256 = part.Sha256;
        var (published, source) = entry.Sha256 is { } listed ? (listed.ToLowerInvariant(), "the catalog")
            : metadata.Sha256 is { } announced ? (announced, "the hub (X-Linked-Etag)")
            : ((string?)null, (string?)null);
        if (published is not null && !string.Equals(published, sha256, StringComparison.Ordinal))
        {
            part.Discard();
            throw new ModelDownloadException(ModelDownloadFailure.HashMismatch,
                $"sha256 mismatch for {entry.File}: expected {published} ({source}), actual {sha256}. The download is corrupt or the file " +
                $"changed upstream; {part.Path} was deleted. Run 'm1p models pull {entry.Name}' again; if it fails the same way, compare the hash on {entry.Source}.");
        }

        GgufFile header;
        try
        {
            header = GgufFile.Read(part.Path);
        }
        catch (GgufFormatException e)
        {
            part.Discard();
            throw new ModelDownloadException(ModelDownloadFailure.InvalidModel,
                $"{entry.File} from {url} is not a usable GGUF model ({e.Message}); {part.Path} was deleted. Check the file name on {entry.Source}.", e);
        }

        var verification = ModelCatalog.Check(part.Path, entry with { Sha256 = published }, header, size, sha256);
        if (!verification.IsValid)
        {
            part.Discard();
            throw new ModelDownloadException(ModelDownloadFailure.InvalidModel,
                $"{entry.File} does not match the catalog's '{entry.Name}': {string.Join(" ", verification.Problems)} {part.Path} was deleted.");
        }

        IReadOnlyList<string> notes =
        [
            published is null ? $"no published sha256: computed {sha256}, which could not be verified against a published one" : $"published sha256 from {source}",
            .. verification.Notes,
        ];
        return new ModelDownloadResult(part.Path, size, sha256, published, source, 0, 0, notes);
    }

    // The catalog's hash and the one the hub announces must agree before a byte is downloaded: otherwise the file changed
    // upstream (or the catalog is wrong), and a download of many gigabytes would only end in a mismatch.
    private static void CheckAnnouncedHash(ModelCatalog.Entry entry, HubFileMetadata metadata)
    {
        if (entry.Sha256 is { } listed && metadata.Sha256 is { } announced && !string.Equals(listed, announced, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelDownloadException(ModelDownloadFailure.HashMismatch,
                $"sha256 mismatch for {entry.File} before downloading: the catalog expects {listed.ToLowerInvariant()} but the hub announces {announced} " +
                $"at revision '{entry.RevisionOrMain}'. The file changed upstream or the catalog is wrong: pin '{entry.Name}' in {ModelCatalog.RelativePath} " +
                $"to the revision its hash belongs to (\"revision\": COMMIT), or update its sha256 from {entry.Source}. Nothing more was downloaded.");
        }
    }

    private void CheckDiskSpace(ModelCatalog.Entry entry, PartFile part, long? total)
    {
        var folder = Path.GetDirectoryName(part.Path)!;
        if (total is not { } bytes || _options.FreeSpace(folder) is not { } free || free >= bytes - part.Length)
        {
            return;
        }

        throw new ModelDownloadException(ModelDownloadFailure.DiskSpace,
            $"Not enough disk space for {entry.Name}: it needs {FormatGigabytes(bytes - part.Length)} more but {folder} has {FormatGigabytes(free)} free. " +
            $"Free some space, or pull into another folder with --dir (or {ModelsFolder.EnvironmentVariable}).");
    }

    private ModelDownloadException Refused(ModelCatalog.Entry entry, HubResponse response)
    {
        var token = ModelDownloadOptions.TokenVariable;
        return new ModelDownloadException(ModelDownloadFailure.Refused,
            $"The hub refused {response.Url} ({(int)response.Message.StatusCode} {response.Message.ReasonPhrase}). " +
            $"{entry.Name} may be gated: accept its licence on {entry.Source} while logged in, create a read token " +
            $"(https://huggingface.co/settings/tokens) and set {token} to it" +
            (_options.Token is null ? $" ({token} is not set)." : $" (the token in {token} was not accepted)."));
    }

    private static ModelDownloadException Http(ModelCatalog.Entry entry, HubResponse response, string what) =>
        new(ModelDownloadFailure.Http,
            $"Downloading {entry.Name}: {response.Url} answered {(int)response.Message.StatusCode} {response.Message.ReasonPhrase}" +
            (what.Length > 0 ? $" {what}" : "") + $". Check the hub endpoint ({ModelDownloadOptions.EndpointVariable}) and try again later.");

    private void Log(string line) => _options.Log?.WriteLine(line);

    private static string FormatGigabytes(long bytes) => bytes >= 10_000_000 ? $"{bytes / 1e9:F2} GB" : $"{bytes:N0} bytes";
}
