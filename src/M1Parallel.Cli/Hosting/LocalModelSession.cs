using M1Parallel.Experiments.Specs;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;

namespace M1Parallel.Cli.Hosting;

/// <summary>
/// One local model and its scheduler for a command that serves a single model (<c>chat</c>, <c>serve</c>,
/// <c>bench serve</c>): the memory plan is printed and checked first, then the model is loaded with a progress bar.
/// Disposing stops the scheduler, then frees the model.
/// </summary>
internal sealed class LocalModelSession : IAsyncDisposable
{
    private LocalModelSession(LlamaModel model, InferenceScheduler scheduler)
    {
        Model = model;
        Scheduler = scheduler;
    }

    /// <summary>The loaded model.</summary>
    public LlamaModel Model { get; }

    /// <summary>The scheduler serving it.</summary>
    public InferenceScheduler Scheduler { get; }

    /// <summary>Plans, loads and starts the model at <paramref name="path"/> with <paramref name="settings"/>; null after
    /// writing <c>error: …</c> to <paramref name="error"/> when it does not fit, cannot be read or cannot be started.</summary>
    public static LocalModelSession? Open(string path, LocalBackendSettings settings, TextWriter error, BackendHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(error);
        options ??= new BackendHostOptions();
        settings = settings.OnMachine(options.Machine);
        try
        {
            var plan = BackendMemoryPlans.Plan(Path.GetFileNameWithoutExtension(path), path, settings, 1, options);
            BackendMemoryPlans.Write([plan], error);
            if (BackendMemoryPlans.Refusal([plan]) is { } refusal)
            {
                error.WriteLine($"error: {refusal}");
                return null;
            }
        }
        catch (BackendStartException e)
        {
            error.WriteLine($"error: {e.Message}");
            return null;
        }

        var model = ModelLoading.Load(path, settings.GpuLayerCount);
        if (model is null)
        {
            return null;
        }

        try
        {
            return new LocalModelSession(model, new InferenceScheduler(model, settings.SchedulerOptions(settings.SequencesFor(1))));
        }
        catch (InferenceException e)
        {
            model.Dispose();
            error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Scheduler.DisposeAsync().ConfigureAwait(false);
        Model.Dispose();
    }
}
