using System.CommandLine;
using System.Diagnostics;
using M1Parallel.Cli.Hosting.Telemetry;
using M1Parallel.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace M1Parallel.Cli.Tests.Hosting;

/// <summary>--telemetry turns the export of the model-call spans on; without it nothing listens. Whether anything listens
/// is process-wide, so these tests run alone (not beside other tests that may turn telemetry on).</summary>
[Collection(ModelCallListeners.Name)]
public sealed class TelemetryOptionsTests
{
    private static TelemetryExport Start(params string[] args)
    {
        var command = new Command("run");
        var options = TelemetryOptions.AddTo(command);
        return options.Start(command.Parse(args));
    }

    private static bool SomeoneListensToModelCalls()
    {
        using var source = new ActivitySource(ModelCallTelemetry.SourceName);
        return source.HasListeners();
    }

    [Fact]
    public void Start_WithoutTheFlag_NothingListensAndNothingLogs()
    {
        using var export = Start();

        Assert.False(SomeoneListensToModelCalls());
        Assert.Same(NullLoggerFactory.Instance, export.LoggerFactory);
    }

    [Theory]
    [InlineData("console")]
    [InlineData("otlp")]
    public void Start_WithAnExporter_ListensToTheModelCallSpansUntilDisposed(string exporter)
    {
        string[] endpoint = exporter == "otlp" ? ["--otlp-endpoint", "http://127.0.0.1:4317"] : [];
        var export = Start(["--telemetry", exporter, .. endpoint]);

        Assert.True(SomeoneListensToModelCalls());
        Assert.NotSame(NullLoggerFactory.Instance, export.LoggerFactory);
        export.Dispose();
        Assert.False(SomeoneListensToModelCalls());
    }

    [Fact]
    public void Start_OtlpEndpointWithoutOtlp_IsRefusedNamingTheFix()
    {
        var error = Assert.Throws<ArgumentException>(() => Start("--telemetry", "console", "--otlp-endpoint", "http://127.0.0.1:4317"));

        Assert.Contains("--otlp-endpoint needs --telemetry otlp", error.Message);
    }

    [Fact]
    public void Start_OtlpEndpointNotAUrl_IsRefusedWithAnExample()
    {
        var error = Assert.Throws<ArgumentException>(() => Start("--telemetry", "otlp", "--otlp-endpoint", "collector:4317"));

        Assert.Contains("not an absolute http(s) URL", error.Message);
        Assert.Contains("http://localhost:4317", error.Message);
    }
}
