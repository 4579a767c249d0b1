namespace M1Parallel.Inference.Hosted;

/// <summary>Reads a hosted endpoint's API key from the environment variable its options name.</summary>
internal static class HostedApiKey
{
    /// <summary>The key, or "no-key" for an endpoint configured without one.</summary>
    /// <exception cref="HostedBackendException">The named environment variable is not set.</exception>
    public static string Read(HostedBackendOptions options, Func<string, string?>? environment)
    {
        if (options.ApiKeyVariable is not { } variable)
        {
            return "no-key";
        }

        return (environment ?? Environment.GetEnvironmentVariable)(variable) is { Length: > 0 } value
            ? value
            : throw new HostedBackendException(
                $"The API key for {options.Endpoint} is read from the environment variable {variable}, which is not set. " +
                $"Export it (export {variable}=...) before running, or configure no key variable for an endpoint without keys.");
    }
}
