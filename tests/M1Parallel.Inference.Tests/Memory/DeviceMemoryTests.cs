using M1Parallel.Inference.Memory;

namespace M1Parallel.Inference.Tests.Memory;

public sealed class DeviceMemoryTests
{
    [Fact]
    public void ParseMemAvailable_ProcMeminfoText_ReadsTheAvailableBytes()
    {
        const string MemInfo = "MemTotal:       131072000 kB\nMemFree:         1000000 kB\nMemAvailable:   98765432 kB\nBuffers:          12 kB\n";

        Assert.Equal(98765432L * 1024, DeviceMemory.ParseMemAvailable(MemInfo));
    }

    [Fact]
    public void ParseMemAvailable_NoSuchLine_IsNull()
    {
        Assert.Null(DeviceMemory.ParseMemAvailable("MemTotal: 1 kB\n"));
    }

    [Fact]
    public void Find_NoGpuLayers_IsSystemMemoryWithSomethingFree()
    {
        var device = DeviceMemory.Find(gpuLayers: 0);

        Assert.False(device.IsGpu);
        Assert.True(device.FreeBytes > 0);
    }
}
