namespace M1Parallel.Inference.Tests.Support;

/// <summary>Where the repository and its test models (models/test) are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestModels => Path.Combine(RepoRoot, "models", "test");

    public static string Stories => Path.Combine(TestModels, "stories260K.gguf");

    public static string StoriesChatMl => Path.Combine(TestModels, "stories260K-chatml.gguf");

    public static string QwenVocab => Path.Combine(TestModels, "ggml-vocab-qwen2.gguf");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "M1Parallel.Local.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run inside the repository (M1Parallel.Local.sln not found above the test binaries).");
    }
}
