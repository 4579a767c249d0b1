namespace M1Parallel.Inference.Models.Download;

/// <summary>A model download failed; the message names the problem and the fix.</summary>
public sealed class ModelDownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelDownloadException(ModelDownloadFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    /// <summary>Why the download failed.</summary>
    public ModelDownloadFailure Failure { get; }
}
