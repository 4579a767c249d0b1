using System.Globalization;
using System.Text.RegularExpressions;
using M1Parallel.MagenticOne.Teams;
using M1Parallel.Routing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace M1Parallel.Experiments.Specs;

/// <summary>
/// Reads an experiment spec from YAML and validates it, collecting every problem with its line, key and fix.
/// Relative paths in the spec are resolved against the spec file's folder; the store defaults to <c>results/NAME.db</c> there.
/// </summary>
public static partial class ExperimentSpecLoader
{
    private static readonly string[] TopKeys = ["name", "description", "suite", "repetitions", "seed", "store", "timeouts", "backends", "methods"];
    private static readonly string[] SuiteKeys = ["path", "levels", "subsample", "seed"];
    private static readonly string[] TimeoutKeys = ["run_seconds"];
    private static readonly string[] BackendKeys = ["kind", "model", "scheduler", "context_tokens", "sequences", "base_url", "api_key_env", "prompt_usd_per_million", "completion_usd_per_million", "max_output_tokens", "threads"];
    private static readonly string[] MethodKeys = ["name", "kind", "teams", "k", "aggregator", "planning", "backend", "routes", "max_steps", "max_stalls", "replans", "enable_thinking", "agents"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNamePattern();

    /// <summary>Reads and validates the spec file at <paramref name="path"/>.</summary>
    /// <exception cref="SpecValidationException">The file is missing, not YAML, or breaks a rule; every problem is listed.</exception>
    public static ExperimentSpec LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new SpecValidationException(path, [new SpecError(0, 0, "(file)", "not found; pass the path of an experiment spec such as experiments/smoke.yaml")]);
        }

