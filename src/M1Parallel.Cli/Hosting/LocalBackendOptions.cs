using System.CommandLine;
using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Scheduling;
using M1Parallel.MagenticOne.Teams;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// The command-line options of a local backend, defined once for <c>m1p run</c>, <c>chat</c>, <c>serve</c> and
/// <c>bench serve</c> (and its <c>--threads</c>/<c>--gpu-layers</c> for <c>experiment</c> and <c>bench</c>): each is named after its experiment-spec key (<c>context_per_sequence</c> →
/// <c>--context-per-sequence</c>) and read into <see cref="LocalBackendSettings"/>, which checks it as a spec's is checked.
/// </summary>
internal sealed class LocalBackendOptions
{
    private readonly LocalBackendSettings _defaults;
    private readonly HashSet<Option> _added = [];
    private readonly Option<string?> _scheduler = new("--scheduler") { Description = "batched (every sequence decoded together) or queued (one request at a time)" };
    private readonly Option<int?> _contextPerSequence;
    private readonly Option<int?> _contextTokens = new("--context-tokens") { Description = "one total context every sequence shares (instead of --context-per-sequence)" };
    private readonly Option<int?> _sequences;
    private readonly Option<int?> _threads = new("--threads") { Description = "CPU threads of llama.cpp (default: every core)" };
    private readonly Option<int?> _gpuLayers = new("--gpu-layers") { Description = "model layers on the GPU: -1 all (default), 0 none" };
    private readonly Option<string?> _kvCacheType = new("--kv-cache-type") { Description = "how the KV cache is stored: f16 (default), q8_0 (about half), q4_0 (about a quarter)" };

    private LocalBackendOptions(LocalBackendSettings defaults, bool withSequences)
    {
        _defaults = defaults;
        _scheduler.AcceptOnlyFromAmong("batched", "queued");
        _kvCacheType.AcceptOnlyFromAmong([.. KvCacheTypes.Names]);
        _contextPerSequence = new("--context-per-sequence")
        {
            Description = "tokens of context each sequence has; llama.cpp gets this × --sequences in all " +
                          (defaults.ContextPerSequence is { } c ? $"(default {c})" : "(default: min(the model's, 8192 × sequences) in all)"),
        };
        _sequences = withSequences
            ? new("--sequences") { Description = $"sequences decoded together ({(defaults.Sequences is { } s ? $"default {s}" : "default: one per team")})" }
            : null!;
    }

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="defaults"/> stand where an option is not given.
    /// Without <paramref name="withSequences"/> there is no --sequences (a command that decodes one sequence).</summary>
    public static LocalBackendOptions AddTo(Command command, LocalBackendSettings defaults, bool withSequences = true)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var options = new LocalBackendOptions(defaults, withSequences);
        return options.Add(command,
            options._scheduler, options._contextPerSequence, options._contextTokens, withSequences ? options._sequences : null,
            options._threads, options._gpuLayers, options._kvCacheType);
    }

    /// <summary>Adds only <c>--threads</c> and <c>--gpu-layers</c>, the settings of the machine rather than of one model:
    /// for <c>m1p experiment</c> (where they stand under each local backend that leaves them unset,
    /// <see cref="LocalBackendSettings.OnMachine"/>) and <c>m1p bench</c>. <see cref="Read"/> then gives only those two.</summary>
    public static LocalBackendOptions AddMachineTo(Command command)
    {
        var options = new LocalBackendOptions(new LocalBackendSettings(), withSequences: false);
        return options.Add(command, options._threads, options._gpuLayers);
    }

    private LocalBackendOptions Add(Command command, params Option?[] options)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in options.OfType<Option>())
        {
            command.Options.Add(option);
            _added.Add(option);
        }

        return this;
    }

    private T? Value<T>(ParseResult result, Option<T?> option) where T : struct => _added.Contains(option) ? result.GetValue(option) : null;

    private string? Value(ParseResult result, Option<string?> option) => _added.Contains(option) ? result.GetValue(option) : null;

    /// <summary>The settings the command line gives, over the defaults.</summary>
    /// <exception cref="InvalidSettingException">A value breaks the setting's rule; <see cref="SettingProblem"/> words it for the command line.</exception>
    public LocalBackendSettings Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = _defaults;
        var contextTokens = Value(result, _contextTokens);
        var contextPerSequence = Value(result, _contextPerSequence);
        if (contextTokens is not null || contextPerSequence is not null)
        {
            // A context given on the command line replaces the default one, whichever key the default used.
            settings = settings with { ContextPerSequence = null, ContextTokens = null };
            settings = settings with { ContextTokens = contextTokens };
            settings = settings with { ContextPerSequence = contextPerSequence };
        }

        if (Value(result, _scheduler) is { } scheduler)
        {
            settings = settings with { Scheduler = scheduler == "queued" ? SchedulingPolicy.Queued : SchedulingPolicy.Batched };
        }

        if (Value(result, _kvCacheType) is { } kvCacheType)
        {
            settings = settings with { KvCacheType = Enum.GetValues<KvCacheType>().First(t => t.Name() == kvCacheType) };
        }

        return settings with
        {
            Sequences = _sequences is null ? settings.Sequences : Value(result, _sequences) ?? settings.Sequences,
            Threads = Value(result, _threads) ?? settings.Threads,
            GpuLayers = Value(result, _gpuLayers) ?? settings.GpuLayers,
        };
    }
}
