using Microsoft.Extensions.AI;

namespace M1Parallel.Inference.Hosted;

/// <summary>Adds <see cref="HostedResilienceChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
internal static class HostedResilienceChatClientBuilderExtensions
{
    /// <summary>Retries, timeouts and clear errors for the hosted endpoint <paramref name="options"/> describe.</summary>
    public static ChatClientBuilder UseHostedResilience(this ChatClientBuilder builder, HostedBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        return builder.Use(inner => new HostedResilienceChatClient(inner, options));
    }
}
