using M1Parallel.MagenticOne.Agents.Terminal;
using M1Parallel.MagenticOne.Tests.TestDoubles;

namespace M1Parallel.MagenticOne.Tests.Agents.Terminal;

public sealed class PidsCgroupTests : IDisposable
{
    private const string V1Mounts = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void FindParent_V1PidsHierarchy_IsThisProcesssCgroupThere()
    {
        var parent = PidsCgroup.FindParent(V1Mounts, "8:pids:/batch/job7\n4:memory:/x\n0::/\n", out _);

        Assert.Equal("/sys/fs/cgroup/pids/batch/job7", parent);
    }

    [Fact]
    public void FindParent_V1MountedAtAContainersCgroup_IsRelativeToTheMountRoot()
    {
        const string mounts = "39 31 0:36 /docker/abc /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n";

        var parent = PidsCgroup.FindParent(mounts, "8:pids:/docker/abc/inner\n", out _);

        Assert.Equal("/sys/fs/cgroup/pids/inner", parent);
    }

    [Fact]
    public void FindParent_V2WithPidsEnabledForChildren_IsThisProcesssCgroup()
    {
        var mount = Path.Combine(_folder.Path, "cg two");
        _folder.Write("cg two/team/cgroup.subtree_control", "cpu pids\n");
        var mounts = $"41 31 0:38 / {mount.Replace(" ", "\\040", StringComparison.Ordinal)} rw - cgroup2 cgroup2 rw\n";

        var parent = PidsCgroup.FindParent(mounts, "0::/team\n", out var reason);

        Assert.Equal(Path.Combine(mount, "team"), parent);
        Assert.Empty(reason);
    }

    [Fact]
    public void FindParent_NoPidsHierarchy_IsNullWithTheReason()
    {
        const string mounts = "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";

        var parent = PidsCgroup.FindParent(mounts, "4:memory:/\n", out var reason);

        Assert.Null(parent);
        Assert.Contains("no pids cgroup", reason);
    }

    [Fact]
    public void RemoveStale_EmptyCgroupOfAProcessNoLongerRunning_IsRemovedAndALiveOnesIsKept()
    {
        var stale = Directory.CreateDirectory(Path.Combine(_folder.Path, "m1p-999999999-0123abcd")).FullName;
        var live = Directory.CreateDirectory(Path.Combine(_folder.Path, $"m1p-{Environment.ProcessId}-0123abcd")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(_folder.Path, "someone-else-999999999-x")).FullName;

        PidsCgroup.RemoveStale(_folder.Path);

        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(other));
    }

    [Fact]
    public void TryCreate_FolderWithoutThePidsController_IsNullAndLeavesNoFolder()
    {
        var cgroup = PidsCgroup.TryCreate(_folder.Path, "m1p-test", 10, out var reason);

        Assert.Null(cgroup);
        Assert.Contains("pids controller", reason);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "m1p-test")));
    }
}
