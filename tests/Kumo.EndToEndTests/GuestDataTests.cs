using System.Security.Cryptography;
using System.Text;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Storage;

namespace Kumo.EndToEndTests;

/// <summary>
/// Real guests reading what Kumo gives them: the config drive (hostname, user data digest, an
/// injected file, keys) and the flavor's ephemeral and swap disks, each printed by the guest's init.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class GuestDataTests
{
    private const string LastMarker = "KUMO-GUEST-NET";
    private const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq+3t/0Ke2e2eTestKeyOnly e2e@kumo";

    [Fact]
    public async Task The_guest_reads_its_hostname_user_data_and_injected_file_from_the_config_drive()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var before = await e2e.InstanceResourcesAsync();
        const string userData = "#!/bin/sh\necho configured by kumo\n";
        var request = new CreateServerRequest("E2E Data Guest", "1", e2e.Image.Id, [],
            new Dictionary<string, string> { ["role"] = "e2e" }, "e2e-key", "Admin-Pass-123")
        {
            KeyData = PublicKey,
            UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(userData)),
            InjectedFiles = [new InjectedFile("/etc/kumo-e2e.txt", Convert.ToBase64String("injected by kumo"u8.ToArray()))],
            ConfigDrive = true,
        };

        var instance = await e2e.BootAsync(request);

        Assert.Equal(VmState.Active, instance.VmState);
        var instanceDir = Path.Combine(e2e.InstancesPath, instance.Uuid.ToString());
        Assert.True(File.Exists(Path.Combine(instanceDir, "disk.config")));
        var xml = GuestConfig.Parse(await File.ReadAllTextAsync(Path.Combine(instanceDir, "libvirt.xml")));
        var drive = xml.Devices.Disks.Single(d => d.Device == DiskDevice.Cdrom);
        Assert.Equal((Path.Combine(instanceDir, "disk.config"), "hdd", DiskBus.Ide), (drive.SourceFile, drive.TargetDev, drive.TargetBus));

        var lines = await ConsoleLinesAsync(e2e, instance);
        Assert.Contains($"KUMO-GUEST-UP hostname=e2e-data-guest uuid={instance.Uuid} disk=yes", lines);
        var data = lines.Single(l => l.StartsWith("KUMO-GUEST-DATA ", StringComparison.Ordinal));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userData)));
        Assert.StartsWith($"KUMO-GUEST-DATA source=config-drive hostname=e2e-data-guest.novalocal uuid={instance.Uuid} user_data_sha256={digest} keys=1 file_path=/etc/kumo-e2e.txt file=injected by kumo", data);
        Assert.Contains("KUMO-GUEST-DISK name=sr0 bytes=", string.Join('\n', lines));

        await e2e.DeleteAsync(instance.Uuid);

        Assert.False(LibvirtCloud.DomainExists(instance.Uuid));
        Assert.False(Directory.Exists(instanceDir));
        Assert.Equal(before, await e2e.InstanceResourcesAsync());
    }

    [Fact]
    public async Task Force_config_drive_gives_every_server_one()
    {
        await using var e2e = await LibvirtCloud.StartAsync(options => options.Libvirt.ForceConfigDrive = true);

        var instance = await e2e.BootAsync("forced");

        var lines = await ConsoleLinesAsync(e2e, instance);
        Assert.Contains($"KUMO-GUEST-UP hostname=forced uuid={instance.Uuid} disk=yes", lines);
        Assert.Contains(lines, l => l.StartsWith($"KUMO-GUEST-DATA source=config-drive hostname=forced.novalocal uuid={instance.Uuid} user_data_sha256=none keys=0 file_path=none", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(e2e.InstancesPath, instance.Uuid.ToString(), "disk.config")));
        // The server view's config_drive says so ("True", as Nova's update_instance sets it).
        Assert.True((await e2e.Cloud.Stores.Instances.GetAsync(instance.Uuid)).ConfigDrive);
    }

    [Fact]
    public async Task A_flavor_with_ephemeral_and_swap_gives_the_guest_vdb_and_vdc_and_delete_leaves_only_the_shared_bases()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        await e2e.Cloud.Stores.Flavors.CreateAsync(new Flavor { Id = "e2e-disks", Name = "e2e.disks", Vcpus = 1, MemoryMb = 512, RootGb = 1, EphemeralGb = 1, SwapMb = 64 });
        var before = await e2e.InstanceResourcesAsync();
        var usedBefore = e2e.Cloud.ComputeManager.Tracker.GetUsage().LocalGbUsed;

        var instance = await e2e.BootAsync(new CreateServerRequest("disks", "e2e-disks", e2e.Image.Id, []));

        Assert.Equal(VmState.Active, instance.VmState);
        var instanceDir = Path.Combine(e2e.InstancesPath, instance.Uuid.ToString());
        var xml = GuestConfig.Parse(await File.ReadAllTextAsync(Path.Combine(instanceDir, "libvirt.xml")));
        Assert.Equal(
            [("vda", "disk"), ("vdb", "disk.local"), ("vdc", "disk.swap")],
            xml.Devices.Disks.Select(d => (d.TargetDev, Path.GetFileName(d.SourceFile!))).ToList());
        Assert.DoesNotContain(xml.Devices.Disks, d => d.Device == DiskDevice.Cdrom);
        var lines = await ConsoleLinesAsync(e2e, instance);
        Assert.Contains("KUMO-GUEST-DISK name=vdb bytes=1073741824", lines);
        Assert.Contains("KUMO-GUEST-DISK name=vdc bytes=67108864", lines);
        Assert.Contains("KUMO-GUEST-DATA source=none", lines);
        // local_gb as Nova counts it: root 1 + ephemeral 1 + swap 64 MB rounded up to 1.
        Assert.Equal(3, e2e.Cloud.ComputeManager.Tracker.GetUsage().LocalGbUsed - usedBefore);
        var bases = Path.Combine(e2e.InstancesPath, ImageCache.SubdirectoryName);
        Assert.True(File.Exists(Path.Combine(bases, BlankBaseCache.EphemeralName(1, "ext4"))));
        Assert.True(File.Exists(Path.Combine(bases, BlankBaseCache.SwapName(64))));

        await e2e.DeleteAsync(instance.Uuid);

        Assert.False(LibvirtCloud.DomainExists(instance.Uuid));
        Assert.False(Directory.Exists(instanceDir));
        Assert.Equal(before, await e2e.InstanceResourcesAsync());
        // The blank bases belong to the host's cache, like images, and stay for the next boot.
        Assert.True(File.Exists(Path.Combine(bases, BlankBaseCache.SwapName(64))));
        Assert.Equal(0, e2e.Cloud.ComputeManager.Tracker.GetUsage().Instances);
    }

    /// <summary>The console's lines up to the last marker (so every marker line before it is whole), without the serial's \r.</summary>
    private static async Task<IReadOnlyList<string>> ConsoleLinesAsync(LibvirtCloud e2e, Instance instance)
    {
        var console = await InstanceWaiter.WaitForConsoleAsync(
            () => e2e.Cloud.Api.GetConsoleOutputAsync(e2e.NewRequest(), instance.Uuid), LastMarker, LibvirtCloud.BootTimeout);
        return [.. console.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("KUMO-GUEST-", StringComparison.Ordinal))];
    }
}
