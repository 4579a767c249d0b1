using M1Parallel.Experiments.Specs;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Routing;

namespace M1Parallel.Cli.Hosting;

/// <summary>The backends <c>m1p run</c>'s options name ('local' from --model, 'hosted' from --hosted-endpoint) and the
/// roles --route sends elsewhere.</summary>
internal static class RunBackends
{
    /// <summary>The local backend's name in routes.</summary>
    public const string Local = "local";

    /// <summary>The hosted backend's name in routes.</summary>
    public const string Hosted = "hosted";

    /// <summary>The backends the options describe, local first; empty when neither a model nor a hosted endpoint is given.</summary>
    /// <exception cref="BackendStartException">The options are inconsistent; the message says which and how to fix it.</exception>
    public static IReadOnlyList<BackendSpec> Specs(RunBackendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var backends = new List<BackendSpec>();
        if (request.Model is { } model)
        {
            backends.Add(new BackendSpec(Local, BackendKind.Local, model, request.Local, null, null, 0, 0) { MaxOutputTokens = request.MaxOutputTokens });
        }

        if (request.HostedEndpoint is { } endpoint)
        {
            if (request.HostedModel is null)
            {
                throw new BackendStartException("--hosted-endpoint needs --hosted-model NAME (the model the endpoint serves, e.g. gpt-4o).");
            }

            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var url))
            {
                throw new BackendStartException($"--hosted-endpoint '{endpoint}' is not an absolute URL; e.g. https://api.openai.com/v1.");
            }

            backends.Add(new BackendSpec(Hosted, BackendKind.Hosted, request.HostedModel, null, url, request.ApiKeyEnv, 0, 0)
            {
                MaxOutputTokens = request.MaxOutputTokens,
            });
        }
        else if (request.HostedModel is not null || request.ApiKeyEnv is not null)
        {
            throw new BackendStartException("--hosted-model and --api-key-env need --hosted-endpoint URL.");
        }

        return backends;
    }

    /// <summary>Every role on <paramref name="defaultBackend"/> except those routed elsewhere with role=backend.</summary>
    /// <exception cref="BackendStartException">A route is malformed, names no role or names a backend not configured.</exception>
    public static RoleRoutes Routes(IReadOnlyList<string> routes, string defaultBackend, IReadOnlyList<string> backends)
    {
        var overrides = new Dictionary<TeamRole, string>();
        foreach (var route in routes)
        {
            var parts = route.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new BackendStartException($"--route '{route}' is not role=backend; e.g. --route aggregator=hosted.");
            }

            if (RoleRoutes.Problem(parts[0], parts[1], backends.ToArray()) is { } problem)
            {
                throw new BackendStartException($"--route '{route}': {problem} (--model gives '{Local}', --hosted-endpoint gives '{Hosted}').");
            }

            overrides[TeamRoles.Parse(parts[0])] = parts[1];
        }

        return new RoleRoutes(defaultBackend, overrides);
    }
}
