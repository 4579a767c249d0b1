using System.CommandLine;

namespace M1Parallel.Cli.Hosting.Telemetry;

/// <summary>The <c>--telemetry console|otlp</c> and <c>--otlp-endpoint URL</c> options of a command that runs methods
/// (<c>m1p run</c>, <c>m1p experiment</c>): off by default.</summary>
internal sealed class TelemetryOptions
{
    private readonly Option<string?> _exporter = new("--telemetry")
    {
        Description = "Export every model call as an OpenTelemetry span (model, duration, tokens, role, backend): console (standard output) or otlp. Off by default.",
    };

    private readonly Option<string?> _otlpEndpoint = new("--otlp-endpoint")
    {
        Description = "With --telemetry otlp: the collector's OTLP/gRPC endpoint (default: OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4317).",
    };

    private TelemetryOptions()
    {
        _exporter.AcceptOnlyFromAmong("console", "otlp");
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public static TelemetryOptions AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = new TelemetryOptions();
        command.Options.Add(options._exporter);
        command.Options.Add(options._otlpEndpoint);
        return options;
    }

    /// <summary>Starts the export the command line asks for (none without <c>--telemetry</c>).</summary>
    /// <exception cref="ArgumentException">The options do not fit together; the message names the fix.</exception>
    public TelemetryExport Start(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var kind = parse.GetValue(_exporter) switch
        {
            "console" => TelemetryExporterKind.Console,
            "otlp" => TelemetryExporterKind.Otlp,
            _ => TelemetryExporterKind.None,
        };
        Uri? endpoint = null;
        if (parse.GetValue(_otlpEndpoint) is { } given)
        {
            if (kind != TelemetryExporterKind.Otlp)
            {
                throw new ArgumentException("--otlp-endpoint needs --telemetry otlp (it says where the OTLP exporter sends the spans).");
            }

            if (!Uri.TryCreate(given, UriKind.Absolute, out endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"--otlp-endpoint '{given}' is not an absolute http(s) URL; e.g. http://localhost:4317.");
            }
        }

        return TelemetryExport.Start(kind, endpoint);
    }
}
