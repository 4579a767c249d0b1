namespace M1Parallel.Inference.Models.Download;

/// <summary>A model file downloaded and checked.</summary>
/// <param name="Path">Where the file now is.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">Its sha256, lower-case hex, computed while it was written.</param>
/// <param name="PublishedSha256">The published sha256 it matched, or null when none was published (the hash is then unverified).</param>
/// <param name="HashSource">Where <paramref name="PublishedSha256"/> came from ("the catalog" or the hub's X-Linked-Etag), or null.</param>
/// <param name="ResumedFrom">Bytes already present in the partial download when this pull started.</param>
/// <param name="Retries">Times the connection was lost and the download resumed.</param>
/// <param name="Notes">What was checked, in order.</param>
public sealed record ModelDownloadResult(
    string Path, long Size, string Sha256, string? PublishedSha256, string? HashSource, long ResumedFrom, int Retries, IReadOnlyList<string> Notes)
{
    /// <summary>Whether the file's sha256 was compared with a published one and matched.</summary>
    public bool IsHashVerified => PublishedSha256 is not null;
}