        return Parse(File.ReadAllText(full), full);
    }

    /// <summary>Parses and validates spec text; <paramref name="sourcePath"/> names it in errors and anchors relative paths.</summary>
    /// <exception cref="SpecValidationException">The text is not YAML or breaks a rule; every problem is listed.</exception>
    public static ExperimentSpec Parse(string yaml, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new SpecReader();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new SpecValidationException(sourcePath, [new SpecError((int)ex.Start.Line, (int)ex.Start.Column, "(yaml)", $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SpecValidationException(sourcePath, [new SpecError(1, 1, "(root)", "the spec must be a mapping with name, suite, backends and methods; see experiments/smoke.yaml")]);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(sourcePath))!;
        reader.CheckKeys(root, string.Empty, TopKeys);

        var name = reader.String(root, "name", "name", required: true) ?? "unnamed";
        if (reader.Node(root, "name") is { } nameNode && !NamePattern().IsMatch(name))
        {
            reader.Error(nameNode, "name", $"'{name}' may hold only letters, digits, '.', '_' and '-' (it names the results); e.g. name: fig5-local");
        }

        var description = reader.String(root, "description", "description", required: false);
        var suite = ReadSuite(reader, root, folder);
        var repetitions = reader.Int(root, "repetitions", "repetitions", 1, min: 1) ?? 1;
        var seed = reader.Int(root, "seed", "seed", 0, min: int.MinValue) ?? 0;
        var storeText = reader.String(root, "store", "store", required: false);
        var store = Path.GetFullPath(Path.Combine(folder, storeText ?? Path.Combine("results", name + ".db")));
        var runTimeout = TimeSpan.FromSeconds(1800);
        if (reader.Map(root, "timeouts", "timeouts", required: false) is { } timeouts)
        {
            reader.CheckKeys(timeouts, "timeouts", TimeoutKeys);
            runTimeout = TimeSpan.FromSeconds(reader.Double(timeouts, "run_seconds", "timeouts.run_seconds", 1800, positive: true));
        }

        var backends = ReadBackends(reader, root, folder);
        var methods = ReadMethods(reader, root, backends);

        if (reader.Errors.Count > 0)
        {
            throw new SpecValidationException(sourcePath, reader.Errors);
        }

        return new ExperimentSpec(name, description, Path.GetFullPath(sourcePath), suite!, repetitions, seed, store, runTimeout, backends, methods);
    }

    private static SuiteSpec? ReadSuite(SpecReader reader, YamlMappingNode root, string folder)
    {
        var suite = reader.Map(root, "suite", "suite", required: true);
        if (suite is null)
        {
            return new SuiteSpec(folder, null, null, 0);
        }

        reader.CheckKeys(suite, "suite", SuiteKeys);
        var path = reader.String(suite, "path", "suite.path", required: true) ?? ".";
        List<int>? levels = null;
        if (reader.Node(suite, "levels") is { } levelsNode)
        {
            levels = [];
            if (levelsNode is YamlSequenceNode sequence)
            {
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } text } && int.TryParse(text, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 3)
                    {
                        levels.Add(level);
                    }
                    else
                    {
                        reader.Error(item, "suite.levels", "each level must be 1, 2 or 3; e.g. levels: [1, 2]");
                    }
                }
            }
            else
            {
                reader.Error(levelsNode, "suite.levels", "must be a list of levels; e.g. levels: [1, 2]");
            }
        }

        var subsample = reader.Int(suite, "subsample", "suite.subsample", null, min: 1);
        var seed = reader.Int(suite, "seed", "suite.seed", 0, min: int.MinValue) ?? 0;
        return new SuiteSpec(Path.GetFullPath(Path.Combine(folder, path)), levels, subsample, seed);
    }

    private static Dictionary<string, BackendSpec> ReadBackends(SpecReader reader, YamlMappingNode root, string folder)
    {
        var backends = new Dictionary<string, BackendSpec>(StringComparer.Ordinal);
        var map = reader.Map(root, "backends", "backends", required: true);
        if (map is null)
        {
            return backends;
        }

        if (map.Children.Count == 0)
        {
            reader.Error(map, "backends", "name at least one backend, e.g. 'local: { kind: local, model: models/qwen3.gguf }'");
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var name = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var key = $"backends.{name}";
            if (!NamePattern().IsMatch(name))
            {
                reader.Error(keyNode, key, "a backend name may hold only letters, digits, '.', '_' and '-'");
            }

            if (valueNode is not YamlMappingNode backend)
            {
                reader.Error(valueNode, key, "must be a mapping with kind and model");
                continue;
            }

            reader.CheckKeys(backend, key, BackendKeys);
            var kind = reader.Enum(backend, "kind", key + ".kind", required: true, BackendKind.Local);
            var model = reader.String(backend, "model", key + ".model", required: true) ?? string.Empty;
            var scheduler = reader.Enum(backend, "scheduler", key + ".scheduler", required: false, SchedulerPolicy.Batched);
            var context = reader.Int(backend, "context_tokens", key + ".context_tokens", null, min: 512);
            var sequences = reader.Int(backend, "sequences", key + ".sequences", null, min: 1);
            var baseUrlText = reader.String(backend, "base_url", key + ".base_url", required: false);
            var apiKeyEnv = reader.String(backend, "api_key_env", key + ".api_key_env", required: false);
            var promptPrice = reader.Double(backend, "prompt_usd_per_million", key + ".prompt_usd_per_million", 0, positive: false);
            var completionPrice = reader.Double(backend, "completion_usd_per_million", key + ".completion_usd_per_million", 0, positive: false);
            var maxOutputTokens = reader.Int(backend, "max_output_tokens", key + ".max_output_tokens", null, min: 1);
            var threads = reader.Int(backend, "threads", key + ".threads", null, min: 1);
            Uri? baseUrl = null;
            if (kind == BackendKind.Hosted)
            {
                if (baseUrlText is null)
                {
                    reader.Error(backend, key + ".base_url", "a hosted backend needs base_url, e.g. https://api.openai.com/v1");
                }
                else if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https"))
                {
                    reader.Error(reader.Node(backend, "base_url")!, key + ".base_url", $"'{baseUrlText}' is not an http(s) URL; e.g. https://api.openai.com/v1");
                }

                if (apiKeyEnv is not null && !EnvNamePattern().IsMatch(apiKeyEnv))
                {
                    reader.Error(reader.Node(backend, "api_key_env")!, key + ".api_key_env", "must name an environment variable (e.g. OPENAI_API_KEY), never hold the key itself");
                }

                foreach (var localOnly in new[] { "scheduler", "context_tokens", "sequences", "threads" })
                {
                    if (reader.Node(backend, localOnly) is { } node)
                    {
                        reader.Error(node, $"{key}.{localOnly}", "applies to local backends only; remove it or set kind: local");
                    }
                }
            }
            else
            {
                foreach (var hostedOnly in new[] { "base_url", "api_key_env" })
                {
                    if (reader.Node(backend, hostedOnly) is { } node)
                    {
                        reader.Error(node, $"{key}.{hostedOnly}", "applies to hosted backends only; remove it or set kind: hosted");
                    }
                }

                // A path-like model is resolved against the spec's folder; a bare name is a catalog entry.
                if (model.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
                {
                    model = Path.GetFullPath(Path.Combine(folder, model));
                }
            }

            backends[name] = new BackendSpec(name, kind, model, scheduler, context, sequences, baseUrl, apiKeyEnv, promptPrice, completionPrice)
            {
                MaxOutputTokens = maxOutputTokens,
                Threads = threads,
            };
        }

        return backends;
    }

    private static List<MethodSpec> ReadMethods(SpecReader reader, YamlMappingNode root, Dictionary<string, BackendSpec> backends)
    {
        var methods = new List<MethodSpec>();
        var node = reader.Node(root, "methods");
        if (node is null)
        {
            reader.Error(root, "methods", "missing; list the methods to compare, e.g. '- { name: single, kind: single }'");
            return methods;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            reader.Error(node, "methods", "must be a non-empty list of methods, e.g. '- { name: single, kind: single }'");
            return methods;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var key = $"methods[{i}]";
            if (sequence.Children[i] is not YamlMappingNode method)
            {
                reader.Error(sequence.Children[i], key, "must be a mapping with name and kind");
                continue;
            }

            reader.CheckKeys(method, key, MethodKeys);
            var name = reader.String(method, "name", key + ".name", required: true) ?? $"method{i}";
            if (reader.Node(method, "name") is { } nameNode)
            {
                if (!NamePattern().IsMatch(name))
                {
                    reader.Error(nameNode, key + ".name", $"'{name}' may hold only letters, digits, '.', '_' and '-'");
                }
                else if (!names.Add(name))
                {
                    reader.Error(nameNode, key + ".name", $"'{name}' is used by an earlier method; give each method its own name");
                }
            }

            var kind = reader.Enum(method, "kind", key + ".kind", required: true, MethodKind.Single);
            var teamsNode = reader.Node(method, "teams");
            var teams = reader.Int(method, "teams", key + ".teams", kind == MethodKind.Single ? 1 : null, min: 1);
            if (kind == MethodKind.Single && teams is not 1)
            {
                reader.Error(teamsNode ?? method, key + ".teams", "a single-team method runs 1 team; remove teams or use kind: early_stop / aggregate");
            }
            else if (kind != MethodKind.Single && teams is null && teamsNode is null)
            {
                reader.Error(method, key + ".teams", $"{Snake(kind)} needs teams (2 or more), e.g. teams: 3");
            }
            else if (kind != MethodKind.Single && teams is < 2)
            {
                reader.Error(teamsNode!, key + ".teams", $"{Snake(kind)} runs 2 or more teams; use kind: single for one team");
            }

            int? k = null;
            AggregatorKind? aggregator = null;
            if (kind == MethodKind.Aggregate)
            {
                k = reader.Int(method, "k", key + ".k", teams, min: 1);
                if (k > teams)
                {
                    reader.Error(reader.Node(method, "k")!, key + ".k", $"k = {k} exceeds teams = {teams}; wait for at most as many answers as teams");
                }

                if (reader.Node(method, "aggregator") is null)
                {
                    reader.Error(method, key + ".aggregator", "aggregate needs an aggregator: majority, llm or best_of_k");
                }

                aggregator = reader.Enum(method, "aggregator", key + ".aggregator", required: false, AggregatorKind.Majority);
            }
            else
            {
                foreach (var aggregateOnly in new[] { "k", "aggregator" })
                {
                    if (reader.Node(method, aggregateOnly) is { } n)
                    {
                        reader.Error(n, $"{key}.{aggregateOnly}", "applies to kind: aggregate only; remove it");
                    }
                }
            }

            var planning = reader.Enum(method, "planning", key + ".planning", required: false, PlanningKind.Repeated);
            var maxSteps = reader.Int(method, "max_steps", key + ".max_steps", 20, min: 1) ?? 20;
            var maxStalls = reader.Int(method, "max_stalls", key + ".max_stalls", 3, min: 1) ?? 3;
            var replans = reader.Int(method, "replans", key + ".replans", 0, min: 0) ?? 0;
            var thinking = reader.Bool(method, "enable_thinking", key + ".enable_thinking", false);
            var agents = Agents(reader, method, key);
            var backend = reader.String(method, "backend", key + ".backend", required: false);
            if (backend is null)
            {
                if (backends.Count == 1)
                {
                    backend = backends.Keys.Single();
                }
                else if (backends.Count > 1)
                {
                    reader.Error(method, key + ".backend", $"several backends exist ({string.Join(", ", backends.Keys)}); name the one this method uses");
                }
            }
            else if (backends.Count > 0 && RoleRoutes.BackendProblem(backend, backends.Keys) is { } problem)
            {
                reader.Error(reader.Node(method, "backend")!, key + ".backend", problem);
            }

            var routes = new Dictionary<TeamRole, string>();
            if (reader.Map(method, "routes", key + ".routes", required: false) is { } routeMap)
            {
                foreach (var (roleNode, targetNode) in routeMap.Children)
                {
                    var role = ((YamlScalarNode)roleNode).Value ?? string.Empty;
                    var target = (targetNode as YamlScalarNode)?.Value ?? string.Empty;
                    if (RoleRoutes.Problem(role, target, backends.Keys) is { } problem)
                    {
                        reader.Error(TeamRoles.TryParse(role, out _) ? targetNode : roleNode, $"{key}.routes.{role}", problem);
                    }
                    else
                    {
                        routes[TeamRoles.Parse(role)] = target;
                    }
                }
            }

            methods.Add(new MethodSpec(name, kind, teams ?? 1, k, aggregator, planning, new RoleRoutes(string.IsNullOrEmpty(backend) ? "-" : backend, routes), maxSteps)
            {
                MaxStalls = maxStalls, Replans = replans, EnableThinking = thinking, Agents = agents,
            });
        }

        return methods;
    }

    private static TeamAgents Agents(SpecReader reader, YamlMappingNode method, string key)
    {
        if (reader.Node(method, "agents") is not { } node)
        {
            return TeamAgents.All;
        }

        const string Example = "e.g. agents: [coder, computer_terminal]";
        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            reader.Error(node, key + ".agents", $"must be a non-empty list of agents ({TeamAgentNames.WireNames}); {Example}");
            return TeamAgents.All;
        }

        var agents = TeamAgents.None;
        foreach (var item in list.Children)
        {
            var name = (item as YamlScalarNode)?.Value ?? string.Empty;
            if (TeamAgentNames.TryParse(name, out var agent))
            {
                agents |= agent;
            }
            else
            {
                reader.Error(item, key + ".agents", $"unknown agent '{name}'; agents are {TeamAgentNames.WireNames}");
            }
        }

        return agents == TeamAgents.None ? TeamAgents.All : agents;
    }

    internal static string Snake<T>(T value)
        where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
