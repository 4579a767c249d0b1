namespace M1Parallel.Inference.Native;

/// <summary>The llama.cpp native libraries could not be found or initialised.</summary>
internal sealed class LlamaNativeLibraryException(string message) : Exception(message);
