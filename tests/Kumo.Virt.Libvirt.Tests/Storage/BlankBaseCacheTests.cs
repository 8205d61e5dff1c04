using System.Diagnostics;
using Kumo.Common.Processes;
using Kumo.Objects.Images;
using Kumo.Virt.Libvirt.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.Storage;

/// <summary>Blank ephemeral and swap bases made with the real mkfs and mkswap on plain files, and the overlays on them.</summary>
public sealed class BlankBaseCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly RecordingCommandRunner _runner = new(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly BlankBaseCache _cache;

    public BlankBaseCacheTests() => _cache = new BlankBaseCache(_temp.Path, _runner, _clock);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_ephemeral_base_is_ext4_labelled_ephemeral0_under_novas_name()
    {
        var path = await _cache.EnsureEphemeralAsync(1, "ext4");

        Assert.Equal(_temp.Combine("_base", BlankBaseCache.EphemeralName(1, "ext4")), path);
        Assert.Matches("^ephemeral_1_[0-9a-f]{7}$", Path.GetFileName(path));
        Assert.Equal(1L << 30, new FileInfo(path).Length);
        var probe = Blkid(path);
        Assert.Contains("TYPE=\"ext4\"", probe);
        Assert.Contains("LABEL=\"ephemeral0\"", probe);
    }

    [Fact]
    public async Task The_swap_base_is_made_by_mkswap_and_named_by_its_size()
    {
        var path = await _cache.EnsureSwapAsync(64);

        Assert.Equal("swap_64", Path.GetFileName(path));
        Assert.Equal(64L << 20, new FileInfo(path).Length);
        Assert.Contains("TYPE=\"swap\"", Blkid(path));
    }

    [Fact]
    public async Task A_base_is_made_once_and_shared()
    {
        var first = await _cache.EnsureSwapAsync(32);
        var second = await _cache.EnsureSwapAsync(32);

        Assert.Equal(first, second);
        Assert.Single(_runner.Commands, c => c.FileName == "mkswap");
    }

    [Fact]
    public void Formats_never_share_a_base()
    {
        Assert.NotEqual(BlankBaseCache.EphemeralName(1, "ext4"), BlankBaseCache.EphemeralName(1, "xfs"));
    }

    [Fact]
    public async Task Unused_bases_age_out_and_used_or_young_ones_stay()
    {
        var swap = await _cache.EnsureSwapAsync(16);
        var ephemeral = await _cache.EnsureEphemeralAsync(1, "ext4");
        _clock.Advance(TimeSpan.FromHours(25));
        var young = await _cache.EnsureSwapAsync(8);

        var removed = _cache.RemoveUnused(new HashSet<string> { BlankBaseCache.EphemeralName(1, "ext4") }, TimeSpan.FromHours(24));

        Assert.Equal([swap], removed);
        Assert.True(File.Exists(ephemeral));
        Assert.True(File.Exists(young));
        Assert.Equal([ephemeral, young], _cache.ListCached().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_instance_gets_qcow2_overlays_of_the_bases_named_disk_local_and_disk_swap()
    {
        var builder = new DiskBuilder(_runner, NullLogger<DiskBuilder>.Instance);
        var image = _temp.Combine("image.qcow2");
        await _runner.RunAsync(new CommandSpec("qemu-img", "create", "-q", "-f", "qcow2", image, "16M"));
        var instanceDir = _temp.Combine(Guid.NewGuid().ToString());

        var disks = await builder.CreateAsync(new DiskBuildRequest
        {
            InstanceDir = instanceDir,
            Image = new ImageMeta { Id = Guid.NewGuid(), Name = "i", DiskFormat = "qcow2" },
            ImageBasePath = image,
            RootGb = 1,
            EphemeralBasePath = await _cache.EnsureEphemeralAsync(1, "ext4"),
            EphemeralGb = 1,
            SwapBasePath = await _cache.EnsureSwapAsync(64),
            SwapMb = 64,
        });

        Assert.Equal(Path.Combine(instanceDir, "disk.local"), disks.Ephemeral);
        Assert.Equal(Path.Combine(instanceDir, "disk.swap"), disks.Swap);
        var qemuImg = new QemuImg(_runner);
        var ephemeral = await qemuImg.InfoAsync(disks.Ephemeral!, "qcow2");
        Assert.Equal((1L << 30, "raw", _temp.Combine("_base", BlankBaseCache.EphemeralName(1, "ext4"))), (ephemeral.VirtualSize, ephemeral.BackingFormat, ephemeral.BackingFilename));
        var swap = await qemuImg.InfoAsync(disks.Swap!, "qcow2");
        Assert.Equal((64L << 20, "raw"), (swap.VirtualSize, swap.BackingFormat));
    }

    private static string Blkid(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("blkid", ["-p", path]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
