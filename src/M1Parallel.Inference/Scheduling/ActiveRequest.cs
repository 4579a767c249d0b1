using System.Text;
using System.Threading.Channels;

namespace M1Parallel.Inference.Scheduling;

/// <summary>A request inside the scheduler: its output channel, sampler and progress.</summary>
internal sealed class ActiveRequest(InferenceRequest request, CancellationToken cancellationToken, long submittedAt)
{
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();

    public InferenceRequest Request { get; } = request;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Channel<InferenceUpdate> Output { get; } = Channel.CreateUnbounded<InferenceUpdate>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public StopSequenceMatcher Stops { get; } = new(request.StopSequences);

    public SamplerChain? Sampler { get; set; }

    public SequenceSlot? Slot { get; set; }

    /// <summary>Next prompt position to compute; equals the prompt length once pre-fill is done.</summary>
    public int PrefillPosition { get; set; }

    /// <summary>The last sampled token, to be fed at the next step; -1 while pre-filling.</summary>
    public int PendingToken { get; set; } = -1;

    /// <summary>A sequence still pre-filling a prefix this request shares; it copies that prefix once computed.</summary>
    public SequenceSlot? Donor { get; set; }

    /// <summary>How many prompt tokens to copy from <see cref="Donor"/>.</summary>
    public int DonorLength { get; set; }

    public int Generated { get; set; }

    public int Reused { get; set; }

    public long SubmittedAt { get; } = submittedAt;

    public long AdmittedAt { get; set; }

    public long FirstTokenAt { get; set; }

    public bool IsPrefilling => PrefillPosition < Request.PromptTokens.Count;

    public string DecodeText(byte[] bytes)
    {
        var chars = new char[_utf8.GetCharCount(bytes, 0, bytes.Length, flush: false)];
        var n = _utf8.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
        return new string(chars, 0, n);
    }
}
