using System.Diagnostics;
using System.Runtime.CompilerServices;
using M1Parallel.MagenticOne.Teams;
using Microsoft.Extensions.AI;

namespace M1Parallel.Telemetry;

/// <summary>Tags the span of the model call in progress (<see cref="Activity.Current"/>, opened by the OpenTelemetry
/// client around it) with the backend, and the role and purpose the call's options carry. Compose it inside
/// <c>UseOpenTelemetry</c> with <see cref="ModelCallTagsChatClientBuilderExtensions.UseModelCallTags"/>.</summary>
internal sealed class ModelCallTagsChatClient(IChatClient innerClient, string backend) : DelegatingChatClient(innerClient)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Tag(options);
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Tag(options);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private void Tag(ChatOptions? options)
    {
        if (Activity.Current is not { IsAllDataRequested: true } span || span.Source.Name != ModelCallTelemetry.SourceName)
        {
            return;
        }

        span.SetTag(ModelCallTelemetry.BackendTag, backend);
        if (options?.AdditionalProperties is { } properties)
        {
            span.SetTag(ModelCallTelemetry.RoleTag, properties.GetValueOrDefault(TeamChatOptionKeys.Role) as string);
            span.SetTag(ModelCallTelemetry.PurposeTag, properties.GetValueOrDefault(TeamChatOptionKeys.Purpose) as string);
        }
    }
}
