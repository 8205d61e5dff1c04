using Kumo.Deployment.AllInOne;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Host;
using Kumo.Virt.Libvirt.Storage;

namespace Kumo.EndToEndTests;

/// <summary>Real libvirtd, real QEMU: the seed's whole flow, then a delete that leaves nothing.</summary>
[Trait("Category", "EndToEnd")]
public sealed class BootRealGuestTests
{
    [Fact]
    public async Task A_server_boots_a_real_guest_that_prints_its_marker_and_delete_leaves_nothing_behind()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var before = await e2e.InstanceResourcesAsync();

        var instance = await e2e.BootAsync("e2e-guest");

        Assert.Equal(VmState.Active, instance.VmState);
        Assert.Equal(PowerState.Running, instance.PowerState);
        Assert.Null(await e2e.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));
        Assert.True(LibvirtCloud.DomainExists(instance.Uuid));
        var during = await e2e.Inventory.ListAsync();
        Assert.Equal(["domain", "instance-dir"], during.Where(e => e.Resource.InstanceUuid == instance.Uuid).Select(e => e.Resource.Kind).Order());
        Assert.DoesNotContain(during, e => e.Orphaned);

        var instanceDir = Path.Combine(e2e.InstancesPath, instance.Uuid.ToString());
        var xml = GuestConfig.Parse(await File.ReadAllTextAsync(Path.Combine(instanceDir, "libvirt.xml")));
        Assert.Equal(instance.Uuid, xml.Uuid);
        Assert.True(File.Exists(Path.Combine(instanceDir, "disk")));

        // The guest's own words: its init ran, it sees its root disk, and it is this instance (SMBIOS uuid).
        var console = await InstanceWaiter.WaitForConsoleAsync(
            () => e2e.Cloud.Api.GetConsoleOutputAsync(e2e.NewRequest(), instance.Uuid), GuestImages.ConsoleMarker, LibvirtCloud.BootTimeout);
        var marker = console.Split('\n').First(l => l.Contains(GuestImages.ConsoleMarker));
        Assert.Contains($"uuid={instance.Uuid}", marker);
        Assert.Contains("disk=yes", marker);

        await e2e.DeleteAsync(instance.Uuid);

        Assert.False(LibvirtCloud.DomainExists(instance.Uuid));
        Assert.False(Directory.Exists(instanceDir));
        var deleted = await e2e.Cloud.Stores.Instances.GetAsync(instance.Uuid, readDeleted: true);
        Assert.Equal(VmState.Deleted, deleted.VmState);
        Assert.Equal(0, e2e.Cloud.ComputeManager.Tracker.GetUsage().Instances);
        Assert.Equal(before, await e2e.InstanceResourcesAsync());
        // The cached base stays for the next boot (Nova's image cache); only the instance's own files go.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(e2e.InstancesPath, ImageCache.SubdirectoryName)));
    }

    [Fact]
    public async Task An_image_whose_data_does_not_match_its_checksum_ends_in_error_with_a_fault_and_leaks_nothing()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var guestDir = GuestImages.DefaultDirectory();
        var bad = await GuestImages.UploadAsync(e2e.Cloud.Images, "corrupted", "qcow2", "bare", Path.Combine(guestDir, "root.qcow2"),
            e2e.Image.Properties);
        // Bit rot in the image store after upload: the compute host must notice when it fetches.
        var stored = Path.Combine(e2e.Cloud.Options.ImagesPath, bad.Id.ToString());
        await using (var file = new FileStream(stored, FileMode.Open, FileAccess.Write))
        {
            file.Seek(-1, SeekOrigin.End);
            file.WriteByte(0x5a);
        }

        var instance = await e2e.BootAsync("bad-checksum", bad);

        Assert.Equal(VmState.Error, instance.VmState);
        Assert.Null(instance.TaskState);
        var fault = await e2e.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.NotNull(fault);
        Assert.Contains("checksum", fault.Message);
        Assert.Equal(400, fault.Code);
        Assert.False(LibvirtCloud.DomainExists(instance.Uuid));
        Assert.False(Directory.Exists(Path.Combine(e2e.InstancesPath, instance.Uuid.ToString())));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(e2e.InstancesPath, ImageCache.SubdirectoryName)),
            f => Path.GetFileName(f).StartsWith(ImageCache.FileNameFor(bad.Id), StringComparison.Ordinal));
        Assert.Equal(0, e2e.Cloud.ComputeManager.Tracker.GetUsage().Instances);
    }

    [Fact]
    public async Task A_guest_qemu_cannot_start_gives_a_fault_with_libvirt_message_and_no_domain_left_defined()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        // QEMU runs as libvirt-qemu, which cannot traverse a 0700 folder: the create fails inside QEMU,
        // after the define succeeded (the case Nova reports as "Exceeded maximum number of retries").
        File.SetUnixFileMode(e2e.StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var instance = await e2e.BootAsync("cannot-start");

        Assert.Equal(VmState.Error, instance.VmState);
        var fault = await e2e.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.NotNull(fault);
        Assert.Contains("Failed to start domain", fault.Message);
        Assert.Contains("Permission denied", fault.Message);
        Assert.False(LibvirtCloud.DomainExists(instance.Uuid));
        Assert.False(Directory.Exists(Path.Combine(e2e.InstancesPath, instance.Uuid.ToString())));
        Assert.Equal(0, e2e.Cloud.ComputeManager.Tracker.GetUsage().Instances);
        // The conductor's schedule event succeeded; the compute host's build event carries the failure.
        var buildEvent = (await e2e.Cloud.Stores.InstanceActions.ListAsync(instance.Uuid)).Single().Events.Single(e => e.Event == Kumo.Compute.Manager.ComputeManager.BuildEvent);
        Assert.Equal("Error", buildEvent.Result);
    }

    [Fact]
    public async Task A_guest_destroyed_outside_kumo_shows_shutoff_through_libvirt_events()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var instance = await e2e.BootAsync("out-of-band");
        Assert.Equal(VmState.Active, instance.VmState);

        using (var connection = LibvirtConnection.Open("qemu:///system"))
        using (var domain = connection.LookupByUuid(instance.Uuid))
        {
            domain.Destroy(); // what an operator's `virsh destroy` does
        }

        // No periodic sync runs within this window (600 s): only the lifecycle event can explain the change.
        var current = await WaitForVmStateAsync(e2e, instance.Uuid, VmState.Stopped);
        Assert.Equal(PowerState.Shutdown, current.PowerState);

        await e2e.DeleteAsync(instance.Uuid);
        Assert.False(LibvirtCloud.DomainExists(instance.Uuid));
    }

    [Fact]
    public async Task The_compute_service_outlives_a_libvirtd_restart_and_keeps_receiving_events()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var instance = await e2e.BootAsync("survivor");
        Assert.Equal(VmState.Active, instance.VmState);
        var driver = (Kumo.Virt.Libvirt.Driver.LibvirtDriver)e2e.Cloud.ComputeManager.Driver;
        var generation = driver.ConnectionGeneration;

        await LibvirtDaemon.RestartAsync();

        // No call of ours in between: the driver must notice the dead connection itself, reconnect and
        // re-register for events, or this out-of-band destroy would only be seen by the 600 s sync.
        using (var connection = LibvirtConnection.Open("qemu:///system"))
        using (var domain = connection.LookupByUuid(instance.Uuid))
        {
            Assert.Equal(DomainState.Running, domain.GetState().State); // the guest survived the restart
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (driver.ConnectionGeneration == generation)
            {
                Assert.True(DateTime.UtcNow < deadline, "the driver never reconnected on its own");
                await Task.Delay(100);
            }
            domain.Destroy();
        }
        var stopped = await WaitForVmStateAsync(e2e, instance.Uuid, VmState.Stopped);
        Assert.Equal(PowerState.Shutdown, stopped.PowerState);
        Assert.Null(await e2e.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid));

        await e2e.DeleteAsync(instance.Uuid);
        Assert.False(LibvirtCloud.DomainExists(instance.Uuid));
        Assert.Empty(await e2e.InstanceResourcesAsync());
    }

    private static Task<Instance> WaitForVmStateAsync(LibvirtCloud e2e, Guid uuid, VmState state) =>
        InstanceWaiter.WaitForAsync(e2e.Cloud.Stores.Instances, uuid, i => i.VmState == state, $"become {state}", TimeSpan.FromSeconds(30), pollInterval: TimeSpan.FromMilliseconds(50));

    [Fact]
    public async Task The_libvirt_driver_powers_a_real_guest_off_cleanly_on_again_and_hard_reboots_it()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var instance = await e2e.BootAsync("power");
        var driver = e2e.Cloud.ComputeManager.Driver;
        await InstanceWaiter.WaitForConsoleAsync(() => driver.GetConsoleOutputAsync(instance), GuestImages.ConsoleMarker, LibvirtCloud.BootTimeout);

        // The guest's acpid answers the ACPI power button, so this is a clean shutdown, not a destroy.
        await driver.PowerOffAsync(instance, TimeSpan.FromSeconds(60));
        Assert.Equal(PowerState.Shutdown, (await driver.GetInfoAsync(instance)).State);
        using (var connection = LibvirtConnection.Open("qemu:///system"))
        using (var domain = connection.LookupByUuid(instance.Uuid))
        {
            const int shutoffReasonShutdown = 1; // VIR_DOMAIN_SHUTOFF_SHUTDOWN; DESTROYED is 2
            Assert.Equal((DomainState.Shutoff, shutoffReasonShutdown), domain.GetState());
        }

        await driver.PowerOnAsync(instance, Kumo.Objects.Network.NetworkInfo.Empty);
        Assert.Equal(PowerState.Running, (await driver.GetInfoAsync(instance)).State);

        // Let the powered-on guest boot (TCG burns CPU seconds), then hard reboot: a new QEMU starts from zero CPU time.
        await InstanceWaiter.WaitForConsoleAsync(() => driver.GetConsoleOutputAsync(instance), GuestImages.ConsoleMarker, LibvirtCloud.BootTimeout);
        var beforeReboot = await driver.GetInfoAsync(instance);
        await driver.RebootAsync(instance, Kumo.Objects.Network.NetworkInfo.Empty, hard: true);
        var afterReboot = await driver.GetInfoAsync(instance);
        Assert.Equal(PowerState.Running, afterReboot.State);
        Assert.True(afterReboot.CpuTimeNs < beforeReboot.CpuTimeNs,
            $"CPU time {afterReboot.CpuTimeNs} ns after the hard reboot is not below {beforeReboot.CpuTimeNs} ns: the guest did not restart");
        await e2e.DeleteAsync(instance.Uuid);
        Assert.False(LibvirtCloud.DomainExists(instance.Uuid));
    }
}
