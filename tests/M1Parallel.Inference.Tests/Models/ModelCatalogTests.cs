using System.Security.Cryptography;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Synthetic;
using M1Parallel.Inference.Tests.Support;

namespace M1Parallel.Inference.Tests.Synthetic;

public sealed class ModelCatalogTests
{
    private static ModelCatalog.Entry Entry(string? sha256 = null, long? approximateBytes = null, int? blocks = 2) =>
        new("tiny", null, "test", "tiny.gguf", sha256, approximateBytes, "qwen3", blocks, 256, null);

    private static async Task<string> WriteTinyAsync(TempFolder folder)
    {
        var path = folder.File("tiny.gguf");
        await new SyntheticModelBuilder(new SyntheticModelOptions(ModelShape.Qwen3Tiny, SyntheticQuantization.Q4_0, path)).WriteAsync();
        return path;
    }

    [Fact]
    public void RepositoryCatalog_LoadsAndNamesTheQwen3_32BQ4_K_MModel()
    {
        var catalog = ModelCatalog.Load(Path.Combine(TestPaths.RepoRoot, ModelCatalog.RelativePath));
        var big = catalog.Find("qwen3-32b-q4_k_m");

        Assert.NotNull(big);
        Assert.Equal("qwen3", big!.Architecture);
        Assert.Equal(64, big.BlockCount);
        Assert.Same(big, catalog.Find("/somewhere/" + big.File));
        Assert.All(catalog.Models, m => Assert.StartsWith("https://huggingface.co/", m.Source));
        Assert.Contains(catalog.Models, m => m.Name.StartsWith("qwen3-0.6b"));
    }

    [Fact]
    public void RepositoryCatalog_PublishedSizeOf32BQ4_K_M_AgreesWithTheSyntheticPlan()
    {
        var catalog = ModelCatalog.Load(Path.Combine(TestPaths.RepoRoot, ModelCatalog.RelativePath));
        var plan = SyntheticModelBuilder.Plan(ModelShape.Qwen3_32B, SyntheticQuantization.Q4_K_M, 151936);

        Assert.InRange(plan.TensorBytes, catalog.Find("qwen3-32b-q4_k_m")!.ApproximateBytes!.Value * 0.99, catalog.Find("qwen3-32b-q4_k_m")!.ApproximateBytes!.Value * 1.01);
    }

    [Fact]
    public void Load_MalformedHash_IsRejectedWithTheFix()
    {
        using var folder = new TempFolder();
        var path = folder.File("catalog.json");
        File.WriteAllText(path, """{ "models": [ { "name": "a", "source": "s", "file": "a.gguf", "sha256": "abc" } ] }""");

        var e = Assert.Throws<InvalidDataException>(() => ModelCatalog.Load(path));

        Assert.Contains("64 hex digits", e.Message);
        Assert.Contains("null", e.Message);
    }

    [Fact]
    public void Load_DuplicateNames_AreRejected()
    {
        using var folder = new TempFolder();
        var path = folder.File("catalog.json");
        File.WriteAllText(path, """{ "models": [ { "name": "a", "source": "s", "file": "a.gguf" }, { "name": "A", "source": "s", "file": "b.gguf" } ] }""");

        Assert.Contains("twice", Assert.Throws<InvalidDataException>(() => ModelCatalog.Load(path)).Message);
    }

    [Fact]
    public void Load_RevisionAndRepository_AreReadFromTheEntry()
    {
        using var folder = new TempFolder();
        var path = folder.File("catalog.json");
        File.WriteAllText(path, """
            { "models": [
              { "name": "a", "source": "https://huggingface.co/Qwen/Qwen3-8B-GGUF", "file": "a.gguf", "revision": "v1" },
              { "name": "b", "source": "https://huggingface.co/Qwen/Qwen3-8B-GGUF/", "file": "b.gguf" },
              { "name": "c", "source": "https://example.com/models", "file": "c.gguf" } ] }
            """);

        var catalog = ModelCatalog.Load(path);

        Assert.Equal(("Qwen/Qwen3-8B-GGUF", "v1"), (catalog.Models[0].Repository, catalog.Models[0].RevisionOrMain));
        Assert.Equal(("Qwen/Qwen3-8B-GGUF", "main"), (catalog.Models[1].Repository, catalog.Models[1].RevisionOrMain));
        Assert.Null(catalog.Models[2].Repository);
    }

    [Fact]
    public void RepositoryCatalog_EveryModelNamesARepositoryToPullFrom() =>
        Assert.All(ModelCatalog.Load(Path.Combine(TestPaths.RepoRoot, ModelCatalog.RelativePath)).Models, m => Assert.NotNull(m.Repository));

    [Fact]
    public void Locate_FindsTheCatalogFromAFolderInsideTheRepository() =>
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, ModelCatalog.RelativePath), ModelCatalog.Locate(Path.Combine(TestPaths.RepoRoot, "src", "M1Parallel.Inference")));

    [Fact]
    public async Task Verify_PublishedHashMatches_IsValid()
    {
        using var folder = new TempFolder();
        var path = await WriteTinyAsync(folder);
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        var result = await ModelCatalog.VerifyAsync(path, Entry(sha256: sha.ToUpperInvariant()));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(sha, result.Sha256);
        Assert.Contains(result.Notes, n => n.Contains("matches the published hash"));
    }

    [Fact]
    public async Task Verify_HashDiffers_IsAProblem()
    {
        using var folder = new TempFolder();
        var path = await WriteTinyAsync(folder);

        var result = await ModelCatalog.VerifyAsync(path, Entry(sha256: new string('0', 64)));

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Contains("fetch it again"));
    }

    [Fact]
    public async Task Verify_NoPublishedHash_ChecksSizeOnlyAndSaysSo()
    {
        using var folder = new TempFolder();
        var path = await WriteTinyAsync(folder);
        var size = new FileInfo(path).Length;

        var close = await ModelCatalog.VerifyAsync(path, Entry(approximateBytes: size + size / 200));
        var far = await ModelCatalog.VerifyAsync(path, Entry(approximateBytes: size * 2));

        Assert.True(close.IsValid, string.Join("; ", close.Problems));
        Assert.Contains(close.Notes, n => n.Contains("no published hash; size checked only"));
        Assert.False(far.IsValid);
    }

    [Fact]
    public async Task Verify_WrongShape_IsAProblem()
    {
        using var folder = new TempFolder();
        var path = await WriteTinyAsync(folder);

        var result = await ModelCatalog.VerifyAsync(path, Entry(blocks: 64));

        Assert.Contains(result.Problems, p => p.Contains("block count") && p.Contains("64"));
    }

    [Fact]
    public async Task Verify_TruncatedFile_ReportsTheHeaderProblem()
    {
        using var folder = new TempFolder();
        var path = await WriteTinyAsync(folder);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var result = await ModelCatalog.VerifyAsync(path, null);

        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Contains("truncated"));
    }
}
