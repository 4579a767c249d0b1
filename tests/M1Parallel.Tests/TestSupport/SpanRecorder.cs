using System.Diagnostics;
using M1Parallel.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace M1Parallel.Tests.TestSupport;

/// <summary>An OpenTelemetry tracer listening to the model-call spans, exporting them in memory. Tests run in parallel
/// and every listener hears every span, so a test reads only the spans of its own (uniquely named) backend.</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly TracerProvider _tracer;

    public SpanRecorder()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(ModelCallTelemetry.SourceName)
            .AddInMemoryExporter(_spans)
            .Build();
    }

    /// <summary>The finished spans of calls served by <paramref name="backend"/>.</summary>
    public IReadOnlyList<Activity> Of(string backend)
    {
        _tracer.ForceFlush();
        lock (_spans)
        {
            return _spans.Where(s => s.GetTagItem(ModelCallTelemetry.BackendTag) as string == backend).ToArray();
        }
    }

    public void Dispose() => _tracer.Dispose();
}
