using M1Parallel.Routing;
using Microsoft.Extensions.AI;

namespace M1Parallel.Tests.TestSupport;

/// <summary>Named backends served by test clients; remembers which backend each request for a client named.</summary>
internal sealed class TestBackends(params (string Name, IChatClient Client)[] clients) : IBackendClientProvider
{
    private readonly List<string> _asked = [];

    /// <summary>Every role on one backend, <c>main</c>, served by <paramref name="client"/>.</summary>
    public static RoleClients One(IChatClient client) => new(new RoleRoutes("main"), new TestBackends(("main", client)));

    public IReadOnlyList<string> Asked
    {
        get
        {
            lock (_asked)
            {
                return _asked.ToArray();
            }
        }
    }

    public IChatClient GetClient(string backendName)
    {
        lock (_asked)
        {
            _asked.Add(backendName);
        }

        return clients.FirstOrDefault(c => c.Name == backendName).Client
            ?? throw new InvalidOperationException($"backend '{backendName}' is not served in this test.");
    }
}
