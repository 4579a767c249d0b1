using M1Parallel.Cli.Commands;

namespace M1Parallel.Cli.Tests;

public sealed class RunCommandTests
{
    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        ExperimentsCliHarness.InvokeAsync(RunCommand.Create(), ["run", "What is 2+2?", .. args]);

    [Fact]
    public async Task Run_NeitherModelNorEndpoint_ExitsTwoSayingWhatToGive()
    {
        var (exit, output, error) = await RunAsync();

        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains("no model backend is configured", error);
        Assert.Contains("--model", error);
        Assert.Contains("--hosted-endpoint", error);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Run_MissingModelFile_ExitsTwoNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "m1p-missing-model.gguf");

        var (exit, _, error) = await RunAsync("--model", missing);

        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains("backend 'local'", error);
        Assert.Contains(missing, error);
    }

    [Fact]
    public async Task Run_RouteToAnUnknownRole_ExitsTwoListingTheRoles()
    {
        var (exit, _, error) = await RunAsync("--hosted-endpoint", "http://127.0.0.1:9/v1", "--hosted-model", "m", "--route", "boss=hosted");

        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains("unknown role 'boss'", error);
        Assert.Contains("aggregator", error);
    }

    [Fact]
    public async Task Run_RouteToAnUnconfiguredBackend_ExitsTwoNamingTheConfiguredOnes()
    {
        var (exit, _, error) = await RunAsync("--hosted-endpoint", "http://127.0.0.1:9/v1", "--hosted-model", "m", "--route", "aggregator=local");

        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains("no backend named 'local'", error);
    }

    [Fact]
    public async Task Run_OtlpEndpointWithoutOtlpTelemetry_ExitsTwoNamingTheFix()
    {
        var (exit, _, error) = await RunAsync("--hosted-endpoint", "http://127.0.0.1:9/v1", "--hosted-model", "m", "--otlp-endpoint", "http://127.0.0.1:4317");

        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains("--otlp-endpoint needs --telemetry otlp", error);
    }

    [Fact]
    public async Task Run_UnknownTelemetryExporter_IsRefusedNamingTheChoices()
    {
        var (exit, _, error) = await RunAsync("--hosted-endpoint", "http://127.0.0.1:9/v1", "--hosted-model", "m", "--telemetry", "jaeger");

        Assert.NotEqual(0, exit);
        Assert.Contains("console", error);
        Assert.Contains("otlp", error);
    }

    [Fact]
    public async Task Run_EndpointWithoutModelName_ExitsTwoAskingForIt()
    {
        var (exit, _, error) = await RunAsync("--hosted-endpoint", "http://127.0.0.1:9/v1");

        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains("--hosted-model", error);
    }

    [Fact]
    public async Task Run_SearchUrlWithoutPlaceholder_ExitsTwoShowingTheForm()
    {
        var (exit, _, error) = await RunAsync("--hosted-endpoint", "http://127.0.0.1:9/v1", "--hosted-model", "m", "--search-url", "http://127.0.0.1:9/search");

        Assert.Equal(RunCommand.ConfigurationError, exit);
        Assert.Contains("{query}", error);
    }
}
