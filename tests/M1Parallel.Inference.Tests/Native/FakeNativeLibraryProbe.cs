using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Tests.Native;

/// <summary>A machine where only <paramref name="loadable"/> load and the NVIDIA driver reports <paramref name="driverVersion"/>.</summary>
internal sealed class FakeNativeLibraryProbe(int? driverVersion, params string[] loadable) : INativeLibraryProbe
{
    /// <summary>A Linux machine with a CUDA 13 driver and both CUDA runtimes.</summary>
    public static FakeNativeLibraryProbe AllCuda() =>
        new(13000, "libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcudart.so.12", "libcublas.so.12");

    public List<string> Probed { get; } = [];

    public string? LoadError(string library)
    {
        Probed.Add(library);
        return loadable.Contains(library) ? null : $"{library}: cannot open shared object file: No such file or directory";
    }

    public int? CudaDriverVersion() => driverVersion;
}
