namespace M1Parallel.Cli.Hosting.Telemetry;

/// <summary>Where the model calls' spans and logs go (<c>--telemetry</c>).</summary>
internal enum TelemetryExporterKind
{
    /// <summary>Nowhere (the default): nothing listens, nothing is exported.</summary>
    None,

    /// <summary>Written to standard output as they end.</summary>
    Console,

    /// <summary>Sent to an OpenTelemetry collector over OTLP.</summary>
    Otlp,
}
