using System.Globalization;
using System.Runtime.InteropServices;
using M1Parallel.Inference.Models;
using M1Parallel.Inference.Native;

namespace M1Parallel.Inference.Memory;

/// <summary>Finds the device a model will run on and its free memory, without loading any model.</summary>
public static class DeviceMemory
{
    private const int GpuDeviceType = 1; // GGML_BACKEND_DEVICE_TYPE_GPU

    /// <summary>The GPUs' free memory when <paramref name="gpuLayers"/> offloads layers and llama.cpp has a GPU backend
    /// with a device; otherwise the system's available memory.</summary>
    public static MemoryDevice Find(int gpuLayers) => gpuLayers != 0 && Gpus() is { } gpus ? gpus : SystemMemory();

    /// <summary>The system's available memory (<c>MemAvailable</c> of /proc/meminfo, else what .NET reports).</summary>
    public static MemoryDevice SystemMemory()
    {
        const string MemInfo = "/proc/meminfo";
        if (File.Exists(MemInfo) && ParseMemAvailable(File.ReadAllText(MemInfo)) is { } available)
        {
            return new MemoryDevice("system memory", available, IsGpu: false, $"{MemInfo} MemAvailable");
        }

        return new MemoryDevice("system memory", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, IsGpu: false, "the memory .NET may use");
    }

    /// <summary>Bytes of the <c>MemAvailable:</c> line of /proc/meminfo text, or null when it has none.</summary>
    internal static long? ParseMemAvailable(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["MemAvailable:", var kilobytes, "kB"] && long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                return kb * 1024;
            }
        }

        return null;
    }

    // Every GPU ggml found, their free memory summed (llama.cpp splits the layers across them by default).
    private static unsafe MemoryDevice? Gpus()
    {
        try
        {
            LlamaRuntime.Initialize();
        }
        catch (ModelLoadException)
        {
            return null;
        }

        var names = new List<string>();
        long free = 0;
        var count = LlamaNative.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            var device = LlamaNative.ggml_backend_dev_get(i);
            if (LlamaNative.ggml_backend_dev_type(device) != GpuDeviceType)
            {
                continue;
            }

            nuint deviceFree = 0, deviceTotal = 0;
            LlamaNative.ggml_backend_dev_memory(device, &deviceFree, &deviceTotal);
            free += (long)deviceFree;
            names.Add($"{Marshal.PtrToStringUTF8(LlamaNative.ggml_backend_dev_name(device))} ({Marshal.PtrToStringUTF8(LlamaNative.ggml_backend_dev_description(device))})");
        }

        return names.Count == 0 ? null : new MemoryDevice(string.Join(" + ", names), free, IsGpu: true, "ggml_backend_dev_memory");
    }
}
