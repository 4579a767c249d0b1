namespace M1Parallel.Inference.Models.Download;

/// <summary>Why a model download failed.</summary>
public enum ModelDownloadFailure
{
    /// <summary>The hub refused the request (401/403): a gated model without an accepted licence or a valid HF_TOKEN.</summary>
    Refused,

    /// <summary>The hub has no such file at that revision (404).</summary>
    NotFound,

    /// <summary>The hub answered with another error status.</summary>
    Http,

    /// <summary>The connection kept failing; the partial download is kept for the next attempt.</summary>
    Network,

    /// <summary>Not enough free disk space for the rest of the file.</summary>
    DiskSpace,

    /// <summary>Writing the partial download failed.</summary>
    Storage,

    /// <summary>The file's sha256 differs from the published one; the partial download was deleted.</summary>
    HashMismatch,

    /// <summary>The file's size differs from the announced one; the partial download was deleted.</summary>
    SizeMismatch,

    /// <summary>The file is not a GGUF model, or not the one the catalog describes; the partial download was deleted.</summary>
    InvalidModel,
}
