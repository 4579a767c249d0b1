using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Models;

/// <summary>A GGUF model loaded in process through llama.cpp. Thread-safe for reads; dispose once.</summary>
public sealed unsafe class LlamaModel : IDisposable
{
    private readonly SafeLlamaModelHandle _handle;

    private LlamaModel(string path, SafeLlamaModelHandle handle, GgufFile header, bool vocabularyOnly)
    {
        Path = path;
        _handle = handle;
        Header = header;
        IsVocabularyOnly = vocabularyOnly;
        var pointer = handle.DangerousGetHandle();
        Vocabulary = new LlamaVocabulary(this, LlamaNative.llama_model_get_vocab(pointer));
        ContextLength = LlamaNative.llama_model_n_ctx_train(pointer);
        ParameterCount = vocabularyOnly ? 0 : (long)LlamaNative.llama_model_n_params(pointer);
        SizeBytes = vocabularyOnly ? 0 : (long)LlamaNative.llama_model_size(pointer);
        LayerCount = LlamaNative.llama_model_n_layer(pointer);
        EmbeddingLength = LlamaNative.llama_model_n_embd(pointer);
        Description = ReadString((b, n) => LlamaNative.llama_model_desc(pointer, b, n));
        var template = LlamaNative.llama_model_chat_template(pointer, IntPtr.Zero);
        ChatTemplate = template == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(template);
    }

    /// <summary>The file the model was loaded from.</summary>
    public string Path { get; }

    /// <summary>The GGUF header (metadata and tensor table).</summary>
    public GgufFile Header { get; }

    /// <summary>The architecture name, e.g. "qwen3" or "llama".</summary>
    public string Architecture => Header.Architecture ?? "unknown";

    /// <summary>Whether only the vocabulary was loaded.</summary>
    public bool IsVocabularyOnly { get; }

    /// <summary>The vocabulary.</summary>
    public LlamaVocabulary Vocabulary { get; }

    /// <summary>The context length the model was trained with.</summary>
    public int ContextLength { get; }

    /// <summary>Number of parameters (0 for a vocabulary-only load).</summary>
    public long ParameterCount { get; }

    /// <summary>Bytes of tensor data (0 for a vocabulary-only load).</summary>
    public long SizeBytes { get; }

    /// <summary>Number of transformer blocks.</summary>
    public int LayerCount { get; }

    /// <summary>Embedding width.</summary>
    public int EmbeddingLength { get; }

    /// <summary>llama.cpp's one-line description, e.g. "qwen3 0.6B Q4_0".</summary>
    public string Description { get; }

    /// <summary>The Jinja chat template embedded in the file, or null.</summary>
    public string? ChatTemplate { get; }

    internal IntPtr Pointer => _handle.IsClosed ? throw new ObjectDisposedException(nameof(LlamaModel)) : _handle.DangerousGetHandle();

    /// <summary>Loads a GGUF model.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="GgufFormatException">The file is not GGUF, truncated or corrupt.</exception>
    /// <exception cref="ModelLoadException">llama.cpp refused the model (unsupported architecture, bad tensors, out of memory), or its libraries are missing.</exception>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        options ??= new LlamaModelOptions();
        var header = GgufFile.Read(path);
        LlamaRuntime.Initialize();

        var parameters = LlamaNative.llama_model_default_params();
        parameters.GpuLayerCount = options.GpuLayers;
        parameters.VocabOnly = options.VocabularyOnly ? (byte)1 : (byte)0;
        var progress = options.Progress is null ? default : GCHandle.Alloc(options.Progress);
        try
        {
            if (options.Progress is not null)
            {
                parameters.ProgressCallback = (IntPtr)(delegate* unmanaged[Cdecl]<float, IntPtr, byte>)&OnProgress;
                parameters.ProgressCallbackUserData = GCHandle.ToIntPtr(progress);
            }

            var before = LlamaLog.RecentProblems().Count;
            var pointer = LlamaNative.llama_model_load_from_file(path, parameters);
            if (pointer == IntPtr.Zero)
            {
                var why = string.Join(" | ", LlamaLog.RecentProblems().Skip(Math.Max(0, before - 1)).TakeLast(4));
                throw new ModelLoadException(
                    $"llama.cpp could not load '{path}' (architecture '{header.Architecture ?? "none"}'): " +
                    $"{(why.Length > 0 ? why : "no reason given")}. Check that the file is a llama.cpp GGUF of a supported " +
                    "architecture and that there is enough memory.");
            }

            options.Progress?.Report(1.0);
            return new LlamaModel(path, SafeLlamaModelHandle.FromPointer(pointer), header, options.VocabularyOnly);
        }
        finally
        {
            if (progress.IsAllocated)
            {
                progress.Free();
            }
        }
    }

    /// <summary>A metadata value as llama.cpp renders it, or null.</summary>
    public string? GetMetadata(string key)
    {
        var pointer = Pointer;
        var value = ReadString((b, n) => LlamaNative.llama_model_meta_val_str(pointer, key, b, n));
        return value.Length == 0 && !Header.Metadata.ContainsKey(key) ? null : value;
    }

    /// <summary>Throws unless the model can generate text.</summary>
    /// <exception cref="ModelLoadException">The model was loaded as vocabulary only.</exception>
    public void EnsureCanGenerate()
    {
        if (IsVocabularyOnly)
        {
            throw new ModelLoadException(
                $"'{Path}' was loaded with vocabulary only (or holds only a vocabulary); it can tokenize but not generate. " +
                "Load it without VocabularyOnly, or use a model file with weights.");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private delegate int StringReader(byte* buffer, nuint size);

    private static string ReadString(StringReader read)
    {
        var buffer = new byte[512];
        fixed (byte* b = buffer)
        {
            var n = read(b, (nuint)buffer.Length);
            if (n < 0)
            {
                return "";
            }

            if (n < buffer.Length)
            {
                return Encoding.UTF8.GetString(buffer, 0, n);
            }
        }

        var big = new byte[(read(null, 0) is var m and > 0 ? m : 0) + 1];
        fixed (byte* b = big)
        {
            var n = read(b, (nuint)big.Length);
            return n < 0 ? "" : Encoding.UTF8.GetString(big, 0, Math.Min(n, big.Length - 1));
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnProgress(float progress, IntPtr userData)
    {
        if (GCHandle.FromIntPtr(userData).Target is IProgress<double> sink)
        {
            sink.Report(progress);
        }

        return 1;
    }
}
