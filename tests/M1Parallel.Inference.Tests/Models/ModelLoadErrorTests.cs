using M1Parallel.Inference.Gguf;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Scheduling;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Models;

public sealed class ModelLoadErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(_dir, "nope.gguf");

        var e = Assert.Throws<FileNotFoundException>(() => LlamaModel.Load(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_RandomBytes_ThrowsNotGguf()
    {
        var path = Path.Combine(_dir, "random.gguf");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));

        Assert.Contains("not a GGUF", e.Message);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsNotGguf()
    {
        var path = Path.Combine(_dir, "empty.gguf");
        File.WriteAllBytes(path, []);

        Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));
    }

    [Fact]
    public void Load_TruncatedModel_ThrowsTruncatedNamingTheTensor()
    {
        var path = Path.Combine(_dir, "truncated.gguf");
        var bytes = File.ReadAllBytes(TestPaths.Stories);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));

        Assert.Contains("truncated", e.Message);
        Assert.Contains("tensor", e.Message);
    }

    [Fact]
    public void Load_HeaderCutShort_ThrowsTruncated()
    {
        var path = Path.Combine(_dir, "header.gguf");
        File.WriteAllBytes(path, File.ReadAllBytes(TestPaths.Stories)[..200]);

        var e = Assert.Throws<GgufFormatException>(() => LlamaModel.Load(path));

        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Scheduler_OnVocabularyOnlyModel_ThrowsSayingItCannotGenerate()
    {
        using var model = LlamaModel.Load(TestPaths.QwenVocab, new LlamaModelOptions { VocabularyOnly = true });

        var e = Assert.Throws<ModelLoadException>(() => new InferenceScheduler(model));

        Assert.Contains("vocabulary only", e.Message);
    }
}
