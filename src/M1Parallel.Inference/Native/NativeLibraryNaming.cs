namespace M1Parallel.Inference.Native;

/// <summary>
/// How an operating system names llama.cpp's shared libraries: <c>libllama.so</c> on Linux, <c>libllama.dylib</c> (with
/// ggml's backends as <c>libggml-*.so</c>) on macOS, <c>llama.dll</c> on Windows.
/// </summary>
internal sealed record NativeLibraryNaming(string Prefix, string Extension, string BackendExtension)
{
    /// <summary>Linux: lib*.so.</summary>
    public static readonly NativeLibraryNaming Linux = new("lib", ".so", ".so");

    /// <summary>macOS: lib*.dylib, and lib*.so for the backends ggml loads at run time.</summary>
    public static readonly NativeLibraryNaming MacOS = new("lib", ".dylib", ".so");

    /// <summary>Windows: *.dll.</summary>
    public static readonly NativeLibraryNaming Windows = new("", ".dll", ".dll");

    /// <summary>The naming of the operating system this process runs on.</summary>
    public static NativeLibraryNaming Current =>
        OperatingSystem.IsWindows() ? Windows : OperatingSystem.IsMacOS() ? MacOS : Linux;

    /// <summary>The file of a backend ggml loads at run time, e.g. <c>libggml-cuda.so</c> for <c>ggml-cuda</c>.</summary>
    public string Backend(string name) => Prefix + name + BackendExtension;

    /// <summary>
    /// The library <paramref name="name"/> (<c>llama</c>, <c>ggml</c>) in <paramref name="dir"/>, under its plain name or the
    /// versioned names node-llama-cpp's packages give it (<c>libllama.v0.5.0.so</c>, <c>libllama.cuda.v0.5.0.so</c>,
    /// <c>llama.v0.4.0.dll</c>), which .NET does not probe; null when there is none.
    /// </summary>
    public string? FindVersioned(string dir, string name)
    {
        if (!Directory.Exists(dir))
        {
            return null;
        }

        var exact = Path.Combine(dir, Prefix + name + Extension);
        if (File.Exists(exact))
        {
            return exact;
        }

        return Directory.GetFiles(dir, $"{Prefix}{name}.v*{Extension}")
            .Concat(Directory.GetFiles(dir, $"{Prefix}{name}.*.v*{Extension}"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .LastOrDefault();
    }
}
