using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Tests.Native;

public sealed class NativeLibraryProbeTests
{
    [Fact]
    public void LoadError_MissingLibrary_ReturnsTheLoadersLineNamingIt()
    {
        var error = new NativeLibraryProbe().LoadError("libm1p-missing.so.9");

        Assert.NotNull(error);
        Assert.Contains("libm1p-missing.so.9", error);
    }

    [Fact]
    public void LoadError_ShippedLlamaLibrary_ReturnsNull()
    {
        LlamaLibrary.EnsureInitialized();
        var llama = NativeLibraryNaming.Current.FindVersioned(LlamaLibrary.Directory, "llama");

        Assert.Null(new NativeLibraryProbe().LoadError(llama!));
    }
}
