using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Deployment.AllInOne;
using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Config;
using Kumo.Virt.Libvirt.Host;
using Kumo.Virt.Libvirt.Storage;

namespace Kumo.EndToEndTests;

/// <summary>Real libvirtd, real QEMU, driven through the REST API: the seed's whole flow, then a delete that leaves nothing.</summary>
[Trait("Category", "EndToEnd")]
public sealed class BootRealGuestTests
{
    [Fact]
    public async Task A_server_boots_a_real_guest_that_prints_its_marker_and_delete_leaves_nothing_behind()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var client = await e2e.AdminClientAsync();
        var before = await e2e.InstanceResourcesAsync();

        var (id, server) = await client.BootAsync("e2e-guest", e2e.Image.Id);

        Assert.Equal("ACTIVE", (string?)server["status"]);
        Assert.Equal((int)PowerState.Running, (int?)server["OS-EXT-STS:power_state"]);
        Assert.Null(server["fault"]);
        Assert.True(LibvirtCloud.DomainExists(id));
        var during = await e2e.Inventory.ListAsync();
        Assert.Equal(["domain", "instance-dir"], during.Where(e => e.Resource.InstanceUuid == id).Select(e => e.Resource.Kind).Order());
        Assert.DoesNotContain(during, e => e.Orphaned);

        var instanceDir = Path.Combine(e2e.InstancesPath, id.ToString());
        var xml = GuestConfig.Parse(await File.ReadAllTextAsync(Path.Combine(instanceDir, "libvirt.xml")));
        Assert.Equal(id, xml.Uuid);
        Assert.True(File.Exists(Path.Combine(instanceDir, "disk")));

        // The guest's own words: its init ran, it sees its root disk, and it is this instance (SMBIOS uuid).
        var console = await client.WaitForConsoleAsync(id, GuestImages.ConsoleMarker, LibvirtCloud.BootTimeout);
        var marker = console.Split('\n').First(l => l.Contains(GuestImages.ConsoleMarker));
        Assert.Contains($"uuid={id}", marker);
        Assert.Contains("disk=yes", marker);

        await ServerRequests.DeleteAsync(client, id);

