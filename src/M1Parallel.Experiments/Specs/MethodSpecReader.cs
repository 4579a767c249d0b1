using M1Parallel.MagenticOne.Teams;
using M1Parallel.Methods;
using M1Parallel.Routing;
using YamlDotNet.RepresentationModel;

namespace M1Parallel.Experiments.Specs;

/// <summary>
/// Maps a spec's <c>methods</c> into <see cref="MethodSpec"/>s, once: each key is read for its type here and checked by
/// the settings it sets (<see cref="MethodSettings"/>, <see cref="TeamSettings"/>, <see cref="RoleRoutes"/>), whose
/// <see cref="InvalidSettingException"/> becomes a spec error at the key's line. A new method key is added to
/// <see cref="Keys"/>, mapped in <see cref="Read"/>, and recorded by <see cref="Running.MethodConfiguration"/>.
/// </summary>
internal static class MethodSpecReader
{
    /// <summary>The keys a method may have.</summary>
    public static readonly string[] Keys =
        ["name", "kind", "teams", "k", "aggregator", "planning", "backend", "routes", "max_steps", "max_stalls", "max_ledger_attempts", "replans", "enable_thinking", "agents", "on_limit", "code_network"];

    /// <summary>Reads every method of the spec; problems go to <paramref name="reader"/>. <paramref name="offlineSuite"/>
    /// sets the default of <c>code_network</c>: off for the offline suite, on for any other.</summary>
    public static List<MethodSpec> ReadAll(SpecReader reader, YamlMappingNode root, IReadOnlyDictionary<string, BackendSpec> backends, bool offlineSuite)
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

            reader.CheckKeys(method, key, Keys);
            var name = reader.String(method, "name", key + ".name", required: true) ?? $"method{i}";
            if (reader.Node(method, "name") is { } nameNode)
            {
                if (!ExperimentSpecLoader.IsName(name))
                {
                    reader.Error(nameNode, key + ".name", $"'{name}' may hold only letters, digits, '.', '_' and '-'");
                }
                else if (!names.Add(name))
                {
                    reader.Error(nameNode, key + ".name", $"'{name}' is used by an earlier method; give each method its own name");
                }
            }

            methods.Add(new MethodSpec(name, Read(reader, method, key, offlineSuite), Routes(reader, method, key, backends)));
        }

        return methods;
    }

    /// <summary>The method's and its teams' settings.</summary>
    private static MethodSettings Read(SpecReader reader, YamlMappingNode method, string key, bool offlineSuite)
    {
        var kind = reader.Enum(method, "kind", key + ".kind", required: true, MethodKind.Single);
        var teams = reader.Int(method, "teams", key + ".teams", null, min: int.MinValue);
        if (teams is null && reader.Node(method, "teams") is null && kind != MethodKind.Single)
        {
            reader.Error(method, key + ".teams", $"{ExperimentSpecLoader.Snake(kind)} needs teams (2 or more), e.g. teams: 3");
        }

        var k = reader.Int(method, "k", key + ".k", null, min: int.MinValue);
        AggregatorKind? aggregator = reader.Node(method, "aggregator") is null
            ? null
            : reader.Enum(method, "aggregator", key + ".aggregator", required: false, AggregatorKind.Majority);

        // A teams value that could not be read was reported above; the shape is checked with one that passes.
        var shapeTeams = teams ?? (kind == MethodKind.Single ? 1 : 2);
        var problems = MethodSettings.Problems(kind, shapeTeams, k, aggregator);
        foreach (var problem in problems)
        {
            reader.Error(reader.Node(method, problem.Key) ?? method, $"{key}.{problem.Key}", problem.Problem);
        }

        var settings = problems.Count == 0 ? new MethodSettings(kind, shapeTeams, k, aggregator) : new MethodSettings();
        var team = new TeamSettings();
        team = team with { Terminal = team.Terminal with { Network = !offlineSuite } };
        settings = reader.Setting(method, "planning", key, settings, (s, n) => s with { Planning = reader.Enum(method, n, $"{key}.{n}", required: false, s.Planning) });
        settings = reader.Setting(method, "replans", key, settings, (s, n) => s with { Replans = reader.Int(method, n, $"{key}.{n}", s.Replans, min: int.MinValue)!.Value });
        team = reader.Setting(method, "max_steps", key, team, (t, n) => t with { MaxSteps = reader.Int(method, n, $"{key}.{n}", t.MaxSteps, min: int.MinValue)!.Value });
        team = reader.Setting(method, "max_stalls", key, team, (t, n) => t with { MaxStalls = reader.Int(method, n, $"{key}.{n}", t.MaxStalls, min: int.MinValue)!.Value });
        team = reader.Setting(method, "max_ledger_attempts", key, team, (t, n) => t with { MaxLedgerAttempts = reader.Int(method, n, $"{key}.{n}", t.MaxLedgerAttempts, min: int.MinValue)!.Value });
        team = reader.Setting(method, "enable_thinking", key, team, (t, n) => t with { EnableThinking = reader.Bool(method, n, $"{key}.{n}", t.EnableThinking) });
        team = reader.Setting(method, "agents", key, team, (t, n) => t with { Agents = Agents(reader, method, key) });
        team = reader.Setting(method, "on_limit", key, team, (t, n) => t with { OnLimit = reader.Enum(method, n, $"{key}.{n}", required: false, t.OnLimit) });
        team = reader.Setting(method, "code_network", key, team, (t, n) => t with { Terminal = t.Terminal with { Network = reader.Bool(method, n, $"{key}.{n}", t.Terminal.Network) } });
        return settings with { Team = team };
    }

    /// <summary>The method's <c>backend</c> and <c>routes</c>.</summary>
    private static RoleRoutes Routes(SpecReader reader, YamlMappingNode method, string key, IReadOnlyDictionary<string, BackendSpec> backends)
    {
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
        else if (backends.Count > 0 && RoleRoutes.BackendProblem(backend, backends.Keys.ToArray()) is { } problem)
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
                if (RoleRoutes.Problem(role, target, backends.Keys.ToArray()) is { } problem)
                {
                    reader.Error(TeamRoles.TryParse(role, out _) ? targetNode : roleNode, $"{key}.routes.{role}", problem);
                }
                else
                {
                    routes[TeamRoles.Parse(role)] = target;
                }
            }
        }

        // A missing backend was reported above; the spec is refused, so the placeholder never runs.
        return new RoleRoutes(string.IsNullOrEmpty(backend) ? "-" : backend, routes);
    }

    /// <summary>The agents listed (unknown names are reported); an empty or malformed list is left to
    /// <see cref="TeamSettings.Agents"/> to refuse.</summary>
    private static TeamAgents Agents(SpecReader reader, YamlMappingNode method, string key)
    {
        if (reader.Node(method, "agents") is not YamlSequenceNode list)
        {
            return TeamAgents.None;
        }

        var agents = TeamAgents.None;
        var unknown = false;
        foreach (var item in list.Children)
        {
            var name = (item as YamlScalarNode)?.Value ?? string.Empty;
            if (TeamAgentNames.TryParse(name, out var agent))
            {
                agents |= agent;
            }
            else
            {
                unknown = true;
                reader.Error(item, key + ".agents", $"unknown agent '{name}'; agents are {TeamAgentNames.WireNames}");
            }
        }

        // Reported above: keep the others (or all) so the unknown name is the only error.
        return unknown && agents == TeamAgents.None ? TeamAgents.All : agents;
    }
}
