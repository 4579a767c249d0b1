using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Tests.Native;

public sealed class LlamaLibraryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("m1p-native-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Touch(string name)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]);
    }

    [Fact]
    public void Locate_CpuAndCudaFolders_LoadsFromTheFolderTheMachineSupports()
    {
        Touch("cpu/libllama.v0.5.0.so");
        Touch("cuda13/libllama.cuda.v0.5.0.so");
        Touch("cuda12/libllama.cuda.v0.5.0.so");
        var probe = new FakeNativeLibraryProbe(12080, "libcuda.so.1", "libcudart.so.12", "libcublas.so.12");

        var location = LlamaLibrary.Locate(_dir, NativeLibraryNaming.Linux, probe, cudaPlatform: true);

        Assert.Equal(Path.Combine(_dir, "cuda12"), location.Directory);
        Assert.Equal(LlamaVariant.Cuda12, location.Variant);
        Assert.Empty(location.Problems);
    }

    [Fact]
    public void Locate_NoCudaRuntime_LoadsTheCpuFolderAndReportsWhy()
    {
        Touch("cpu/libllama.v0.5.0.so");
        Touch("cuda13/libllama.cuda.v0.5.0.so");

        var location = LlamaLibrary.Locate(_dir, NativeLibraryNaming.Linux, new FakeNativeLibraryProbe(null), cudaPlatform: true);

        Assert.Equal(Path.Combine(_dir, "cpu"), location.Directory);
        Assert.Contains("libcuda.so.1", Assert.Single(location.Problems));
    }

    [Fact]
    public void Locate_VariantFolderWithoutLlama_IsNotConsidered()
    {
        Touch("cpu/libllama.v0.5.0.so");
        Touch("cuda13/libggml-cuda.so");
        var probe = FakeNativeLibraryProbe.AllCuda();

        var location = LlamaLibrary.Locate(_dir, NativeLibraryNaming.Linux, probe, cudaPlatform: true);

        Assert.Equal(Path.Combine(_dir, "cpu"), location.Directory);
        Assert.Empty(location.Problems);
        Assert.Empty(probe.Probed);
    }

    [Fact]
    public void Locate_FolderHoldingOneBuild_LoadsFromItself()
    {
        Touch("libllama.so");

        var location = LlamaLibrary.Locate(_dir, NativeLibraryNaming.Linux, FakeNativeLibraryProbe.AllCuda(), cudaPlatform: true);

        Assert.Equal(_dir, location.Directory);
        Assert.Null(location.Variant);
    }

    [Fact]
    public void UnloadedGpuBackends_CudaBackendThatCannotOpen_NamesTheFileTheReasonAndTheFix()
    {
        Touch("libggml-cuda.so"); // not a loadable library, as a CUDA backend without libcudart is not

        var problem = Assert.Single(LlamaLibrary.UnloadedGpuBackends(_dir, ["CPU (x86-64 CPU)"], NativeLibraryNaming.Linux, 13,
            new NativeLibraryProbe()));

        Assert.Contains(Path.Combine(_dir, "libggml-cuda.so"), problem);
        Assert.Contains("run on the CPU", problem);
        Assert.Contains("could not be opened", problem);
        Assert.Contains("the CUDA 13 runtime (libcudart.so.13, libcublas.so.13)", problem);
    }

    [Fact]
    public void UnloadedGpuBackends_CudaBackendLoadsButNoDevice_SaysNoGpuIsVisible()
    {
        Touch("libggml-cuda.so");
        var probe = new FakeNativeLibraryProbe(null, Path.Combine(_dir, "libggml-cuda.so"));

        var problem = Assert.Single(LlamaLibrary.UnloadedGpuBackends(_dir, ["CPU (x86-64 CPU)"], NativeLibraryNaming.Linux, 12, probe));

        Assert.Contains("it loaded but found no device", problem);
        Assert.Contains("the CUDA 12 runtime", problem);
    }

    [Fact]
    public void UnloadedGpuBackends_CudaDeviceRegistered_ReportsNothing()
    {
        Touch("libggml-cuda.so");

        Assert.Empty(LlamaLibrary.UnloadedGpuBackends(_dir, ["CUDA0 (NVIDIA H200)", "CPU (x86-64 CPU)"], NativeLibraryNaming.Linux, 13,
            new NativeLibraryProbe()));
    }

    [Fact]
    public void UnloadedGpuBackends_CpuOnlyPackage_ReportsNothing()
    {
        Touch("libggml-cpu-haswell.so");

        Assert.Empty(LlamaLibrary.UnloadedGpuBackends(_dir, ["CPU (x86-64 CPU)"], NativeLibraryNaming.Linux, 0, new NativeLibraryProbe()));
    }

    [Fact]
    public void Locate_BuildOutput_FindsTheBuildThatTheBuildShipped()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "native", "llama");

        var location = LlamaLibrary.Locate(root, NativeLibraryNaming.Current, new FakeNativeLibraryProbe(null), OperatingSystem.IsLinux());

        Assert.Equal(OperatingSystem.IsMacOS() && RuntimeInformationIsArm64() ? LlamaVariant.Metal : LlamaVariant.Cpu, location.Variant);
        Assert.NotNull(NativeLibraryNaming.Current.FindVersioned(location.Directory, "llama"));
    }

    [Fact]
    public void EnsureInitialized_CpuPackage_HasNoGpuBackendProblems() =>
        Assert.Empty(LlamaLibrary.EnsureInitialized().GpuBackendProblems);

    private static bool RuntimeInformationIsArm64() =>
        System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64;
}
