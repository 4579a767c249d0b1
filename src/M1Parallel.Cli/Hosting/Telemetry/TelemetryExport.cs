using M1Parallel.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace M1Parallel.Cli.Hosting.Telemetry;

/// <summary>
/// The model calls' telemetry of one command: with an exporter, a tracer listening to
/// <see cref="ModelCallTelemetry.SourceName"/> (one span per model call, with its tokens, role, purpose and backend) and
/// a logger factory whose records (failed calls) go to the same place; without, nothing. Disposing flushes and stops it.
/// </summary>
internal sealed class TelemetryExport : IDisposable
{
    private readonly TracerProvider? _tracer;
    private readonly ILoggerFactory? _ownedLoggerFactory;

    private TelemetryExport(TracerProvider? tracer, ILoggerFactory? loggerFactory)
    {
        _tracer = tracer;
        _ownedLoggerFactory = loggerFactory;
    }

    /// <summary>Where the model calls log: the exporter's logger factory, or one that drops everything.</summary>
    public ILoggerFactory LoggerFactory => _ownedLoggerFactory ?? NullLoggerFactory.Instance;

    /// <summary>Starts exporting to <paramref name="kind"/>; <paramref name="otlpEndpoint"/> is the collector's OTLP/gRPC
    /// endpoint (null: the OpenTelemetry defaults, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or http://localhost:4317).</summary>
    public static TelemetryExport Start(TelemetryExporterKind kind, Uri? otlpEndpoint = null)
    {
        if (kind == TelemetryExporterKind.None)
        {
            return new TelemetryExport(null, null);
        }

        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(Service(ResourceBuilder.CreateDefault())).AddSource(ModelCallTelemetry.SourceName);
        traces = kind == TelemetryExporterKind.Console ? traces.AddConsoleExporter() : traces.AddOtlpExporter(o => Configure(o, otlpEndpoint));
        var tracer = traces.Build();
        var logs = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(Service(ResourceBuilder.CreateDefault()));
                _ = kind == TelemetryExporterKind.Console ? o.AddConsoleExporter() : o.AddOtlpExporter(e => Configure(e, otlpEndpoint));
            }));
        return new TelemetryExport(tracer, logs);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ownedLoggerFactory?.Dispose();
        _tracer?.Dispose();
    }

    /// <summary>Names the service the spans and logs come from: m1p.</summary>
    private static ResourceBuilder Service(ResourceBuilder resource) => resource.AddService("m1p");

    private static void Configure(OtlpExporterOptions options, Uri? endpoint)
    {
        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
            options.Protocol = OtlpExportProtocol.Grpc;
        }
    }
}
