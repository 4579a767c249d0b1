namespace M1Parallel.Inference.Models.Download;

/// <summary>The hub's final answer to a file request, after redirects, with what the redirects announced about the file.</summary>
/// <param name="Message">The response whose body is the file (or an error).</param>
/// <param name="Metadata">The sha256 and size announced on the way.</param>
/// <param name="Url">The URL that gave <paramref name="Message"/>.</param>
internal sealed record HubResponse(HttpResponseMessage Message, HubFileMetadata Metadata, Uri Url) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Message.Dispose();
}
