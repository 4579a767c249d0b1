using System.Net.Http.Headers;

namespace M1Parallel.Inference.Models.Download;

/// <summary>What the hub announces about a file before sending it: its sha256 (X-Linked-Etag) and size (X-Linked-Size).</summary>
/// <param name="Sha256">The announced sha256, lower-case hex, or null.</param>
/// <param name="Size">The announced size in bytes, or null.</param>
internal readonly record struct HubFileMetadata(string? Sha256, long? Size)
{
    /// <summary>Reads the headers of one response (a redirect or the file itself).</summary>
    public static HubFileMetadata From(HttpResponseMessage response) =>
        new(Sha256From(Header(response.Headers, "X-Linked-Etag")),
            long.TryParse(Header(response.Headers, "X-Linked-Size"), out var size) && size >= 0 ? size : null);

    /// <summary>This metadata, with gaps filled from <paramref name="later"/>.</summary>
    public HubFileMetadata Merge(HubFileMetadata later) => new(Sha256 ?? later.Sha256, Size ?? later.Size);

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    // For a file kept in LFS the hub's X-Linked-Etag is the sha256 of its content; anything else (a 40-digit git hash) is ignored.
    private static string? Sha256From(string? etag)
    {
        var value = etag?.Trim();
        if (value is null)
        {
            return null;
        }

        value = value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value;
        value = value.Trim('"');
        return value.Length == 64 && value.All(Uri.IsHexDigit) ? value.ToLowerInvariant() : null;
    }
}
