using System.Runtime.InteropServices;

namespace M1Parallel.Inference.Native;

/// <summary>The llama.cpp C API (include/llama.h, commit de3ff815), bound with source-generated P/Invoke.</summary>
internal static unsafe partial class LlamaNative
{
    internal const string Llama = "llama";
    internal const string Ggml = "ggml";

    [LibraryImport(Ggml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string dirPath);

    [LibraryImport(Ggml)]
    internal static partial nuint ggml_backend_dev_count();

    [LibraryImport(Ggml)]
    internal static partial IntPtr ggml_backend_dev_get(nuint index);

    [LibraryImport(Ggml)]
    internal static partial IntPtr ggml_backend_dev_name(IntPtr device);

    [LibraryImport(Ggml)]
    internal static partial IntPtr ggml_backend_dev_description(IntPtr device);

    /// <summary>enum ggml_backend_dev_type: 0 CPU, 1 GPU (dedicated memory), 2 integrated GPU, 3 accelerator.</summary>
    [LibraryImport(Ggml)]
    internal static partial int ggml_backend_dev_type(IntPtr device);

    [LibraryImport(Ggml)]
    internal static partial void ggml_backend_dev_memory(IntPtr device, nuint* free, nuint* total);

    [LibraryImport(Llama)]
    internal static partial void llama_backend_init();

    [LibraryImport(Llama)]
    internal static partial void llama_log_set(IntPtr callback, IntPtr userData);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_print_system_info();

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_gpu_offload();

    [LibraryImport(Llama)]
    internal static partial LlamaModelParams llama_model_default_params();

    [LibraryImport(Llama)]
    internal static partial LlamaContextParams llama_context_default_params();

    [LibraryImport(Llama)]
    internal static partial LlamaSamplerChainParams llama_sampler_chain_default_params();

    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_model_load_from_file(string path, LlamaModelParams parameters);

    [LibraryImport(Llama)]
    internal static partial void llama_model_free(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_init_from_model(IntPtr model, LlamaContextParams parameters);

    [LibraryImport(Llama)]
    internal static partial void llama_free(IntPtr context);

    [LibraryImport(Llama)]
    internal static partial uint llama_n_ctx(IntPtr context);

    [LibraryImport(Llama)]
    internal static partial uint llama_n_batch(IntPtr context);

    [LibraryImport(Llama)]
    internal static partial uint llama_n_seq_max(IntPtr context);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_get_memory(IntPtr context);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_model_get_vocab(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_n_ctx_train(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_n_embd(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_n_layer(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_n_head(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_n_head_kv(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial ulong llama_model_size(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial ulong llama_model_n_params(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_desc(IntPtr model, byte* buffer, nuint bufferSize);

    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int llama_model_meta_val_str(IntPtr model, string key, byte* buffer, nuint bufferSize);

    [LibraryImport(Llama)]
    internal static partial int llama_model_meta_count(IntPtr model);

    [LibraryImport(Llama)]
    internal static partial int llama_model_meta_key_by_index(IntPtr model, int index, byte* buffer, nuint bufferSize);

    [LibraryImport(Llama)]
    internal static partial int llama_model_meta_val_str_by_index(IntPtr model, int index, byte* buffer, nuint bufferSize);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_model_chat_template(IntPtr model, IntPtr name);

    [LibraryImport(Llama)]
    internal static partial int llama_vocab_n_tokens(IntPtr vocab);

    [LibraryImport(Llama)]
    internal static partial int llama_vocab_bos(IntPtr vocab);

    [LibraryImport(Llama)]
    internal static partial int llama_vocab_eos(IntPtr vocab);

    [LibraryImport(Llama)]
    internal static partial int llama_vocab_eot(IntPtr vocab);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(IntPtr vocab, int token);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_control(IntPtr vocab, int token);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_bos(IntPtr vocab);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_vocab_get_text(IntPtr vocab, int token);

    [LibraryImport(Llama)]
    internal static partial int llama_tokenize(IntPtr vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(Llama)]
    internal static partial int llama_token_to_piece(IntPtr vocab, int token, byte* buffer, int length, int lstrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(Llama)]
    internal static partial int llama_detokenize(IntPtr vocab, int* tokens, int tokenCount, byte* text, int maxLength,
        [MarshalAs(UnmanagedType.U1)] bool removeSpecial, [MarshalAs(UnmanagedType.U1)] bool unparseSpecial);

    [LibraryImport(Llama)]
    internal static partial int llama_chat_apply_template(IntPtr template, LlamaChatMessage* messages, nuint count,
        [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buffer, int length);

    [LibraryImport(Llama)]
    internal static partial LlamaBatch llama_batch_init(int tokenCount, int embeddings, int maxSequences);

    [LibraryImport(Llama)]
    internal static partial void llama_batch_free(LlamaBatch batch);

    [LibraryImport(Llama)]
    internal static partial int llama_decode(IntPtr context, LlamaBatch batch);

    [LibraryImport(Llama)]
    internal static partial void llama_set_n_threads(IntPtr context, int threads, int batchThreads);

    [LibraryImport(Llama)]
    internal static partial void llama_set_abort_callback(IntPtr context, IntPtr callback, IntPtr data);

    [LibraryImport(Llama)]
    internal static partial float* llama_get_logits_ith(IntPtr context, int index);

    [LibraryImport(Llama)]
    internal static partial void llama_memory_clear(IntPtr memory, [MarshalAs(UnmanagedType.U1)] bool data);

    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_seq_rm(IntPtr memory, int sequence, int p0, int p1);

    [LibraryImport(Llama)]
    internal static partial void llama_memory_seq_cp(IntPtr memory, int source, int destination, int p0, int p1);

    [LibraryImport(Llama)]
    internal static partial int llama_memory_seq_pos_min(IntPtr memory, int sequence);

    [LibraryImport(Llama)]
    internal static partial int llama_memory_seq_pos_max(IntPtr memory, int sequence);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_chain_add(IntPtr chain, IntPtr sampler);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_greedy();

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_dist(uint seed);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_top_k(int k);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_top_p(float p, nuint minKeep);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_min_p(float p, nuint minKeep);

    [LibraryImport(Llama)]
    internal static partial IntPtr llama_sampler_init_temp(float temperature);

    [LibraryImport(Llama)]
    internal static partial int llama_sampler_sample(IntPtr sampler, IntPtr context, int index);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_accept(IntPtr sampler, int token);

    [LibraryImport(Llama)]
    internal static partial void llama_sampler_free(IntPtr sampler);
}
