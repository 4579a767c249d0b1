using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Tests.Native;

public sealed class LlamaVariantSelectorTests
{
    private const string Root = "/app/native/llama";
    private static readonly LlamaVariant[] CudaBuild = [LlamaVariant.Cuda13, LlamaVariant.Cuda12, LlamaVariant.Cpu];

    [Fact]
    public void Choose_CpuBuildOnly_ChoosesCpuWithoutProbingCuda()
    {
        var probe = FakeNativeLibraryProbe.AllCuda();

        var choice = LlamaVariantSelector.Choose(Root, [LlamaVariant.Cpu], probe, cudaPlatform: true);

        Assert.Equal(LlamaVariant.Cpu, choice!.Variant);
        Assert.Empty(choice.Problems);
        Assert.Empty(probe.Probed);
    }

    [Fact]
    public void Choose_DriverAndCuda13RuntimeLoad_ChoosesCuda13()
    {
        var choice = LlamaVariantSelector.Choose(Root, CudaBuild, FakeNativeLibraryProbe.AllCuda(), cudaPlatform: true);

        Assert.Equal(LlamaVariant.Cuda13, choice!.Variant);
        Assert.Empty(choice.Problems);
    }

    [Fact]
    public void Choose_DriverSupportsOnlyCuda12_ChoosesCuda12WithoutAProblem()
    {
        var probe = new FakeNativeLibraryProbe(12040, "libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcudart.so.12", "libcublas.so.12");

        var choice = LlamaVariantSelector.Choose(Root, CudaBuild, probe, cudaPlatform: true);

        Assert.Equal(LlamaVariant.Cuda12, choice!.Variant);
        Assert.Empty(choice.Problems);
    }

    [Fact]
    public void Choose_OnlyTheCuda12RuntimeInstalled_ChoosesCuda12()
    {
        var probe = new FakeNativeLibraryProbe(13000, "libcuda.so.1", "libcudart.so.12", "libcublas.so.12");

        Assert.Equal(LlamaVariant.Cuda12, LlamaVariantSelector.Choose(Root, CudaBuild, probe, cudaPlatform: true)!.Variant);
    }

    [Fact]
    public void Choose_Cuda13CublasMissing_SkipsCuda13()
    {
        var probe = new FakeNativeLibraryProbe(13000, "libcuda.so.1", "libcudart.so.13", "libcudart.so.12", "libcublas.so.12");

        Assert.Equal(LlamaVariant.Cuda12, LlamaVariantSelector.Choose(Root, CudaBuild, probe, cudaPlatform: true)!.Variant);
    }

    [Fact]
    public void Choose_NeitherCudaRuntimeLoads_FallsBackToCpuNamingEachMissingLibraryAndTheFix()
    {
        var probe = new FakeNativeLibraryProbe(13000, "libcuda.so.1");

        var choice = LlamaVariantSelector.Choose(Root, CudaBuild, probe, cudaPlatform: true)!;

        Assert.Equal(LlamaVariant.Cpu, choice.Variant);
        var problem = Assert.Single(choice.Problems);
        Assert.Contains(Root, problem);
        Assert.Contains("run on the CPU", problem);
        Assert.Contains("CUDA 13 (cuda13/): libcudart.so.13 could not be loaded (libcudart.so.13: cannot open shared object file", problem);
        Assert.Contains("CUDA 12 (cuda12/): libcudart.so.12 could not be loaded", problem);
        Assert.Contains("Install the CUDA 13 runtime (libcudart.so.13, libcublas.so.13) or the CUDA 12 runtime", problem);
    }

    [Fact]
    public void Choose_NoNvidiaDriver_SaysTheDriverIsMissing()
    {
        var probe = new FakeNativeLibraryProbe(null, "libcudart.so.13", "libcublas.so.13");

        var choice = LlamaVariantSelector.Choose(Root, [LlamaVariant.Cuda13, LlamaVariant.Cpu], probe, cudaPlatform: true)!;

        Assert.Equal(LlamaVariant.Cpu, choice.Variant);
        Assert.Contains("the NVIDIA driver (libcuda.so.1) could not be loaded", Assert.Single(choice.Problems));
    }

    [Fact]
    public void Choose_NoNvidiaDriverForEitherBuild_NamesTheDriverOnceForBoth()
    {
        var choice = LlamaVariantSelector.Choose(Root, CudaBuild, new FakeNativeLibraryProbe(null), cudaPlatform: true)!;

        Assert.Contains("CUDA 13 (cuda13/) and CUDA 12 (cuda12/): the NVIDIA driver (libcuda.so.1) could not be loaded",
            Assert.Single(choice.Problems));
    }

    [Fact]
    public void Choose_DriverTooOldForEveryBuild_SaysWhichCudaTheDriverSupports()
    {
        var probe = new FakeNativeLibraryProbe(11080, "libcuda.so.1", "libcudart.so.12", "libcublas.so.12");

        var choice = LlamaVariantSelector.Choose(Root, [LlamaVariant.Cuda12, LlamaVariant.Cpu], probe, cudaPlatform: true)!;

        Assert.Equal(LlamaVariant.Cpu, choice.Variant);
        Assert.Contains("the NVIDIA driver supports CUDA up to 11.8; CUDA 12 needs a newer driver", Assert.Single(choice.Problems));
    }

    [Fact]
    public void Choose_DriverVersionUnreadable_DecidesByTheRuntimeLibraries()
    {
        var probe = new FakeNativeLibraryProbe(null, "libcuda.so.1", "libcudart.so.13", "libcublas.so.13");

        Assert.Equal(LlamaVariant.Cuda13, LlamaVariantSelector.Choose(Root, CudaBuild, probe, cudaPlatform: true)!.Variant);
    }

    [Fact]
    public void Choose_CudaBuildOnANonLinuxSystem_FallsBackAndSaysWhy()
    {
        var choice = LlamaVariantSelector.Choose(Root, CudaBuild, FakeNativeLibraryProbe.AllCuda(), cudaPlatform: false)!;

        Assert.Equal(LlamaVariant.Cpu, choice.Variant);
        Assert.Contains("run on Linux only", Assert.Single(choice.Problems));
    }

    [Fact]
    public void Choose_CudaFailsAndNoCpuFolder_KeepsACudaBuildForItsCpuBackends()
    {
        var choice = LlamaVariantSelector.Choose(Root, [LlamaVariant.Cuda12], new FakeNativeLibraryProbe(null), cudaPlatform: true)!;

        Assert.Equal(LlamaVariant.Cuda12, choice.Variant);
        Assert.Contains("run on the CPU", Assert.Single(choice.Problems));
    }

    [Fact]
    public void Choose_MetalBuild_ChoosesMetal() =>
        Assert.Equal(LlamaVariant.Metal, LlamaVariantSelector.Choose(Root, [LlamaVariant.Metal], new FakeNativeLibraryProbe(null), cudaPlatform: false)!.Variant);

    [Fact]
    public void Choose_NothingShipped_ReturnsNull() =>
        Assert.Null(LlamaVariantSelector.Choose(Root, [], FakeNativeLibraryProbe.AllCuda(), cudaPlatform: true));
}
