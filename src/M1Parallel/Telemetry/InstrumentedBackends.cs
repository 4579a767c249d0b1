using M1Parallel.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace M1Parallel.Telemetry;

/// <summary>
/// The backends' clients, each wrapped once (and kept) with <c>UseOpenTelemetry</c> (a span per call from
/// <see cref="ModelCallTelemetry.SourceName"/>, with its tokens), the tags saying who made the call, and
/// <c>UseLogging</c> onto a logger factory (quiet by default). One per <see cref="Methods.MethodRunner"/>, whose life it
/// shares (the backends' own clients stay their owner's to dispose). Thread-safe.
/// </summary>
public sealed class InstrumentedBackends : IBackendClientProvider
{
    private readonly IBackendClientProvider _backends;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Dictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    /// <summary>Instruments the clients of <paramref name="backends"/>, logging onto <paramref name="loggerFactory"/> (none when null).</summary>
    public InstrumentedBackends(IBackendClientProvider backends, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = backends;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <inheritdoc />
    public IChatClient GetClient(string backendName)
    {
        ArgumentNullException.ThrowIfNull(backendName);
        lock (_clients)
        {
            if (!_clients.TryGetValue(backendName, out var client))
            {
                client = _backends.GetClient(backendName)
                    ?? throw new InvalidOperationException($"Backend '{backendName}' gave no chat client.");
                _clients[backendName] = client = client.AsBuilder()
                    .UseOpenTelemetry(_loggerFactory, ModelCallTelemetry.SourceName)
                    .UseModelCallTags(backendName)
                    .UseLogging(_loggerFactory)
                    .Build();
            }

            return client;
        }
    }
}
