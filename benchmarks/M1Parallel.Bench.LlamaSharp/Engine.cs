namespace M1Parallel.Bench.LlamaSharp;

/// <summary>The two ways of driving llama.cpp compared.</summary>
internal enum Engine
{
    /// <summary>The project's own binding (M1Parallel.Inference) over node-llama-cpp's prebuilt llama.cpp.</summary>
    Binding,

    /// <summary>LLamaSharp with LLamaSharp.Backend.Cpu's llama.cpp.</summary>
    LlamaSharp,
}
