using System.Globalization;
using System.Text.RegularExpressions;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Scheduling;
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
    private static readonly string[] LocalOnlyKeys = ["scheduler", "context_per_sequence", "context_tokens", "sequences", "threads", "gpu_layers", "kv_cache_type"];
    private static readonly string[] BackendKeys = ["kind", "model", .. LocalOnlyKeys, "base_url", "api_key_env", "prompt_usd_per_million", "completion_usd_per_million", "max_output_tokens"];

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
        var methods = MethodSpecReader.ReadAll(reader, root, backends, suite?.IsOffline == true);

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
            var baseUrlText = reader.String(backend, "base_url", key + ".base_url", required: false);
            var apiKeyEnv = reader.String(backend, "api_key_env", key + ".api_key_env", required: false);
            var promptPrice = reader.Double(backend, "prompt_usd_per_million", key + ".prompt_usd_per_million", 0, positive: false);
            var completionPrice = reader.Double(backend, "completion_usd_per_million", key + ".completion_usd_per_million", 0, positive: false);
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

                foreach (var localOnly in LocalOnlyKeys)
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

            var local = kind == BackendKind.Local ? ReadLocal(reader, backend, key) : null;
            var spec = new BackendSpec(name, kind, model, local, baseUrl, apiKeyEnv, promptPrice, completionPrice);
            spec = reader.Setting(backend, "max_output_tokens", key, spec, (b, n) => b with { MaxOutputTokens = reader.Int(backend, n, $"{key}.{n}", null, min: int.MinValue) });
            backends[name] = spec;
        }

        return backends;
    }

    // A local backend's keys, each checked by LocalBackendSettings itself; context_tokens is read before
    // context_per_sequence so that a spec giving both is told so at context_per_sequence.
    private static LocalBackendSettings ReadLocal(SpecReader reader, YamlMappingNode backend, string key)
    {
        var local = new LocalBackendSettings
        {
            Scheduler = reader.Enum(backend, "scheduler", key + ".scheduler", required: false, SchedulingPolicy.Batched),
            KvCacheType = reader.Enum(backend, "kv_cache_type", key + ".kv_cache_type", required: false, KvCacheType.F16),
        };
        int? Read(string name) => reader.Int(backend, name, $"{key}.{name}", null, min: int.MinValue);
        local = reader.Setting(backend, "context_tokens", key, local, (l, n) => l with { ContextTokens = Read(n) });
        local = reader.Setting(backend, "context_per_sequence", key, local, (l, n) => l with { ContextPerSequence = Read(n) });
        local = reader.Setting(backend, "sequences", key, local, (l, n) => l with { Sequences = Read(n) });
        local = reader.Setting(backend, "threads", key, local, (l, n) => l with { Threads = Read(n) });
        return reader.Setting(backend, "gpu_layers", key, local, (l, n) => l with { GpuLayers = Read(n) });
    }

    /// <summary>Whether <paramref name="name"/> may name an experiment, backend or method.</summary>
    internal static bool IsName(string name) => NamePattern().IsMatch(name);

    internal static string Snake<T>(T value)
        where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
