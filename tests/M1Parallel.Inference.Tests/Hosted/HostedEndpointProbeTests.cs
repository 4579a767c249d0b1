using System.Net;
using M1Parallel.Inference.Hosted;

namespace M1Parallel.Inference.Tests.Hosted;

/// <summary>Before work is sent to a hosted endpoint, one request tells a wrong URL, a dead server or a refused key apart from a live one.</summary>
public sealed class HostedEndpointProbeTests
{
    private static readonly HostedBackendOptions Options = new(new Uri("http://127.0.0.1:9/v1"), "gpt-4o", "PROBE_KEY");

    private static string? Env(string name) => name == "PROBE_KEY" ? "sk-test" : null;

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.NotFound)] // a server without /models is still up
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task AnyAnswerButARefusedKey_IsNoProblem_AndTheKeyIsSentToModels(HttpStatusCode status)
    {
        var handler = new Answering(status);

        Assert.Null(await HostedEndpointProbe.FindProblemAsync(Options, Env, handler: handler));
        Assert.Equal("http://127.0.0.1:9/v1/models", handler.Seen!.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer sk-test", handler.Seen.Headers.Authorization!.ToString());
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task RefusedKey_NamesTheVariable(HttpStatusCode status)
    {
        var problem = await HostedEndpointProbe.FindProblemAsync(Options, Env, handler: new Answering(status));

        Assert.Contains("refused the API key from PROBE_KEY", problem);
        Assert.Contains($"HTTP {(int)status}", problem);
    }

    [Fact]
    public async Task NothingListening_SaysItCannotBeReachedAndToCheckTheUrl()
    {
        var closed = new HostedBackendOptions(new Uri("http://127.0.0.1:1/v1"), "gpt-4o");

        var problem = await HostedEndpointProbe.FindProblemAsync(closed);

        Assert.Contains("http://127.0.0.1:1/v1 cannot be reached", problem);
        Assert.Contains("Check base_url", problem);
    }

    [Fact]
    public async Task NoAnswerInTime_SaysSo()
    {
        var problem = await HostedEndpointProbe.FindProblemAsync(Options, Env, TimeSpan.FromMilliseconds(50), new Silent());

        Assert.Contains("did not answer within", problem);
    }

    [Fact]
    public async Task KeyVariableNotSet_SaysWhichToExport()
    {
        var problem = await HostedEndpointProbe.FindProblemAsync(Options, _ => null, handler: new Answering(HttpStatusCode.OK));

        Assert.Contains("export PROBE_KEY=", problem);
    }

    private sealed class Answering(HttpStatusCode status) : HttpMessageHandler
    {
        public HttpRequestMessage? Seen { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen = request;
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }

    private sealed class Silent : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