        Assert.False(LibvirtCloud.DomainExists(id));
        Assert.False(Directory.Exists(instanceDir));
        var deleted = await e2e.Stores.Instances.GetAsync(id, readDeleted: true);
        Assert.Equal(VmState.Deleted, deleted.VmState);
        Assert.Equal(0, e2e.ComputeManager.Tracker.GetUsage().Instances);
        Assert.Equal(before, await e2e.InstanceResourcesAsync());
        // The cached base stays for the next boot (Nova's image cache); only the instance's own files go.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(e2e.InstancesPath, ImageCache.SubdirectoryName)));
    }

    [Fact]
    public async Task An_image_whose_data_does_not_match_its_checksum_ends_in_error_with_a_fault_and_leaks_nothing()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var client = await e2e.AdminClientAsync();
        var guestDir = GuestImages.DefaultDirectory();
        var bad = await GuestImages.UploadAsync(e2e.Host.Shared.Images, "corrupted", "qcow2", "bare", Path.Combine(guestDir, "root.qcow2"),
            e2e.Image.Properties);
        // Bit rot in the image store after upload: the compute host must notice when it fetches.
        var stored = Path.Combine(e2e.Options.ImagesPath, bad.Id.ToString());
        await using (var file = new FileStream(stored, FileMode.Open, FileAccess.Write))
        {
            file.Seek(-1, SeekOrigin.End);
            file.WriteByte(0x5a);
        }

        var (id, server) = await client.BootAsync("bad-checksum", bad.Id);

        Assert.Equal("ERROR", (string?)server["status"]);
        Assert.Null(server["OS-EXT-STS:task_state"]);
        var fault = server["fault"]!;
        Assert.Contains("checksum", (string?)fault["message"]);
        Assert.Equal(400, (int?)fault["code"]);
        Assert.False(LibvirtCloud.DomainExists(id));
        Assert.False(Directory.Exists(Path.Combine(e2e.InstancesPath, id.ToString())));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(e2e.InstancesPath, ImageCache.SubdirectoryName)),
            f => Path.GetFileName(f).StartsWith(ImageCache.FileNameFor(bad.Id), StringComparison.Ordinal));
        Assert.Equal(0, e2e.ComputeManager.Tracker.GetUsage().Instances);
    }

    [Fact]
    public async Task A_guest_qemu_cannot_start_gives_a_fault_with_libvirt_message_and_no_domain_left_defined()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var client = await e2e.AdminClientAsync();
        // QEMU runs as libvirt-qemu, which cannot traverse a 0700 folder: the create fails inside QEMU,
        // after the define succeeded (the case Nova reports as "Exceeded maximum number of retries").
        File.SetUnixFileMode(e2e.StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (id, server) = await client.BootAsync("cannot-start", e2e.Image.Id);

        Assert.Equal("ERROR", (string?)server["status"]);
        var message = (string?)server["fault"]?["message"];
        Assert.Contains("Failed to start domain", message);
        Assert.Contains("Permission denied", message);
        Assert.False(LibvirtCloud.DomainExists(id));
        Assert.False(Directory.Exists(Path.Combine(e2e.InstancesPath, id.ToString())));
        Assert.Equal(0, e2e.ComputeManager.Tracker.GetUsage().Instances);
        // The conductor's schedule event succeeded; the compute host's build event carries the failure.
        var actions = await client.GetFromJsonAsync<JsonObject>($"/compute/v2.1/servers/{id}/os-instance-actions");
        var create = await client.GetFromJsonAsync<JsonObject>($"/compute/v2.1/servers/{id}/os-instance-actions/{actions!["instanceActions"]![0]!["request_id"]}");
        var buildEvent = create!["instanceAction"]!["events"]!.AsArray().Single(e => (string?)e!["event"] == Kumo.Compute.Manager.ComputeManager.BuildEvent)!;
        Assert.Equal("Error", (string?)buildEvent["result"]);
    }

    [Fact]
    public async Task A_guest_destroyed_outside_kumo_shows_shutoff_through_libvirt_events()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var client = await e2e.AdminClientAsync();
        var (id, server) = await client.BootAsync("out-of-band", e2e.Image.Id);
        Assert.Equal("ACTIVE", (string?)server["status"]);

        using (var connection = LibvirtConnection.Open("qemu:///system"))
        using (var domain = connection.LookupByUuid(id))
        {
            domain.Destroy(); // what an operator's `virsh destroy` does
        }

        // No periodic sync runs within this window (600 s): only the lifecycle event can explain the change.
        var current = await WaitForShutoffAsync(client, id);
        Assert.Equal((int)PowerState.Shutdown, (int?)current["OS-EXT-STS:power_state"]);

        await ServerRequests.DeleteAsync(client, id);
        Assert.False(LibvirtCloud.DomainExists(id));
    }

    private static Task<JsonObject> WaitForShutoffAsync(HttpClient client, Guid id, TimeSpan? timeout = null) =>
        client.WaitForAsync(id, s => (string?)s["status"] == "SHUTOFF" && s["OS-EXT-STS:task_state"] is null, "become SHUTOFF", timeout ?? TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Stop_start_and_hard_reboot_through_the_API_shut_a_real_guest_down_cleanly_and_restart_it()
    {
        await using var e2e = await LibvirtCloud.StartAsync();
        var client = await e2e.AdminClientAsync();
        var (id, _) = await client.BootAsync("power", e2e.Image.Id);
        await client.WaitForConsoleAsync(id, GuestImages.ConsoleMarker, LibvirtCloud.BootTimeout);

        // The guest's acpid answers the ACPI power button, so os-stop is a clean shutdown, not a destroy.
        await client.ActAsync(id, "os-stop");
        await WaitForShutoffAsync(client, id, LibvirtCloud.BootTimeout);
        using (var connection = LibvirtConnection.Open("qemu:///system"))
        using (var domain = connection.LookupByUuid(id))
        {
            const int shutoffReasonShutdown = 1; // VIR_DOMAIN_SHUTOFF_SHUTDOWN; DESTROYED is 2
            Assert.Equal((DomainState.Shutoff, shutoffReasonShutdown), domain.GetState());
        }

        await client.ActAsync(id, "os-start");
        var started = await WaitForActiveAsync(client, id);
        Assert.Equal((int)PowerState.Running, (int?)started["OS-EXT-STS:power_state"]);

        // Let the powered-on guest boot (TCG burns CPU seconds), then hard reboot: a new QEMU starts from zero CPU time.
        await client.WaitForConsoleAsync(id, GuestImages.ConsoleMarker, LibvirtCloud.BootTimeout);
        var instance = await e2e.Stores.Instances.GetAsync(id);
        var beforeReboot = await e2e.ComputeManager.Driver.GetInfoAsync(instance);
        await client.ActAsync(id, "reboot", new JsonObject { ["type"] = "HARD" });
        var rebooted = await WaitForActiveAsync(client, id);
        Assert.Equal((int)PowerState.Running, (int?)rebooted["OS-EXT-STS:power_state"]);
        var afterReboot = await e2e.ComputeManager.Driver.GetInfoAsync(instance);
        Assert.True(afterReboot.CpuTimeNs < beforeReboot.CpuTimeNs,
            $"CPU time {afterReboot.CpuTimeNs} ns after the hard reboot is not below {beforeReboot.CpuTimeNs} ns: the guest did not restart");
        await ServerRequests.DeleteAsync(client, id);
        Assert.False(LibvirtCloud.DomainExists(id));
    }

    private static Task<JsonObject> WaitForActiveAsync(HttpClient client, Guid id) =>
        client.WaitForAsync(id, s => (string?)s["status"] == "ACTIVE" && s["OS-EXT-STS:task_state"] is null, "become ACTIVE", LibvirtCloud.BootTimeout);
}
