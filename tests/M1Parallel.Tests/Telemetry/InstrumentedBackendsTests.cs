using M1Parallel.MagenticOne.Teams;
using M1Parallel.Telemetry;
using M1Parallel.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace M1Parallel.Tests.Telemetry;

public sealed class InstrumentedBackendsTests
{
    private static readonly ChatMessage[] Hello = [new(ChatRole.User, "hello")];

    private static ChatOptions Role(string role, string purpose) => new()
    {
        AdditionalProperties = new AdditionalPropertiesDictionary { [TeamChatOptionKeys.Role] = role, [TeamChatOptionKeys.Purpose] = purpose },
    };

    private static TestChatClient Model() => new()
    {
        OnResponse = (_, _, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi")) { Usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 7 } },
        OnStreaming = (_, _) => Stream(),
    };

    private static async IAsyncEnumerable<ChatResponseUpdate> Stream()
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "h");
        yield return new ChatResponseUpdate(ChatRole.Assistant, "i") { FinishReason = ChatFinishReason.Stop };
        yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 120, OutputTokenCount = 7 })] };
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetClient_WithATracerListening_EveryCallIsOneSpanWithItsTokensBackendRoleAndPurpose(bool streaming)
    {
        var backend = $"b-{Guid.NewGuid():N}";
        using var spans = new SpanRecorder();
        var client = new InstrumentedBackends(new TestBackends((backend, Model()))).GetClient(backend);

        for (var call = 0; call < 2; call++)
        {
            var text = streaming
                ? (await client.GetStreamingResponseAsync(Hello, Role("orchestrator", "progress_ledger")).ToChatResponseAsync()).Text
                : (await client.GetResponseAsync(Hello, Role("orchestrator", "progress_ledger"))).Text;
            Assert.Equal("hi", text);
        }

        var recorded = spans.Of(backend);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, span =>
        {
            Assert.Equal(120, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens")));
            Assert.Equal(7, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens")));
            Assert.Equal("orchestrator", span.GetTagItem(ModelCallTelemetry.RoleTag));
            Assert.Equal("progress_ledger", span.GetTagItem(ModelCallTelemetry.PurposeTag));
        });
    }

    [Fact]
    public async Task GetClient_TheSameBackendAskedAgain_IsInstrumentedOnce_SoACallIsStillOneSpan()
    {
        var backend = $"b-{Guid.NewGuid():N}";
        using var spans = new SpanRecorder();
        var backends = new InstrumentedBackends(new TestBackends((backend, Model())));

        Assert.Same(backends.GetClient(backend), backends.GetClient(backend));
        await backends.GetClient(backend).GetResponseAsync(Hello, Role("planner", "plan"));

        Assert.Single(spans.Of(backend));
    }

    [Fact]
    public async Task GetClient_WithALoggerFactory_LogsEveryCall()
    {
        var backend = $"b-{Guid.NewGuid():N}";
        var logs = new CapturingLoggerFactory();
        var client = new InstrumentedBackends(new TestBackends((backend, Model())), logs).GetClient(backend);

        await client.GetResponseAsync(Hello, Role("coder", "agent_step"));

        Assert.Contains(logs.Messages, m => m.Contains("GetResponseAsync", StringComparison.Ordinal));
    }

    /// <summary>Loggers at every level that keep what they are told.</summary>
    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return _messages.ToArray();
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._messages)
                {
                    owner._messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
