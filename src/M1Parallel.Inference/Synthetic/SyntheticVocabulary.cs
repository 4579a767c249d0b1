using M1Parallel.Inference.Gguf;

namespace M1Parallel.Inference.Synthetic;

/// <summary>The tokenizer.* metadata of a synthetic model: copied from a vocabulary GGUF, or a small built-in byte-level BPE.</summary>
internal sealed class SyntheticVocabulary
{
    /// <summary>llama.cpp token types (enum llama_token_type).</summary>
    private const int Normal = 1, Control = 3, UserDefined = 4;

    /// <summary>ChatML as Qwen3 uses it; with enable_thinking false the assistant turn opens with an empty think block.</summary>
    public const string ChatMlTemplate =
        "{%- for message in messages %}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{%- endfor %}" +
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}" +
        "{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}{%- endif %}";

    /// <summary>Qwen's special tokens in the order (and with the types) of Qwen3's tokenizer: control for &lt;|…|&gt;, user-defined for tags.</summary>
    public static IReadOnlyList<(string Text, int Type)> QwenSpecialTokens { get; } =
    [
        ("<|endoftext|>", Control), ("<|im_start|>", Control), ("<|im_end|>", Control),
        ("<tool_call>", UserDefined), ("</tool_call>", UserDefined),
        ("<tool_response>", UserDefined), ("</tool_response>", UserDefined),
        ("<think>", UserDefined), ("</think>", UserDefined),
    ];

    // A few GPT-2-style merges ('Ġ' is the byte-level space); llama.cpp requires the merges key of a BPE vocabulary.
    private static readonly (string Left, string Right)[] Merges =
    [
        ("Ġ", "t"), ("Ġ", "a"), ("h", "e"), ("i", "n"), ("r", "e"), ("o", "n"), ("e", "r"), ("Ġt", "he"),
        ("Ġ", "s"), ("Ġ", "w"), ("a", "n"), ("o", "u"),
    ];

    private SyntheticVocabulary(int count, IReadOnlyList<KeyValuePair<string, GgufValue>> metadata, string description)
    {
        Count = count;
        Metadata = metadata;
        Description = description;
    }

    /// <summary>Number of tokens (the model's n_vocab).</summary>
    public int Count { get; }

    /// <summary>The tokenizer.* keys to write.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata { get; }

    /// <summary>Where the vocabulary came from, for messages.</summary>
    public string Description { get; }

    /// <summary>Copies every tokenizer.* key of a GGUF file (a vocabulary-only file or a whole model).</summary>
    /// <exception cref="SyntheticModelException">The file holds no tokenizer.</exception>
    public static SyntheticVocabulary FromFile(string path)
    {
        var header = GgufFile.Read(path);
        var metadata = header.Metadata.Where(kv => kv.Key.StartsWith("tokenizer.", StringComparison.Ordinal)).ToList();
        if (header.Metadata.GetValueOrDefault("tokenizer.ggml.tokens")?.Value is not string[] tokens || tokens.Length == 0)
        {
            throw new SyntheticModelException(
                $"'{path}' holds no tokenizer (no tokenizer.ggml.tokens array). Pass a GGUF with a vocabulary, such as " +
                "models/test/ggml-vocab-qwen2.gguf, or leave the vocabulary out to use the built-in byte-level one.");
        }

        return new SyntheticVocabulary(tokens.Length, metadata, $"copied from {Path.GetFileName(path)}");
    }

    /// <summary>
    /// A byte-level BPE (tokenizer model gpt2, pre-tokenizer qwen2): the 256 GPT-2 byte tokens, a few merges, Qwen's
    /// special tokens, then user-defined [PADn] tokens up to <paramref name="padTo"/> as Qwen pads its own vocabulary.
    /// </summary>
    public static SyntheticVocabulary BuiltIn(int padTo)
    {
        var tokens = new List<string>(Math.Max(padTo, 512));
        var types = new List<int>(tokens.Capacity);
        foreach (var c in ByteToUnicode())
        {
            tokens.Add(c.ToString());
            types.Add(Normal);
        }

        foreach (var (left, right) in Merges)
        {
            tokens.Add(left + right);
            types.Add(Normal);
        }

        var specialIds = new Dictionary<string, int>();
        foreach (var (text, type) in QwenSpecialTokens)
        {
            specialIds[text] = tokens.Count;
            tokens.Add(text);
            types.Add(type);
        }

        while (tokens.Count < padTo)
        {
            tokens.Add($"[PAD{tokens.Count}]");
            types.Add(UserDefined);
        }

        List<KeyValuePair<string, GgufValue>> metadata =
        [
            new("tokenizer.ggml.model", GgufValue.Of("gpt2")),
            new("tokenizer.ggml.pre", GgufValue.Of("qwen2")),
            new("tokenizer.ggml.tokens", GgufValue.Of(tokens.ToArray())),
            new("tokenizer.ggml.token_type", GgufValue.Of(types.ToArray())),
            new("tokenizer.ggml.merges", GgufValue.Of(Merges.Select(m => $"{m.Left} {m.Right}").ToArray())),
            new("tokenizer.ggml.eos_token_id", GgufValue.Of((uint)specialIds["<|im_end|>"])),
            new("tokenizer.ggml.padding_token_id", GgufValue.Of((uint)specialIds["<|endoftext|>"])),
            new("tokenizer.ggml.bos_token_id", GgufValue.Of((uint)specialIds["<|endoftext|>"])),
            new("tokenizer.ggml.add_bos_token", GgufValue.Of(false)),
            new("tokenizer.chat_template", GgufValue.Of(ChatMlTemplate)),
        ];
        return new SyntheticVocabulary(tokens.Count, metadata, $"built-in byte-level BPE ({tokens.Count} tokens)");
    }

    /// <summary>GPT-2's reversible byte-to-character map, in its own order (printable bytes first, as Qwen's ids 0–255 are).</summary>
    private static IEnumerable<char> ByteToUnicode()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToList();
        var set = printable.ToHashSet();
        foreach (var b in printable)
        {
            yield return (char)b;
        }

        var n = 0;
        for (var b = 0; b < 256; b++)
        {
            if (!set.Contains(b))
            {
                yield return (char)(256 + n++);
            }
        }
    }
}
