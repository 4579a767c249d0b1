using System.Security.Cryptography;

namespace M1Parallel.Inference.Models.Download;

/// <summary>
/// The partial download (<c>FILE.part</c>) and the sha256 of every byte in it, kept in step: bytes are hashed as they are
/// written, and a part left by an earlier, interrupted pull is hashed once before more is appended.
/// </summary>
internal sealed class PartFile : IDisposable
{
    private const int BufferSize = 1 << 20;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public PartFile(string path)
    {
        Path = path;
    }

    /// <summary>The .part file.</summary>
    public string Path { get; }

    /// <summary>Bytes in the file, all hashed.</summary>
    public long Length { get; private set; }

    /// <summary>The sha256 of the bytes so far, lower-case hex.</summary>
    public string Sha256 => Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>Hashes what an earlier pull left in the file, so the download can go on from its end.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return;
        }

        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            _hash.AppendData(buffer, 0, read);
            Length += read;
        }
    }

    /// <summary>Deletes the file and empties the hash (to start again from byte 0, or to drop a bad download).</summary>
    public void Discard()
    {
        _hash.GetHashAndReset();
        Length = 0;
        File.Delete(Path);
    }

    /// <summary>Appends the body of a response until it ends, hashing and reporting progress as it goes.</summary>
    /// <exception cref="ConnectionLostException">Reading the body failed, or nothing came within <paramref name="stallTimeout"/>.</exception>
    /// <exception cref="ModelDownloadException">Writing the file failed (<see cref="ModelDownloadFailure.Storage"/>).</exception>
    public async Task AppendAsync(Stream body, long? total, IProgress<double>? progress, TimeSpan stallTimeout, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        await using var file = Open();
        var buffer = new byte[BufferSize];
        while (true)
        {
            timer.CancelAfter(stallTimeout);
            int read;
            try
            {
                read = await body.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ConnectionLostException($"no data for {stallTimeout.TotalSeconds:0.#} s", e);
            }
            catch (IOException e)
            {
                throw new ConnectionLostException(e.Message, e);
            }

            if (read == 0)
            {
                return;
            }

            try
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ModelDownloadException(ModelDownloadFailure.Storage,
                    $"Writing {Path} failed after {Length:N0} bytes: {e.Message}. Free some disk space (or pull into another folder) and run the same command again to resume.", e);
            }

            _hash.AppendData(buffer, 0, read);
            Length += read;
            if (total is > 0)
            {
                progress?.Report((double)Length / total.Value);
            }
        }
    }

    public void Dispose() => _hash.Dispose();

    private FileStream Open()
    {
        try
        {
            return new FileStream(Path, Length == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read, BufferSize, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelDownloadException(ModelDownloadFailure.Storage, $"Cannot write {Path}: {e.Message}. Check the folder's permissions, or pull into another folder.", e);
        }
    }
}
