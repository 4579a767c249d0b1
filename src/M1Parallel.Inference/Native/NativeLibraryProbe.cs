using System.Runtime.InteropServices;

namespace M1Parallel.Inference.Native;

/// <summary>Probes this machine: loads a library and frees it again, and asks the NVIDIA driver for its CUDA version.</summary>
internal sealed class NativeLibraryProbe : INativeLibraryProbe
{
    /// <summary>The NVIDIA driver's library on Linux.</summary>
    public const string CudaDriver = "libcuda.so.1";

    /// <inheritdoc />
    public string? LoadError(string library)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(library));
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            // .NET's message ends with the loader's line (e.g. "libcudart.so.13: cannot open shared object file").
            return e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        }
    }

    /// <inheritdoc />
    public unsafe int? CudaDriverVersion()
    {
        if (!NativeLibrary.TryLoad(CudaDriver, out var driver))
        {
            return null;
        }

        try
        {
            if (!NativeLibrary.TryGetExport(driver, "cuDriverGetVersion", out var export))
            {
                return null;
            }

            int version;
            return ((delegate* unmanaged<int*, int>)export)(&version) == 0 ? version : null;
        }
        finally
        {
            NativeLibrary.Free(driver);
        }
    }
}
