namespace M1Parallel.Inference.Models.Download;

/// <summary>Where and how <see cref="ModelDownloader"/> fetches models; validated as it is set.</summary>
public sealed record ModelDownloadOptions
{
    /// <summary>The environment variable that points downloads at another hub (a mirror, or a test server).</summary>
    public const string EndpointVariable = "M1P_HF_ENDPOINT";

    /// <summary>The environment variable holding a Hugging Face access token, sent for gated models.</summary>
    public const string TokenVariable = "HF_TOKEN";

    /// <summary>The Hugging Face hub.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://huggingface.co/");

    /// <summary>The hub's base URL; files are fetched from <c>{Endpoint}/{repo}/resolve/{revision}/{file}</c>.</summary>
    public Uri Endpoint
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Endpoint));
            if (!value.IsAbsoluteUri || value.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"The hub endpoint '{value}' is not an http(s) URL; e.g. https://huggingface.co.", nameof(Endpoint));
            }

            field = value.AbsoluteUri.EndsWith('/') ? value : new Uri(value.AbsoluteUri + "/");
        }
    } = DefaultEndpoint;

    /// <summary>An access token sent as <c>Authorization: Bearer</c> to the hub (never to the storage it redirects to); null for none.</summary>
    public string? Token { get; init; }

    /// <summary>Failed attempts in a row, without a byte of progress between them, before the download gives up (the partial file is kept).</summary>
    public int MaxAttempts
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxAttempts));
            field = value;
        }
    } = 5;

    /// <summary>The wait before the first retry; it doubles with each failure in a row, up to 30 seconds.</summary>
    public TimeSpan RetryDelay
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, nameof(RetryDelay));
            field = value;
        }
    } = TimeSpan.FromSeconds(1);

    /// <summary>How long the hub may send nothing (no headers, no bytes) before the connection counts as lost.</summary>
    public TimeSpan StallTimeout
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(StallTimeout));
            field = value;
        }
    } = TimeSpan.FromSeconds(60);

    /// <summary>The clock for retry waits and stall timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Free bytes on the disk holding a folder, or null when that cannot be told.</summary>
    public Func<string, long?> FreeSpace { get; init; } = DriveFreeSpace;

    /// <summary>Where lines about resuming and retrying go; null for none.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Options with the endpoint from <c>M1P_HF_ENDPOINT</c> and the token from <c>HF_TOKEN</c>, where set.</summary>
    /// <exception cref="ArgumentException"><c>M1P_HF_ENDPOINT</c> is not an http(s) URL.</exception>
    public static ModelDownloadOptions FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var options = new ModelDownloadOptions { Token = environment(TokenVariable) is { Length: > 0 } token ? token.Trim() : null };
        if (environment(EndpointVariable) is not { Length: > 0 } endpoint)
        {
            return options;
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? options with { Endpoint = uri }
            : throw new ArgumentException($"{EndpointVariable} is '{endpoint}', which is not an http(s) URL; set it to the hub's address (e.g. https://huggingface.co) or unset it.", nameof(environment));
    }

    private static long? DriveFreeSpace(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
