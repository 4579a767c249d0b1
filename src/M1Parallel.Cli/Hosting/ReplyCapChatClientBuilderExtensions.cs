using Microsoft.Extensions.AI;

namespace M1Parallel.Cli.Hosting;

/// <summary>A backend's reply cap (<c>max_output_tokens</c> of a backend spec, <c>--max-output-tokens</c>) in a <see cref="ChatClientBuilder"/> pipeline.</summary>
internal static class ReplyCapChatClientBuilderExtensions
{
    /// <summary>Caps every request's <see cref="ChatOptions.MaxOutputTokens"/> at <paramref name="cap"/> (a request asking for less keeps its own).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cap"/> is below 1.</exception>
    public static ChatClientBuilder UseReplyCap(this ChatClientBuilder builder, int cap)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        return builder.ConfigureOptions(options => options.MaxOutputTokens = Math.Min(options.MaxOutputTokens ?? cap, cap));
    }
}
