using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace M1Parallel.Inference.Native;

/// <summary>Finds, loads and initialises the llama.cpp shared libraries once per process.</summary>
internal static class LlamaLibrary
{
    /// <summary>Environment variable that points at a folder holding libllama*.so and libggml*.so.</summary>
    public const string DirectoryVariable = "M1P_LLAMA_LIB_DIR";

    private static readonly Lazy<LlamaLibraryInfo> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder the native libraries are loaded from.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "native", "llama");

    /// <summary>Loads the libraries and every ggml backend found beside them; safe to call from any thread.</summary>
    /// <exception cref="LlamaNativeLibraryException">The libraries are missing or no backend could be loaded.</exception>
    public static LlamaLibraryInfo EnsureInitialized() => Initialized.Value;

    // The resolver must be in place before the first P/Invoke of this assembly, whichever type makes it.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(LlamaLibrary).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var file = name switch
        {
            LlamaNative.Llama => FindVersioned("libllama"),
            LlamaNative.Ggml => FindVersioned("libggml"),
            _ => null,
        };
        return file is not null && NativeLibrary.TryLoad(file, out var handle) ? handle : IntPtr.Zero;
    }

    // The npm packages name their libraries libllama.v0.5.0.so (CPU) and libllama.cuda.v0.5.0.so (CUDA); .NET does
    // not probe versioned names.
    internal static string? FindVersioned(string stem) => FindVersioned(Directory, stem);

    internal static string? FindVersioned(string dir, string stem)
    {
        if (!System.IO.Directory.Exists(dir))
        {
            return null;
        }

        var exact = Path.Combine(dir, stem + ".so");
        if (File.Exists(exact))
        {
            return exact;
        }

        return System.IO.Directory.GetFiles(dir, stem + ".v*.so")
            .Concat(System.IO.Directory.GetFiles(dir, stem + ".*.v*.so"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .LastOrDefault();
    }

    private static LlamaLibraryInfo Initialize()
    {
        var dir = Directory;
        if (FindVersioned("libllama") is null)
        {
            throw new LlamaNativeLibraryException(
                $"llama.cpp native libraries were not found in '{dir}'. Build the solution (it fetches the npm package " +
                $"@node-llama-cpp/linux-x64 by itself) or set {DirectoryVariable} to a folder holding libllama*.so.");
        }

        LlamaLog.Install();
        // The CPU backend lives in separate libggml-cpu-*.so files that are only found through this call.
        LlamaNative.ggml_backend_load_all_from_path(dir);
        LlamaNative.llama_backend_init();

        var devices = new List<string>();
        var count = LlamaNative.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            var device = LlamaNative.ggml_backend_dev_get(i);
            devices.Add($"{Marshal.PtrToStringUTF8(LlamaNative.ggml_backend_dev_name(device))} " +
                        $"({Marshal.PtrToStringUTF8(LlamaNative.ggml_backend_dev_description(device))})");
        }

        if (devices.Count == 0)
        {
            throw new LlamaNativeLibraryException(
                $"No ggml backend could be loaded from '{dir}'. The folder must hold libggml-cpu-*.so (or the CUDA " +
                "backend); rebuild to fetch them again, or check that this CPU is x86-64.");
        }

        return new LlamaLibraryInfo(dir, devices, LlamaNative.llama_supports_gpu_offload(),
            Marshal.PtrToStringUTF8(LlamaNative.llama_print_system_info()) ?? "", UnloadedGpuBackends(dir, devices));
    }

    /// <summary>
    /// GPU backends shipped in <paramref name="dir"/> that gave no device: ggml skips a backend it cannot open without
    /// a word, so a CUDA build missing libcudart would otherwise run on the CPU silently.
    /// </summary>
    internal static IReadOnlyList<string> UnloadedGpuBackends(string dir, IReadOnlyList<string> devices)
    {
        var problems = new List<string>();
        foreach (var (file, prefix, runtime) in GpuBackends)
        {
            var path = Path.Combine(dir, file);
            if (!File.Exists(path) || devices.Any(d => d.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            string why;
            try
            {
                NativeLibrary.Free(NativeLibrary.Load(path));
                why = "it loaded but found no device (no GPU visible, or the driver is missing)";
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                // .NET's message ends with dlerror's line (e.g. "libcudart.so.13: cannot open shared object file").
                why = $"it could not be opened ({e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]})";
            }

            problems.Add($"The {prefix} backend {path} gave no device, so models run on the CPU: {why}. " +
                         $"Install {runtime} (or add its folder to LD_LIBRARY_PATH) and check that the GPU is visible (nvidia-smi).");
        }

        return problems;
    }

    private static readonly (string File, string DevicePrefix, string Runtime)[] GpuBackends =
    [
        ("libggml-cuda.so", "CUDA", "the CUDA 13 runtime (libcudart.so.13, libcublas.so.13) and the NVIDIA driver (libcuda.so.1)"),
        ("libggml-vulkan.so", "Vulkan", "a Vulkan loader (libvulkan.so.1) and the GPU's Vulkan driver"),
    ];
}

/// <summary>What was loaded: the folder, the compute devices, the CPU features llama.cpp reports, and GPU backends that failed.</summary>
internal sealed record LlamaLibraryInfo(string Directory, IReadOnlyList<string> Devices, bool SupportsGpuOffload, string SystemInfo,
    IReadOnlyList<string> GpuBackendProblems);
