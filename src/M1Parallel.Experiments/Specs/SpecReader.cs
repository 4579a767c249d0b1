using System.Globalization;
using M1Parallel.MagenticOne.Teams;
using YamlDotNet.RepresentationModel;

namespace M1Parallel.Experiments.Specs;

/// <summary>Typed reads from a YAML mapping that record a <see cref="SpecError"/> (with the node's line) instead of throwing.</summary>
internal sealed class SpecReader
{
    public List<SpecError> Errors { get; } = [];

    public void Error(YamlNode node, string key, string problem) =>
        Errors.Add(new SpecError((int)node.Start.Line, (int)node.Start.Column, key, problem));

    public YamlNode? Node(YamlMappingNode map, string name) =>
        map.Children.TryGetValue(new YamlScalarNode(name), out var node) ? node : null;

    public void CheckKeys(YamlMappingNode map, string path, IReadOnlyCollection<string> known)
    {
        foreach (var keyNode in map.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(key))
            {
                Error(keyNode, path.Length == 0 ? key : $"{path}.{key}", $"unknown key; known keys here are {string.Join(", ", known)}");
            }
        }
    }

    public YamlMappingNode? Map(YamlMappingNode parent, string name, string key, bool required)
    {
        var node = Node(parent, name);
        if (node is null)
        {
            if (required)
            {
                Error(parent, key, "missing; see experiments/smoke.yaml for the shape");
            }

            return null;
        }

        if (node is YamlMappingNode map)
        {
            return map;
        }

        Error(node, key, "must be a mapping (key: value lines indented under it)");
        return null;
    }

    public string? String(YamlMappingNode map, string name, string key, bool required)
    {
        var node = Node(map, name);
        if (node is null)
        {
            if (required)
            {
                Error(map, key, "missing; add it");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        Error(node, key, "must be a non-empty text value");
        return null;
    }

    public int? Int(YamlMappingNode map, string name, string key, int? fallback, int min)
    {
        var node = Node(map, name);
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min)
            {
                return value;
            }

            Error(node, key, $"{value} is below the minimum {min}");
            return fallback;
        }

        Error(node, key, "must be a whole number");
        return fallback;
    }

    public bool Bool(YamlMappingNode map, string name, string key, bool fallback)
    {
        var node = Node(map, name);
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(node, key, "must be true or false");
        return fallback;
    }

    public double Double(YamlMappingNode map, string name, string key, double fallback, bool positive)
    {
        var node = Node(map, name);
        if (node is null)
        {
            return fallback;
        }

        if (node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            if (positive ? value > 0 : value >= 0)
            {
                return value;
            }

            Error(node, key, positive ? "must be greater than 0" : "must not be negative");
            return fallback;
        }

        Error(node, key, "must be a number");
        return fallback;
    }

    /// <summary>Applies the key <paramref name="name"/> of <paramref name="map"/> (when present) to a settings object
    /// through <paramref name="apply"/>, which reads it; the settings' own check of the value becomes an error at the
    /// key named by its <see cref="InvalidSettingException.Key"/> under <paramref name="path"/>.</summary>
    public T Setting<T>(YamlMappingNode map, string name, string path, T settings, Func<T, string, T> apply)
    {
        if (Node(map, name) is not { } node)
        {
            return settings;
        }

        try
        {
            return apply(settings, name);
        }
        catch (InvalidSettingException e)
        {
            Error(node, $"{path}.{e.Key}", e.Problem);
            return settings;
        }
    }

    public T Enum<T>(YamlMappingNode map, string name, string key, bool required, T fallback)
        where T : struct, Enum
    {
        var names = System.Enum.GetValues<T>().Select(ExperimentSpecLoader.Snake).ToList();
        var node = Node(map, name);
        if (node is null)
        {
            if (required)
            {
                Error(map, key, $"missing; one of {string.Join(", ", names)}");
            }

            return fallback;
        }

        var text = (node as YamlScalarNode)?.Value ?? string.Empty;
        var index = names.IndexOf(text.Replace('-', '_').ToLowerInvariant());
        if (index >= 0)
        {
            return System.Enum.GetValues<T>()[index];
        }

        Error(node, key, $"'{text}' is not one of {string.Join(", ", names)}");
        return fallback;
    }
}
