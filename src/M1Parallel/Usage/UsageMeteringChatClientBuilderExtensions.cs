using Microsoft.Extensions.AI;

namespace M1Parallel.Usage;

/// <summary>Adds <see cref="UsageMeteringChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class UsageMeteringChatClientBuilderExtensions
{
    /// <summary>Meters every call onto <paramref name="timeline"/>, each entry naming <paramref name="backend"/>.</summary>
    public static ChatClientBuilder UseUsageMetering(this ChatClientBuilder builder, UsageTimeline timeline, string? backend = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(timeline);
        return builder.Use(inner => new UsageMeteringChatClient(inner, timeline, timeProvider, backend));
    }
}
