using M1Parallel.Inference.Models;
using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Decoding;

/// <summary>
/// llama.cpp driven directly, with no scheduler, channel or chat formatting in between: one context holding
/// <see cref="Sequences"/> sequences in a unified KV cache (as the scheduler's), greedy sampling, and one token of every
/// sequence per <c>llama_decode</c>. What the library alone can do on a machine: the baseline the
/// <see cref="Scheduling.InferenceScheduler"/> is measured against. Not thread-safe; dispose to free the context.
/// </summary>
public sealed unsafe class BareDecoder : IDisposable
{
    private const int BatchSize = 512;
    private readonly SafeLlamaContextHandle _context;
    private readonly SafeLlamaSamplerHandle _sampler;
    private readonly int[] _positions;
    private LlamaBatch _batch;
    private bool _prefilled;
    private bool _disposed;

    /// <summary>Creates a context of <paramref name="contextSize"/> tokens shared by <paramref name="sequences"/> sequences.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range (sequences 1 to 512, context and threads positive).</exception>
    /// <exception cref="ModelLoadException">The model holds only a vocabulary.</exception>
    /// <exception cref="InvalidOperationException">llama.cpp could not create the context (for example, out of memory).</exception>
    public BareDecoder(LlamaModel model, int sequences, int contextSize, int threads)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequences, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequences, BatchSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        model.EnsureCanGenerate();
        var parameters = LlamaNative.llama_context_default_params();
        parameters.ContextSize = (uint)contextSize;
        parameters.BatchSize = BatchSize;
        parameters.MicroBatchSize = BatchSize;
        parameters.MaxSequences = (uint)sequences;
        parameters.KvUnified = 1;
        parameters.Threads = threads;
        parameters.BatchThreads = threads;
        parameters.NoPerf = 1;
        _context = SafeLlamaContextHandle.FromPointer(LlamaNative.llama_init_from_model(model.Pointer, parameters));
        if (_context.IsInvalid)
        {
            _context.Dispose();
            throw new InvalidOperationException($"llama.cpp could not create a context of {contextSize} tokens for {sequences} sequences.");
        }

        _sampler = SafeLlamaSamplerHandle.FromPointer(LlamaNative.llama_sampler_init_greedy());
        _batch = LlamaNative.llama_batch_init(BatchSize, 0, 1);
        _positions = new int[sequences];
    }

    /// <summary>The number of sequences decoded together.</summary>
    public int Sequences => _positions.Length;

    /// <summary>
    /// Puts prompt <c>s</c> into sequence <c>s</c>: every prompt but its last token in chunks without logits, then all last
    /// tokens in one <c>llama_decode</c>, so every sequence's first token comes from the same step. Called once, first.
    /// </summary>
    /// <exception cref="ArgumentException">There is not one non-empty prompt per sequence.</exception>
    /// <exception cref="InvalidOperationException">Called twice, or llama.cpp failed to decode (the prompts do not fit the context).</exception>
    public void Prefill(IReadOnlyList<IReadOnlyList<int>> prompts)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(prompts);
        if (_prefilled)
        {
            throw new InvalidOperationException("The prompts are already in the context; create a new decoder for new prompts.");
        }

        if (prompts.Count != Sequences || prompts.Any(p => p.Count == 0))
        {
            throw new ArgumentException($"Give one prompt of at least one token for each of the {Sequences} sequences.", nameof(prompts));
        }

        var n = 0;
        for (var s = 0; s < Sequences; s++)
        {
            var prompt = prompts[s];
            for (var i = 0; i < prompt.Count - 1; i++)
            {
                if (n == BatchSize)
                {
                    DecodeBatch(n);
                    n = 0;
                }

                Set(n++, prompt[i], s, logits: false);
            }
        }

        if (n > 0)
        {
            DecodeBatch(n);
        }

        for (var s = 0; s < Sequences; s++)
        {
            Set(s, prompts[s][^1], s, logits: true);
        }

        DecodeBatch(Sequences);
        _prefilled = true;
    }

    /// <summary>Writes the greedy next token of every sequence, from the last <c>llama_decode</c>, into <paramref name="next"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing was pre-filled yet.</exception>
    public void SampleNext(Span<int> next)
    {
        EnsurePrefilled();
        ArgumentOutOfRangeException.ThrowIfLessThan(next.Length, Sequences, nameof(next));
        var context = _context.DangerousGetHandle();
        var sampler = _sampler.DangerousGetHandle();
        for (var s = 0; s < Sequences; s++)
        {
            next[s] = LlamaNative.llama_sampler_sample(sampler, context, s); // sequence s's logits sit at batch index s
        }
    }

    /// <summary>Appends <c>tokens[s]</c> to sequence <c>s</c> for every sequence and decodes them together in one <c>llama_decode</c>.</summary>
    /// <exception cref="InvalidOperationException">Nothing was pre-filled yet, or llama.cpp failed to decode (the context is full).</exception>
    public void Decode(ReadOnlySpan<int> tokens)
    {
        EnsurePrefilled();
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens.Length, Sequences, nameof(tokens));
        for (var s = 0; s < Sequences; s++)
        {
            Set(s, tokens[s], s, logits: true);
        }

        DecodeBatch(Sequences);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        LlamaNative.llama_batch_free(_batch);
        _sampler.Dispose();
        _context.Dispose();
    }

    private void EnsurePrefilled()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_prefilled)
        {
            throw new InvalidOperationException("Call Prefill with the prompts first.");
        }
    }

    private void DecodeBatch(int count)
    {
        _batch.TokenCount = count;
        var rc = LlamaNative.llama_decode(_context.DangerousGetHandle(), _batch);
        if (rc != 0)
        {
            throw new InvalidOperationException(rc == 1
                ? "The bare decoder's context is full; give it a larger context size."
                : $"llama_decode returned {rc} in the bare decoder.");
        }
    }

    private void Set(int i, int token, int sequence, bool logits)
    {
        _batch.Tokens[i] = token;
        _batch.Positions[i] = _positions[sequence]++;
        _batch.SequenceIdCounts[i] = 1;
        _batch.SequenceIds[i][0] = sequence;
        _batch.Logits[i] = logits ? (sbyte)1 : (sbyte)0;
    }
}
