using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Tests.Native;

public sealed class LlamaLibraryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-native-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Touch(string name) => File.WriteAllBytes(Path.Combine(_dir, name), [0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]);

    [Fact]
    public void FindVersioned_CpuPackageNames_FindsTheVersionedLibrary()
    {
        Touch("libllama.v0.5.0.so");
        Touch("libllama-common.so");

        Assert.Equal(Path.Combine(_dir, "libllama.v0.5.0.so"), LlamaLibrary.FindVersioned(_dir, "libllama"));
    }

    [Fact]
    public void FindVersioned_CudaPackageNames_FindsTheBackendTaggedLibrary()
    {
        // @node-llama-cpp/linux-x64-cuda names them libllama.cuda.v0.5.0.so and libggml.cuda.v0.5.0.so.
        Touch("libllama.cuda.v0.5.0.so");
        Touch("libggml.cuda.v0.5.0.so");
        Touch("libggml-base.so");
        Touch("libggml-cuda.so");

        Assert.Equal(Path.Combine(_dir, "libllama.cuda.v0.5.0.so"), LlamaLibrary.FindVersioned(_dir, "libllama"));
        Assert.Equal(Path.Combine(_dir, "libggml.cuda.v0.5.0.so"), LlamaLibrary.FindVersioned(_dir, "libggml"));
    }

    [Fact]
    public void FindVersioned_NoLibrary_ReturnsNull()
    {
        Touch("libggml-base.so");

        Assert.Null(LlamaLibrary.FindVersioned(_dir, "libllama"));
        Assert.Null(LlamaLibrary.FindVersioned(Path.Combine(_dir, "missing"), "libllama"));
    }

    [Fact]
    public void UnloadedGpuBackends_CudaBackendThatCannotOpen_NamesTheFileTheReasonAndTheFix()
    {
        Touch("libggml-cuda.so"); // not a loadable library, as a CUDA backend without libcudart is not

        var problem = Assert.Single(LlamaLibrary.UnloadedGpuBackends(_dir, ["CPU (x86-64 CPU)"]));

        Assert.Contains(Path.Combine(_dir, "libggml-cuda.so"), problem);
        Assert.Contains("run on the CPU", problem);
        Assert.Contains("could not be opened", problem);
        Assert.Contains("libcudart.so.13", problem);
    }

    [Fact]
    public void UnloadedGpuBackends_CudaDeviceRegistered_ReportsNothing()
    {
        Touch("libggml-cuda.so");

        Assert.Empty(LlamaLibrary.UnloadedGpuBackends(_dir, ["CUDA0 (NVIDIA H200)", "CPU (x86-64 CPU)"]));
    }

    [Fact]
    public void UnloadedGpuBackends_CpuOnlyPackage_ReportsNothing()
    {
        Touch("libggml-cpu-haswell.so");

        Assert.Empty(LlamaLibrary.UnloadedGpuBackends(_dir, ["CPU (x86-64 CPU)"]));
    }

    [Fact]
    public void EnsureInitialized_CpuPackage_HasNoGpuBackendProblems() =>
        Assert.Empty(LlamaLibrary.EnsureInitialized().GpuBackendProblems);
}
