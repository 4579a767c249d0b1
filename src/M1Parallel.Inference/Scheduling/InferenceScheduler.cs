using System.Runtime.CompilerServices;
using System.Threading.Channels;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Scheduling;

/// <summary>
/// Serves every concurrent generation request from one model and one llama.cpp context with several sequences,
/// on one dedicated decode thread: continuous batching (<see cref="SchedulingPolicy.Batched"/>) or one request at a
/// time (<see cref="SchedulingPolicy.Queued"/>), reusing cached KV prefixes across calls and across sequences.
/// Thread-safe: call <see cref="GenerateAsync"/> from any thread.
/// </summary>
public sealed unsafe class InferenceScheduler : IAsyncDisposable, IDisposable
{
    private readonly LlamaModel _model;
    private readonly InferenceSchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly SafeLlamaContextHandle _context;
    private readonly Channel<ActiveRequest> _incoming = Channel.CreateUnbounded<ActiveRequest>(new() { SingleReader = true });
    private readonly LinkedList<ActiveRequest> _waiting = new();
    private readonly SlotTable _slots;
    private readonly List<ActiveRequest> _active = [];
    private readonly Thread _thread;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _metricsLock = new();
    private LlamaBatch _batch;
    private SchedulerMetrics _metrics = new();
    private int _disposed;

