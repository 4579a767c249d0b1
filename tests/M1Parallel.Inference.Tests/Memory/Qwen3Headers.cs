using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Memory;
using M1Parallel.Inference.Synthetic;

namespace M1Parallel.Inference.Tests.Memory;

/// <summary>The memory shape of a synthetic Qwen3 GGUF header (the metadata and tensor table the synthetic model
/// builder writes), read without writing the tensors' data.</summary>
internal static class Qwen3Headers
{
    public const int QwenVocabulary = 151936;

    public static ModelMemoryShape Shape(ModelShape shape, SyntheticQuantization quantization = SyntheticQuantization.Q4_K_M)
    {
        var plan = SyntheticModelBuilder.Plan(shape, quantization, QwenVocabulary);
        var metadata = SyntheticModelBuilder.ShapeMetadata(shape).Prepend(new("general.architecture", GgufValue.Of("qwen3"))).ToDictionary();
        var tensors = plan.Tensors.Select(t => new GgufTensorInfo(t.Name, t.Dimensions, t.Type, 0)).ToList();
        return ModelMemoryShape.FromHeader($"{shape.Name}.gguf", metadata, tensors, dataBytes: 0);
    }
}
