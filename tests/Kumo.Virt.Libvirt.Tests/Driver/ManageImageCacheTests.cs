using Kumo.Common.Processes;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Designer;
using Kumo.Virt.Libvirt.Driver;
using Kumo.Virt.Libvirt.Storage;
using Kumo.Virt.Libvirt.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Virt.Libvirt.Tests.Driver;

/// <summary>
/// Which cached bases the driver keeps: an instance's root image and, for direct kernel boot, its
/// kernel and ramdisk images. Removing a base under a running overlay breaks its next power-on.
/// </summary>
public sealed class ManageImageCacheTests : IDisposable
{
    private readonly TempDirectory _instances = new();
    private readonly FakeImageService _images = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ImageCache _cache;
    private readonly LibvirtDriver _driver;

    public ManageImageCacheTests()
    {
        _cache = new ImageCache(_instances.Path, _images, _clock, NullLogger<ImageCache>.Instance);
        _driver = new LibvirtDriver(new LibvirtOptions { InstancesPath = _instances.Path }, _images, _cache,
            new DiskBuilder(new RecordingCommandRunner(), NullLogger<DiskBuilder>.Instance), new DomainDesigner(new DomainDesignerOptions()),
            NullLogger<LibvirtDriver>.Instance);
    }

    private static Instance InstanceOf(Guid imageId) => new()
    {
        Uuid = Guid.NewGuid(), DisplayName = "i", Hostname = "i", ProjectId = "p", UserId = "u", ImageRef = imageId,
        Flavor = new Flavor { Id = "1", Name = "m1.tiny", Vcpus = 1, MemoryMb = 512, RootGb = 1 },
    };

    [Fact]
    public async Task A_kernel_boot_instance_keeps_its_root_kernel_and_ramdisk_bases_and_nothing_else()
    {
        var kernel = _images.Add([1], "aki");
        var ramdisk = _images.Add([2], "ari");
        var root = _images.Add([3], "qcow2", properties: new Dictionary<string, string>
        {
            ["kernel_id"] = kernel.Id.ToString(),
            ["ramdisk_id"] = ramdisk.Id.ToString(),
        });
        var unused = _images.Add([4]);
        foreach (var image in new[] { kernel, ramdisk, root, unused })
        {
            await _cache.FetchAsync(image);
        }
        _clock.Advance(TimeSpan.FromHours(25));
        File.SetLastWriteTimeUtc(_cache.PathFor(unused.Id), _clock.GetUtcNow().UtcDateTime.AddHours(-25));
        foreach (var image in new[] { kernel, ramdisk, root })
        {
            File.SetLastWriteTimeUtc(_cache.PathFor(image.Id), _clock.GetUtcNow().UtcDateTime.AddHours(-25));
        }

        var removed = await _driver.ManageImageCacheAsync([InstanceOf(root.Id)], TimeSpan.FromHours(24));

        Assert.Equal([_cache.PathFor(unused.Id)], removed);
        Assert.All(new[] { kernel, ramdisk, root }, image => Assert.True(File.Exists(_cache.PathFor(image.Id))));

        // The root image deleted from the image service: its base stays while an instance names it; the
        // kernel and ramdisk can no longer be traced (instances hold their own copies of those).
        await _images.DeleteAsync(root.Id);
        var afterDelete = await _driver.ManageImageCacheAsync([InstanceOf(root.Id)], TimeSpan.FromHours(24));
        Assert.Equal(new[] { _cache.PathFor(kernel.Id), _cache.PathFor(ramdisk.Id) }.Order(StringComparer.Ordinal), afterDelete.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(_cache.PathFor(root.Id)));

        // No instance left: the last base ages out too.
        Assert.Equal([_cache.PathFor(root.Id)], await _driver.ManageImageCacheAsync([], TimeSpan.FromHours(24)));
    }

    [Fact]
    public async Task Blank_bases_stay_while_an_instance_flavor_needs_them_and_age_out_after()
    {
        var root = _images.Add([3], "qcow2");
        var basePath = Path.Combine(_instances.Path, ImageCache.SubdirectoryName);
        Directory.CreateDirectory(basePath);
        var old = _clock.GetUtcNow().UtcDateTime.AddHours(-25);
        foreach (var name in new[] { BlankBaseCache.EphemeralName(1, "ext4"), BlankBaseCache.SwapName(64), BlankBaseCache.SwapName(128) })
        {
            var file = Path.Combine(basePath, name);
            await File.WriteAllBytesAsync(file, [0]);
            File.SetLastWriteTimeUtc(file, old);
        }
        var withDisks = InstanceOf(root.Id);
        withDisks.Flavor = withDisks.Flavor with { EphemeralGb = 1, SwapMb = 64 };

        var removed = await _driver.ManageImageCacheAsync([withDisks], TimeSpan.FromHours(24));

        Assert.Equal([Path.Combine(basePath, BlankBaseCache.SwapName(128))], removed);
        Assert.True(File.Exists(Path.Combine(basePath, BlankBaseCache.EphemeralName(1, "ext4"))));
        Assert.True(File.Exists(Path.Combine(basePath, BlankBaseCache.SwapName(64))));
        Assert.Equal(2, (await _driver.ManageImageCacheAsync([], TimeSpan.FromHours(24))).Count);
    }

    public void Dispose()
    {
        _driver.Dispose();
        _instances.Dispose();
    }
}
