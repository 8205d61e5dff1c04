using Kumo.Compute.Tests.Support;
using Kumo.Db;
using Kumo.Objects.Flavors;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Manager;

/// <summary>What a compute restart does with work a previous run left half done.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_delete_interrupted_by_a_restart_is_finished_at_start()
    {
        var driver = new FakeDriver();
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-test-" + Guid.NewGuid().ToString("N")[..12]);
        Guid uuid;
        await using (var first = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir))
        {
            uuid = (await first.BootAsync()).Uuid;
            await first.StopAsync();
            // The crash: the API marked it deleting, the terminate cast died with the process.
            await using var stores = await KumoStores.OpenSqliteAsync(first.Cloud.Options.DatabasePath);
            var instance = await stores.Instances.GetAsync(uuid);
            instance.TaskState = TaskState.Deleting;
            await stores.Instances.SaveAsync(instance);
            await using var second = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, configure: o => o.Database = first.Cloud.Options.DatabasePath);

            Assert.Null(await second.Cloud.Stores.Instances.TryGetAsync(uuid));
            Assert.Equal(VmState.Deleted, (await second.Cloud.Stores.Instances.GetAsync(uuid, readDeleted: true)).VmState);
            Assert.Equal(0, driver.GuestCount);
            Assert.Equal(0, second.Cloud.ComputeManager.Tracker.GetUsage().Instances);
        }
    }

    // Nova's _init_instance plugs again what a host reboot removed (qbr, qvb/qvo); the guest's tap
    // would otherwise hang from nothing until someone stops and starts the server.
    [Fact]
    public async Task A_restart_plugs_the_vifs_of_the_servers_on_its_host_again()
    {
        var driver = new FakeDriver();
        var network = new Kumo.Network.Fake.FakeNetworkApi();
        var networkId = network.AddNetwork("private");
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-test-" + Guid.NewGuid().ToString("N")[..12]);
        await using var first = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, network: network);
        var withPort = await first.BootAsync("with-port", networks: [new RequestedNetwork(networkId)]);
        var without = await first.BootAsync("without", networks: []);
        var port = Assert.Single((await network.GetInstanceNetworkInfoAsync(withPort)).Vifs).PortId;
        Assert.Empty(driver.PluggedPorts);
        await first.StopAsync();

        await using var second = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, network: network,
            configure: o => o.Database = first.Cloud.Options.DatabasePath);

        Assert.Equal([port], driver.PluggedPorts[withPort.Uuid]);
        Assert.False(driver.PluggedPorts.ContainsKey(without.Uuid));
        Assert.Equal(VmState.Active, (await second.Cloud.Stores.Instances.GetAsync(withPort.Uuid)).VmState);
    }

    [Fact]
    public async Task The_guest_of_an_instance_deleted_behind_the_compute_service_is_reaped_at_start()
    {
        var driver = new FakeDriver();
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-test-" + Guid.NewGuid().ToString("N")[..12]);
        await using var first = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir);
        var deleted = await first.BootAsync("deleted");
        var kept = await first.BootAsync("kept");
        await first.StopAsync();
        await using (var stores = await KumoStores.OpenSqliteAsync(first.Cloud.Options.DatabasePath))
        {
            await stores.Instances.DestroyAsync(deleted.Uuid);
        }

        await using var second = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, configure: o => o.Database = first.Cloud.Options.DatabasePath);

        Assert.Equal([kept.Uuid], await driver.ListInstanceUuidsAsync());
        Assert.Equal(VmState.Active, (await second.Cloud.Stores.Instances.GetAsync(kept.Uuid)).VmState);
    }

    [Fact]
    public async Task Reaping_a_deleted_instance_unplugs_the_ports_its_devices_on_the_host_name()
    {
        var driver = new FakeDriver();
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-test-" + Guid.NewGuid().ToString("N")[..12]);
        await using var first = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir);
        var deleted = await first.BootAsync("deleted");
        await first.StopAsync();
        await using (var stores = await KumoStores.OpenSqliteAsync(first.Cloud.Options.DatabasePath))
        {
            await stores.Instances.DestroyAsync(deleted.Uuid);
        }
        // Deleted without this host (the ports and the info cache went with it): only its devices still name them.
        var hybrid = Guid.NewGuid();
        var plain = Guid.NewGuid();
        driver.Behaviour.GuestDevices = uuid => uuid != deleted.Uuid ? [] :
        [
            new HostResource("ovs-port", HybridPlugNames.OvsVeth(hybrid), uuid) { PortId = hybrid },
            new HostResource("qbr", HybridPlugNames.Bridge(hybrid), uuid) { PortId = hybrid },
            new HostResource("ovs-port", HybridPlugNames.Tap(plain), uuid) { PortId = plain },
        ];
        var unplugged = new List<Vif>();
        driver.Behaviour.Destroyed = (instance, networkInfo) => unplugged.AddRange(networkInfo.Vifs);

        await using var second = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, configure: o => o.Database = first.Cloud.Options.DatabasePath);

        Assert.Empty(await driver.ListInstanceUuidsAsync());
        Assert.Equal([(hybrid, true), (plain, false)], unplugged.Select(v => (v.PortId, v.Details.OvsHybridPlug)).OrderBy(p => p.Item1 == plain));
    }

    [Fact]
    public async Task A_delete_killed_after_marking_deleted_but_before_destroying_the_record_is_finished_at_start()
    {
        var driver = new FakeDriver();
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-test-" + Guid.NewGuid().ToString("N")[..12]);
        await using var first = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir);
        var uuid = (await first.BootAsync()).Uuid;
        await first.StopAsync();
        await using (var stores = await KumoStores.OpenSqliteAsync(first.Cloud.Options.DatabasePath))
        {
            // What the kill leaves: vm_state deleted and task_state none written, the record not yet soft-deleted.
            var instance = await stores.Instances.GetAsync(uuid);
            instance.VmState = VmState.Deleted;
            instance.TaskState = null;
            await stores.Instances.SaveAsync(instance);
        }

        await using var second = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, configure: o => o.Database = first.Cloud.Options.DatabasePath);

        Assert.Null(await second.Cloud.Stores.Instances.TryGetAsync(uuid));
        Assert.Equal(0, driver.GuestCount);
        Assert.Equal(0, second.Cloud.ComputeManager.Tracker.GetUsage().Instances);
    }
}
