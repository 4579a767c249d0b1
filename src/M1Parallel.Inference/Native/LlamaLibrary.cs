using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace M1Parallel.Inference.Native;

/// <summary>Finds, loads and initialises the llama.cpp shared libraries once per process.</summary>
internal static class LlamaLibrary
{
    /// <summary>Environment variable that points at a folder holding llama.cpp's libraries (or one folder per build).</summary>
    public const string DirectoryVariable = "M1P_LLAMA_LIB_DIR";

    private static readonly Lazy<LlamaLibraryLocation> Location =
        new(() => Locate(RootDirectory, NativeLibraryNaming.Current, new NativeLibraryProbe(), OperatingSystem.IsLinux()),
            LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<LlamaLibraryInfo> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Where the builds are looked for: <see cref="DirectoryVariable"/>, else <c>native/llama</c> beside the application.</summary>
    public static string RootDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "native", "llama");

    /// <summary>The folder the native libraries are loaded from: the build chosen for this machine.</summary>
    public static string Directory => Location.Value.Directory;

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
        var file = name is LlamaNative.Llama or LlamaNative.Ggml ? NativeLibraryNaming.Current.FindVersioned(Directory, name) : null;
        return file is not null && NativeLibrary.TryLoad(file, out var handle) ? handle : IntPtr.Zero;
    }

    /// <summary>
    /// The folder to load from under <paramref name="root"/>: the variant folder <see cref="LlamaVariantSelector"/> chooses
    /// among those holding llama.cpp, or <paramref name="root"/> itself when it has no variant folder (a folder holding one
    /// build, as <see cref="DirectoryVariable"/> usually names).
    /// </summary>
    internal static LlamaLibraryLocation Locate(string root, NativeLibraryNaming naming, INativeLibraryProbe probe, bool cudaPlatform)
    {
        var shipped = LlamaVariant.All.Where(v => naming.FindVersioned(Path.Combine(root, v.Folder), LlamaNative.Llama) is not null).ToList();
        return LlamaVariantSelector.Choose(root, shipped, probe, cudaPlatform) is { } choice
            ? new LlamaLibraryLocation(Path.Combine(root, choice.Variant.Folder), choice.Variant, choice.Problems)
            : new LlamaLibraryLocation(root, null, []);
    }

    private static LlamaLibraryInfo Initialize()
    {
        var (dir, variant, problems) = Location.Value;
        var naming = NativeLibraryNaming.Current;
        if (naming.FindVersioned(dir, LlamaNative.Llama) is null)
        {
            var library = $"{naming.Prefix}llama*{naming.Extension}";
            throw new LlamaNativeLibraryException(
                $"llama.cpp native libraries were not found in '{dir}' (nor in its folders " +
                $"{string.Join(", ", LlamaVariant.All.Select(v => v.Folder + "/"))}). Build the solution (it fetches node-llama-cpp's " +
                $"prebuilt package for this platform by itself) or set {DirectoryVariable} to a folder holding {library}.");
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
                $"No ggml backend could be loaded from '{dir}'. The folder must hold {naming.Backend("ggml-cpu-*")} (or a GPU " +
                "backend); rebuild to fetch them again, or check that the build matches this CPU's architecture.");
        }

        return new LlamaLibraryInfo(dir, devices, LlamaNative.llama_supports_gpu_offload(),
            Marshal.PtrToStringUTF8(LlamaNative.llama_print_system_info()) ?? "",
            [.. problems, .. UnloadedGpuBackends(dir, devices, naming, variant?.CudaMajor ?? 0, new NativeLibraryProbe())]);
    }

    /// <summary>
    /// GPU backends shipped in <paramref name="dir"/> that gave no device: ggml skips a backend it cannot open without
    /// a word, so a CUDA build missing libcudart would otherwise run on the CPU silently. <paramref name="cudaMajor"/> is the
    /// CUDA major version the folder's build needs when known (0 otherwise), named in the fix.
    /// </summary>
    internal static IReadOnlyList<string> UnloadedGpuBackends(string dir, IReadOnlyList<string> devices, NativeLibraryNaming naming,
        int cudaMajor, INativeLibraryProbe probe)
    {
        var cudaRuntime = cudaMajor > 0
            ? $"the CUDA {cudaMajor} runtime (libcudart.so.{cudaMajor}, libcublas.so.{cudaMajor})"
            : "the CUDA runtime the build was made for (libcudart, libcublas)";
        (string Backend, string DevicePrefix, string Runtime)[] gpuBackends =
        [
            ("ggml-cuda", "CUDA", $"{cudaRuntime} and the NVIDIA driver (libcuda.so.1)"),
            ("ggml-vulkan", "Vulkan", "a Vulkan loader (libvulkan.so.1) and the GPU's Vulkan driver"),
        ];
        var problems = new List<string>();
        foreach (var (backend, prefix, runtime) in gpuBackends)
        {
            var path = Path.Combine(dir, naming.Backend(backend));
            if (!File.Exists(path) || devices.Any(d => d.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var why = probe.LoadError(path) is { } error
                ? $"it could not be opened ({error})"
                : "it loaded but found no device (no GPU visible, or the driver is missing)";
            problems.Add($"The {prefix} backend {path} gave no device, so models run on the CPU: {why}. " +
                         $"Install {runtime} (or add its folder to LD_LIBRARY_PATH) and check that the GPU is visible (nvidia-smi).");
        }

        return problems;
    }
}

/// <summary>What was loaded: the folder, the compute devices, the CPU features llama.cpp reports, and GPU backends that failed.</summary>
internal sealed record LlamaLibraryInfo(string Directory, IReadOnlyList<string> Devices, bool SupportsGpuOffload, string SystemInfo,
    IReadOnlyList<string> GpuBackendProblems);
