using Microsoft.Extensions.AI;

namespace M1Parallel.Serving;

/// <summary>A validated <c>/v1/chat/completions</c> body, translated to Microsoft.Extensions.AI types.</summary>
internal sealed record ChatCompletionRequest(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    ChatOptions Options,
    bool Stream,
    bool IncludeUsage);
