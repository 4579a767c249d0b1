using Microsoft.Extensions.AI;

namespace M1Parallel.Routing;

/// <summary>The chat clients of the named backends a method's roles are routed to (<see cref="RoleRoutes"/>); the command
/// line fills it with local and hosted models.</summary>
/// <remarks>Implementations are thread-safe: every team of a run asks for clients at once, and share them.</remarks>
public interface IBackendClientProvider
{
    /// <summary>The client serving the backend named <paramref name="backendName"/>.</summary>
    /// <exception cref="Exception">The backend is not configured or could not be started; the message names it.</exception>
    IChatClient GetClient(string backendName);
}
