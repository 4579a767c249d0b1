using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace M1Parallel.Inference.Hosted;

/// <summary>
/// The <see cref="IChatClient"/> of any OpenAI-compatible endpoint (OpenAI, llama-server, vLLM): the OpenAI SDK's chat
/// client through <c>AsIChatClient()</c> (Microsoft.Extensions.AI.OpenAI does the mapping of messages, options, tools,
/// streaming and usage), wrapped by <see cref="HostedResilienceChatClient"/>, the one retry layer (the SDK's own retry
/// policy is off). Thread-safe.
/// </summary>
public static class HostedChatClient
{
    /// <summary>Creates the client; reads the API key from the environment variable named in <paramref name="options"/>.</summary>
    /// <param name="options">The endpoint, model and retry settings.</param>
    /// <param name="environment">Reads an environment variable (tests pass their own); <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    /// <exception cref="HostedBackendException">The named environment variable is not set.</exception>
    public static IChatClient Create(HostedBackendOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = HostedApiKey.Read(options, environment);
        var sdkOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // HostedResilienceChatClient is the only retry layer.
            NetworkTimeout = options.RequestTimeout,
        };
        return new ChatClient(options.Model, new ApiKeyCredential(key), sdkOptions)
            .AsIChatClient()
            .AsBuilder()
            .UseHostedResilience(options)
            .Build();
    }
}
