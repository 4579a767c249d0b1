using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Tests.Native;

public sealed class NativeLibraryNamingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-naming-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Touch(string name) => File.WriteAllBytes(Path.Combine(_dir, name), [1, 2, 3]);

    [Fact]
    public void FindVersioned_LinuxCpuPackageNames_FindsTheVersionedLibrary()
    {
        Touch("libllama.v0.5.0.so");
        Touch("libllama-common.so");

        Assert.Equal(Path.Combine(_dir, "libllama.v0.5.0.so"), NativeLibraryNaming.Linux.FindVersioned(_dir, "llama"));
    }

    [Fact]
    public void FindVersioned_LinuxCudaPackageNames_FindsTheBackendTaggedLibrary()
    {
        // @node-llama-cpp/linux-x64-cuda names them libllama.cuda.v0.5.0.so and libggml.cuda.v0.5.0.so.
        Touch("libllama.cuda.v0.5.0.so");
        Touch("libggml.cuda.v0.5.0.so");
        Touch("libggml-base.so");
        Touch("libggml-cuda.so");

        Assert.Equal(Path.Combine(_dir, "libllama.cuda.v0.5.0.so"), NativeLibraryNaming.Linux.FindVersioned(_dir, "llama"));
        Assert.Equal(Path.Combine(_dir, "libggml.cuda.v0.5.0.so"), NativeLibraryNaming.Linux.FindVersioned(_dir, "ggml"));
    }

    [Fact]
    public void FindVersioned_WindowsPackageNames_FindsTheDllWithoutPrefix()
    {
        Touch("llama.v0.4.0.dll");
        Touch("llama-common.dll");
        Touch("ggml.v0.4.0.dll");

        Assert.Equal(Path.Combine(_dir, "llama.v0.4.0.dll"), NativeLibraryNaming.Windows.FindVersioned(_dir, "llama"));
        Assert.Equal(Path.Combine(_dir, "ggml.v0.4.0.dll"), NativeLibraryNaming.Windows.FindVersioned(_dir, "ggml"));
    }

    [Fact]
    public void FindVersioned_MacMetalPackageNames_FindsTheDylib()
    {
        Touch("libllama.metal.v0.4.0.dylib");
        Touch("libggml-metal.so");

        Assert.Equal(Path.Combine(_dir, "libllama.metal.v0.4.0.dylib"), NativeLibraryNaming.MacOS.FindVersioned(_dir, "llama"));
    }

    [Fact]
    public void FindVersioned_AnotherSystemsLibrary_IsNotFound()
    {
        Touch("libllama.v0.5.0.so");

        Assert.Null(NativeLibraryNaming.Windows.FindVersioned(_dir, "llama"));
        Assert.Null(NativeLibraryNaming.MacOS.FindVersioned(_dir, "llama"));
    }

    [Fact]
    public void FindVersioned_NoLibrary_ReturnsNull()
    {
        Touch("libggml-base.so");

        Assert.Null(NativeLibraryNaming.Linux.FindVersioned(_dir, "llama"));
        Assert.Null(NativeLibraryNaming.Linux.FindVersioned(Path.Combine(_dir, "missing"), "llama"));
    }

    [Fact]
    public void Backend_MacOS_UsesTheSoSuffixGgmlLoads()
    {
        Assert.Equal("libggml-cuda.so", NativeLibraryNaming.Linux.Backend("ggml-cuda"));
        Assert.Equal("libggml-metal.so", NativeLibraryNaming.MacOS.Backend("ggml-metal"));
        Assert.Equal("ggml-vulkan.dll", NativeLibraryNaming.Windows.Backend("ggml-vulkan"));
    }
}
