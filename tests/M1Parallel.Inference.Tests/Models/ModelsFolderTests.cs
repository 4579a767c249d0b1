using M1Parallel.Inference.Models;
using M1Parallel.Inference.Tests.Synthetic;

namespace M1Parallel.Inference.Tests.Models;

public sealed class ModelsFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteCatalog()
    {
        var models = Directory.CreateDirectory(_folder.File("models")).FullName;
        File.WriteAllText(Path.Combine(models, "catalog.json"),
            """{ "models": [ { "name": "tiny", "source": "https://huggingface.co/test-org/Tiny-GGUF", "file": "tiny.gguf" } ] }""");
        return Path.Combine(models, "catalog.json");
    }

    private static Func<string, string?> Variables(string? modelsDir) => name => name == ModelsFolder.EnvironmentVariable ? modelsDir : null;

    [Fact]
    public void Resolve_ExplicitFolderWins_ThenTheVariable_ThenTheCatalogsFolder()
    {
        var catalog = WriteCatalog();

        Assert.Equal(_folder.File("given"), ModelsFolder.Resolve(_folder.File("given"), catalog, Variables(_folder.File("variable"))));
        Assert.Equal(_folder.File("variable"), ModelsFolder.Resolve(null, catalog, Variables(_folder.File("variable"))));
        Assert.Equal(_folder.File("models"), ModelsFolder.Resolve(null, catalog, Variables(null)));
        Assert.Equal(Path.GetFullPath("models"), ModelsFolder.Resolve(null, null, Variables("")));
    }

    [Fact]
    public void FindDownloaded_FileInTheModelsFolder_ReturnsItsPath()
    {
        WriteCatalog();
        var elsewhere = Directory.CreateDirectory(_folder.File("big-disk")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "tiny.gguf"), "");

        var path = ModelsFolder.FindDownloaded("tiny", [_folder.Path], Variables(elsewhere));

        Assert.Equal(Path.Combine(elsewhere, "tiny.gguf"), path);
    }

    [Fact]
    public void FindDownloaded_NotDownloaded_SaysToRunModelsPull()
    {
        WriteCatalog();

        var error = Assert.Throws<FileNotFoundException>(() => ModelsFolder.FindDownloaded("TINY", [_folder.Path], Variables(null)));

        Assert.Contains("is not downloaded", error.Message);
        Assert.Contains("m1p models pull tiny", error.Message);
        Assert.Contains(_folder.File(Path.Combine("models", "tiny.gguf")), error.Message);
    }

    [Fact]
    public void FindDownloaded_UnknownName_ListsTheCatalogsModels()
    {
        WriteCatalog();

        var error = Assert.Throws<KeyNotFoundException>(() => ModelsFolder.FindDownloaded("huge", [_folder.Path], Variables(null)));

        Assert.Contains("'huge' is not in", error.Message);
        Assert.Contains("models: tiny", error.Message);
    }
}
