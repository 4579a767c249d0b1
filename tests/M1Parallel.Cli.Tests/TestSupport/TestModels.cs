namespace M1Parallel.Cli.Tests.TestSupport;

/// <summary>Where the repository and its test models (models/test) are.</summary>
internal static class TestModels
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The tiny real ChatML model (stories260K with ChatML tokens): fast, never a useful answer.</summary>
    public static string StoriesChatMl => Path.Combine(RepoRoot, "models", "test", "stories260K-chatml.gguf");

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