    /// <summary>Creates a scheduler over a loaded model and starts its decode thread.</summary>
    /// <exception cref="InferenceException">llama.cpp could not create the context (usually too little memory).</exception>
    public InferenceScheduler(LlamaModel model, InferenceSchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.EnsureCanGenerate();
        _model = model;
        _options = options ?? new InferenceSchedulerOptions();
        _options.Validate();
        _time = _options.TimeProvider;

        var parameters = LlamaNative.llama_context_default_params();
        var contextSize = _options.ContextSizeFor(model.ContextLength);
        var threads = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;
        parameters.ContextSize = (uint)contextSize;
        parameters.BatchSize = (uint)_options.BatchSize;
        parameters.MicroBatchSize = (uint)_options.BatchSize;
        parameters.MaxSequences = (uint)_options.MaxSequences;
        parameters.Threads = threads;
        parameters.BatchThreads = threads;
        parameters.KvUnified = 1;
        parameters.TypeK = (int)_options.KvCacheType.ToGgml();
        parameters.TypeV = (int)_options.KvCacheType.ToGgml();
        parameters.NoPerf = 1;
        var context = LlamaNative.llama_init_from_model(model.Pointer, parameters);
        if (context == IntPtr.Zero)
        {
            throw new InferenceException(InferenceErrorKind.LoopStopped,
                $"llama.cpp could not create a context of {contextSize} tokens × {_options.MaxSequences} sequences for " +
                $"'{model.Path}': {string.Join(" | ", LlamaLog.RecentProblems().TakeLast(3))}. Lower ContextSize or MaxSequences.");
        }

        _context = SafeLlamaContextHandle.FromPointer(context);
        ContextSize = (int)LlamaNative.llama_n_ctx(context);
        _batch = LlamaNative.llama_batch_init(_options.BatchSize, 0, 1);
        _slots = new SlotTable(_options.MaxSequences, ContextSize, new LlamaKvMemory(LlamaNative.llama_get_memory(context)),
            _options.ReusePrefixes, _options.MinSharedPrefix);
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "llama-decode" };
        _thread.Start();
    }

    /// <summary>The model being served.</summary>
    public LlamaModel Model => _model;

    /// <summary>The options in force.</summary>
    public InferenceSchedulerOptions Options => _options;

    /// <summary>Total KV cache size in tokens.</summary>
    public int ContextSize { get; }

    /// <summary>A snapshot of the counters.</summary>
    public SchedulerMetrics Metrics
    {
        get
        {
            lock (_metricsLock)
            {
                return _metrics;
            }
        }
    }

    /// <summary>Streams a generation; the last update carries the finish reason and usage.</summary>
    /// <exception cref="InferenceException">The prompt does not fit the context, or decoding failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the sequence is freed at the next step.</exception>
    public async IAsyncEnumerable<InferenceUpdate> GenerateAsync(InferenceRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (request.PromptTokens.Count >= ContextSize)
        {
            throw new InferenceException(InferenceErrorKind.PromptTooLong,
                $"The prompt has {request.PromptTokens.Count} tokens but the context holds {ContextSize}. " +
                "Shorten the conversation or raise the scheduler's ContextSize.");
        }

        var vocabularySize = _model.Vocabulary.Count;
        foreach (var token in request.PromptTokens)
        {
            if ((uint)token >= (uint)vocabularySize)
            {
                throw new InferenceException(InferenceErrorKind.InvalidToken, $"Prompt token {token} is outside the model's vocabulary of {vocabularySize}.");
            }
        }

        var active = new ActiveRequest(request, cancellationToken, _time.GetTimestamp());
        if (!_incoming.Writer.TryWrite(active))
        {
            throw _disposed != 0
                ? new ObjectDisposedException(nameof(InferenceScheduler))
                : new InferenceException(InferenceErrorKind.LoopStopped, "The scheduler's decode loop has stopped after an internal error; create a new scheduler.");
        }

        await foreach (var update in active.Output.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (update.FinishReason == FinishReason.Cancelled)
            {
                yield return update;
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException("The generation was cancelled.");
            }

            // Tokens already queued for a cancelled caller are not handed out.
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }
    }

    /// <summary>Drops every idle sequence's cached KV; returns the number of sequences cleared.</summary>
    public Task<int> ClearIdleCacheAsync() => RunOnLoopAsync(_slots.ClearIdle);

    /// <summary>Per sequence, the tokens the scheduler believes are cached and the positions llama.cpp holds.</summary>
    public Task<IReadOnlyList<(int Tracked, int InCache)>> InspectCacheAsync() => RunOnLoopAsync(_slots.Inspect);

    private readonly Channel<Action> _loopActions = Channel.CreateUnbounded<Action>();

    private Task<T> RunOnLoopAsync<T>(Func<T> action)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loopActions.Writer.TryWrite(() =>
        {
            try
            {
                tcs.SetResult(action());
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        });
        _incoming.Writer.TryWrite(null!); // wake the loop
        return tcs.Task;
    }

    private void RunLoop()
    {
        try
        {
            while (!_shutdown.IsCancellationRequested)
            {
                if (_active.Count == 0 && _waiting.Count == 0)
                {
                    if (!_incoming.Reader.WaitToReadAsync(_shutdown.Token).AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }
                }

                DrainIncoming();
                while (_loopActions.Reader.TryRead(out var action))
                {
                    action();
                }

                DropCancelled();
                Admit();
                lock (_metricsLock)
                {
                    _metrics = _metrics with { Waiting = _waiting.Count, Active = _active.Count };
                }
                if (_active.Count > 0)
                {
                    Step();
                }
                else if (_waiting.Count > 0)
                {
                    // Nothing admitted and nothing running: wait for a change rather than spin.
                    _incoming.Reader.WaitToReadAsync(_shutdown.Token).AsTask().Wait(20);
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            foreach (var request in _active.ToArray())
            {
                Fail(request, new InferenceException(InferenceErrorKind.LoopStopped, $"The decode loop stopped: {e.Message}", e));
            }

            foreach (var request in _waiting)
            {
                request.Output.Writer.TryComplete(new InferenceException(InferenceErrorKind.LoopStopped, $"The decode loop stopped: {e.Message}", e));
            }
        }
        finally
        {
            // Nothing is served after the loop ends: later submissions fail at once instead of waiting forever.
            _incoming.Writer.TryComplete();
            var closed = new ObjectDisposedException(nameof(InferenceScheduler));
            foreach (var request in _active.ToArray())
            {
                Fail(request, closed);
            }

            foreach (var request in _waiting)
            {
                request.Output.Writer.TryComplete(closed);
            }

            _waiting.Clear();
            while (_incoming.Reader.TryRead(out var late))
            {
                late?.Output.Writer.TryComplete(closed);
            }
        }
    }

    private void DrainIncoming()
    {
        while (_incoming.Reader.TryRead(out var request))
        {
            if (request is not null)
            {
                _waiting.AddLast(request);
            }
        }
    }

    private void DropCancelled()
    {
        for (var node = _waiting.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.CancellationToken.IsCancellationRequested)
            {
                _waiting.Remove(node);
                Finish(node.Value, FinishReason.Cancelled);
            }

            node = next;
        }

        foreach (var request in _active.ToArray())
        {
            if (request.CancellationToken.IsCancellationRequested)
            {
                Finish(request, FinishReason.Cancelled);
            }
        }
    }

    private void Admit()
    {
        var limit = _options.Policy == SchedulingPolicy.Queued ? 1 : _slots.Slots.Count;
        while (_waiting.First is { } node && _active.Count < limit)
        {
            var request = node.Value;
            var prompt = request.Request.PromptTokens;
            if (_slots.Place(prompt) is not { } placement)
            {
                return;
            }

            // Make room: the new request needs its prompt; other idle caches go first, oldest first.
            var needed = prompt.Count - placement.Start + Math.Min(request.Request.MaxTokens, 64);
            if (!_slots.MakeRoom(placement, needed) && _active.Count > 0)
            {
                return; // waits until an active request finishes
            }

            _waiting.RemoveFirst();
            var start = _slots.Seat(placement, request);

            // A prefix another request is still computing is worth waiting for rather than computing twice.
            if (_options.ReusePrefixes && _options.Policy == SchedulingPolicy.Batched)
            {
                (request.Donor, request.DonorLength) = _slots.PrefixBeingComputed(prompt, start, _active);
            }

            request.Slot = placement.Slot;
            request.PrefillPosition = start;
            request.Reused = start;
            request.AdmittedAt = _time.GetTimestamp();
            request.Sampler = SamplerChain.Create(request.Request.Sampling);
            _active.Add(request);
        }
    }

    private readonly List<(ActiveRequest Request, int BatchIndex)> _outputs = [];

    private void Step()
    {
        foreach (var request in _active)
        {
            _slots.ResolveDonor(request); // requests waiting for a shared prefix copy it once the donor has computed it
        }

        var batch = _batch;
        var n = 0;
        _outputs.Clear();
        foreach (var request in _active)
        {
            if (!request.IsPrefilling && request.PendingToken >= 0 && n < _options.BatchSize)
            {
                var slot = request.Slot!;
                Add(ref batch, n, request.PendingToken, slot.Cached.Count, slot.SequenceId, true);
                _outputs.Add((request, n));
                n++;
            }
        }

        foreach (var request in _active)
        {
            if (!request.IsPrefilling || request.Donor is not null || n >= _options.BatchSize)
            {
                continue;
            }

            var prompt = request.Request.PromptTokens;
            var take = Math.Min(_options.BatchSize - n, prompt.Count - request.PrefillPosition);
            var slot = request.Slot!;
            for (var i = 0; i < take; i++)
            {
                var position = request.PrefillPosition + i;
                var last = position == prompt.Count - 1;
                Add(ref batch, n, prompt[position], position, slot.SequenceId, last);
                if (last)
                {
                    _outputs.Add((request, n));
                }

                n++;
            }
        }

        batch.TokenCount = n;
        if (n == 0)
        {
            return;
        }

        var started = _time.GetTimestamp();
        var rc = LlamaNative.llama_decode(_context.DangerousGetHandle(), batch);
        var elapsed = _time.GetElapsedTime(started);
        if (rc == 1)
        {
            // No KV slot: free an idle cache and retry next step; with none to free, the newest request yields.
            if (!_slots.EvictOldestIdle())
            {
                Fail(_active[^1], _active.Count > 1
                    ? new InferenceException(InferenceErrorKind.KvCacheFull,
                        $"The KV cache ({ContextSize} tokens) is full with {_active.Count} sequences; this request was stopped to let the others finish. " +
                        "Raise ContextSize or lower MaxSequences.")
                    : new InferenceException(InferenceErrorKind.PromptTooLong,
                        $"The KV cache ({ContextSize} tokens) has no room for this sequence. Raise ContextSize or shorten the prompt."));
            }

            return;
        }

        if (rc != 0)
        {
            foreach (var request in _active.ToArray())
            {
                Fail(request, new InferenceException(InferenceErrorKind.DecodeFailed, $"llama_decode failed with code {rc} ({(rc == 2 ? "aborted" : "error")}); the sequences in this step were stopped."));
            }

            return;
        }

        // Record what is now cached.
        foreach (var request in _active)
        {
            var slot = request.Slot!;
            if (request.IsPrefilling)
            {
                if (request.Donor is not null)
                {
                    continue;
                }

                var prompt = request.Request.PromptTokens;
                var take = Math.Min(prompt.Count - request.PrefillPosition, CountInBatch(batch, n, slot.SequenceId));
                for (var i = 0; i < take; i++)
                {
                    slot.Cached.Add(prompt[request.PrefillPosition + i]);
                }

                request.PrefillPosition += take;
            }
            else if (request.PendingToken >= 0)
            {
                slot.Cached.Add(request.PendingToken);
            }
        }

        lock (_metricsLock)
        {
            _metrics = _metrics with
            {
                Steps = _metrics.Steps + 1,
                SequenceSteps = _metrics.SequenceSteps + _active.Count,
                DecodeTime = _metrics.DecodeTime + elapsed,
            };
        }

        foreach (var (request, index) in _outputs)
        {
            Sample(request, index);
        }
    }

    private static int CountInBatch(LlamaBatch batch, int n, int sequenceId)
    {
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (batch.SequenceIds[i][0] == sequenceId)
            {
                count++;
            }
        }

        return count;
    }

    private void Sample(ActiveRequest request, int batchIndex)
    {
        var token = request.Sampler!.Sample(_context, batchIndex);
        var now = _time.GetTimestamp();
        if (request.Generated == 0)
        {
            request.FirstTokenAt = now;
        }

        if (!request.Request.IgnoreEndOfGeneration && _model.Vocabulary.IsEndOfGeneration(token))
        {
            Finish(request, FinishReason.EndOfGeneration);
            return;
        }

        if (!request.Request.IgnoreEndOfGeneration && request.Request.StopTokens.Contains(token))
        {
            Finish(request, FinishReason.Stop);
            return;
        }

        request.Generated++;
        var text = request.Stops.Push(request.DecodeText(_model.Vocabulary.TokenBytes(token)));
        request.Output.Writer.TryWrite(new InferenceUpdate { Text = text, Token = token });
        if (request.Stops.Stopped)
        {
            request.Slot!.Cached.Add(token);
            Finish(request, FinishReason.Stop);
        }
        else if (request.Generated >= request.Request.MaxTokens || request.Slot!.Cached.Count + 1 >= ContextSize)
        {
            request.Slot!.Cached.Add(token);
            Finish(request, FinishReason.Length);
        }
        else
        {
            request.PendingToken = token;
        }
    }

    private static void Add(ref LlamaBatch batch, int i, int token, int position, int sequence, bool logits)
    {
        batch.Tokens[i] = token;
        batch.Positions[i] = position;
        batch.SequenceIdCounts[i] = 1;
        batch.SequenceIds[i][0] = sequence;
        batch.Logits[i] = logits ? (sbyte)1 : (sbyte)0;
    }

    private void Release(ActiveRequest request)
    {
        _active.Remove(request);
        if (request.Slot is { } slot)
        {
            _slots.Release(slot);
        }

        request.Sampler?.Dispose();
    }

    private void Finish(ActiveRequest request, FinishReason reason)
    {
        Release(request);
        var tail = request.Stops.Flush();
        var end = _time.GetTimestamp();
        var usage = new InferenceUsage
        {
            PromptTokens = request.Request.PromptTokens.Count,
            ReusedPromptTokens = request.Reused,
            GeneratedTokens = request.Generated,
            QueueWait = request.AdmittedAt == 0 ? _time.GetElapsedTime(request.SubmittedAt, end) : _time.GetElapsedTime(request.SubmittedAt, request.AdmittedAt),
            TimeToFirstToken = request.FirstTokenAt == 0 ? TimeSpan.Zero : _time.GetElapsedTime(request.SubmittedAt, request.FirstTokenAt),
            DecodeTime = request.AdmittedAt == 0 ? TimeSpan.Zero : _time.GetElapsedTime(request.AdmittedAt, end),
        };
        lock (_metricsLock)
        {
            _metrics = _metrics with
            {
                GeneratedTokens = _metrics.GeneratedTokens + request.Generated,
                ComputedPromptTokens = _metrics.ComputedPromptTokens + (request.AdmittedAt == 0 ? 0 : request.PrefillPosition - request.Reused),
                ReusedPromptTokens = _metrics.ReusedPromptTokens + request.Reused,
                Completed = _metrics.Completed + 1,
                Cancelled = _metrics.Cancelled + (reason == FinishReason.Cancelled ? 1 : 0),
                Waiting = _waiting.Count,
                Active = _active.Count,
            };
        }

        request.Output.Writer.TryWrite(new InferenceUpdate { Text = tail, FinishReason = reason, Usage = usage });
        request.Output.Writer.TryComplete();
    }

    private void Fail(ActiveRequest request, Exception error)
    {
        Release(request);
        if (request.Slot is { } slot)
        {
            _slots.Evict(slot);
        }

        lock (_metricsLock)
        {
            _metrics = _metrics with { Completed = _metrics.Completed + 1, Failed = _metrics.Failed + 1 };
        }

        request.Output.Writer.TryComplete(error);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        _incoming.Writer.TryComplete();
        _shutdown.Cancel();
        _thread.Join();
        LlamaNative.llama_batch_free(_batch);
        _context.Dispose();
        _shutdown.Dispose();
        return ValueTask.CompletedTask;
    }
}
