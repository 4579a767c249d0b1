namespace M1Parallel.Inference.Native;

/// <summary>Asks the machine which native libraries it can load, so the choice of a llama.cpp build can be tested without them.</summary>
internal interface INativeLibraryProbe
{
    /// <summary>Null when <paramref name="library"/> (a file name the system's loader searches, or a path) loads; else why not.</summary>
    string? LoadError(string library);

    /// <summary>The CUDA version the NVIDIA driver supports (e.g. 12040 for 12.4), or null when it cannot be read.</summary>
    int? CudaDriverVersion();
}
