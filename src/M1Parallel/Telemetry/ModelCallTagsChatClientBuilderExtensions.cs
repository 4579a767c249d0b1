using Microsoft.Extensions.AI;

namespace M1Parallel.Telemetry;

/// <summary>Adds <see cref="ModelCallTagsChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
internal static class ModelCallTagsChatClientBuilderExtensions
{
    /// <summary>Tags each call's span with <paramref name="backend"/> and the role and purpose in its options.</summary>
    public static ChatClientBuilder UseModelCallTags(this ChatClientBuilder builder, string backend)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(backend);
        return builder.Use(inner => new ModelCallTagsChatClient(inner, backend));
    }
}
