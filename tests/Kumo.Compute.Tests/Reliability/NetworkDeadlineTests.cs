using Kumo.Compute.Tests.Support;
using Kumo.Deployment.AllInOne;
using Kumo.Network.Fake;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Compute.Tests.Reliability;

/// <summary>
/// The network service stops answering during a build or a delete (Compute:Deadlines:AllocateNetwork,
/// NetworkCall): the server ends in ERROR with a fault naming the call and its deadline,
/// holding nothing, and a later delete cleans up. The fake network server ignores the caller's token,
/// as a hung peer does. Nova waits for Neutron as long as its HTTP client does ([neutron] timeout is
/// unset by default): the server stays in BUILD/networking or deleting for that long.
/// </summary>
public sealed class NetworkDeadlineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    private static async Task<(FakeCloud Fake, FakeNetworkApi Network, Guid NetworkId)> StartAsync()
    {
        var network = new FakeNetworkApi { PortsActive = true };
        var networkId = network.AddNetwork("private");
        var fake = await FakeCloud.StartAsync(network: network, configure: o =>
        {
            o.Compute.Deadlines.AllocateNetwork = Limit;
            o.Compute.Deadlines.NetworkCall = Limit;
        });
        return (fake, network, networkId);
    }

    [Fact]
    public async Task Port_allocation_that_gets_no_answer_ends_the_build_in_error_at_its_deadline_holding_nothing()
    {
        var (fake, network, networkId) = await StartAsync();
        await using var _ = fake;
        network.AllocateGate = new TaskCompletionSource().Task;

        var instance = await fake.BootAsync("no-answer", networks: [new RequestedNetwork(networkId)]);

        Assert.Equal((VmState.Error, (TaskState?)null), (instance.VmState, instance.TaskState));
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Equal("The network service did not answer (allocate_for_instance: create and bind the ports) within its deadline of 1 s"
            + " (Compute:Deadlines:AllocateNetwork).", fault!.Message);
        Assert.Equal(0, fake.Driver.SpawnCount);
        Assert.Empty(network.PortsOf(instance.Uuid));
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
        Assert.Equal(0, fake.Cloud.ComputeManager.Tracker.GetUsage().Instances);

        network.AllocateGate = null;
        await fake.DeleteAndWaitAsync(instance.Uuid);
        Assert.Equal(new Kumo.Db.Stores.QuotaUsage(0, 0, 0), await fake.Cloud.Stores.Quotas.GetUsageAsync(instance.ProjectId));
    }

    [Theory]
    [InlineData("get_instance_nw_info: read the ports to unplug")]
    [InlineData("deallocate_for_instance: delete or unbind the ports")]
    public async Task A_delete_whose_network_call_gets_no_answer_ends_in_error_at_its_deadline_and_a_second_delete_completes(string call)
    {
        var (fake, network, networkId) = await StartAsync();
        await using var _ = fake;
        var instance = await fake.BootAsync("deleted-later", networks: [new RequestedNetwork(networkId)]);
        Assert.Equal(VmState.Active, instance.VmState);
        var port = Assert.Single(network.PortsOf(instance.Uuid));
        var hang = new TaskCompletionSource().Task;
        if (call.StartsWith("get_instance_nw_info", StringComparison.Ordinal))
        {
            network.InfoGate = hang;
        }
        else
        {
            network.DeallocateGate = hang;
        }

        await fake.Cloud.Api.DeleteAsync(fake.NewRequest(), instance.Uuid);
        var failed = await InstanceWaiter.WaitForAsync(fake.Cloud.Stores.Instances, instance.Uuid, i => i.VmState == VmState.Error && i.TaskState is null,
            "end the delete in ERROR", TimeSpan.FromSeconds(20));

        Assert.Equal(VmState.Error, failed.VmState);
        Assert.Equal($"The network service did not answer ({call}) within its deadline of 1 s (Compute:Deadlines:NetworkCall).",
            (await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid))!.Message);
        Assert.Equal([port], network.PortsOf(instance.Uuid));

        (network.InfoGate, network.DeallocateGate) = (null, null);
        await fake.DeleteAndWaitAsync(instance.Uuid);
        Assert.Empty(network.PortsOf(instance.Uuid));
        Assert.Equal(0, fake.Driver.GuestCount);
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
        Assert.Equal(0, fake.Cloud.ComputeManager.Tracker.GetUsage().Instances);
        Assert.Equal(new Kumo.Db.Stores.QuotaUsage(0, 0, 0), await fake.Cloud.Stores.Quotas.GetUsageAsync(instance.ProjectId));
    }

    [Fact]
    public async Task A_restart_while_the_network_service_does_not_answer_still_comes_up_and_settles_an_interrupted_build()
    {
        var driver = new Kumo.Virt.Fake.FakeDriver();
        var network = new FakeNetworkApi { PortsActive = true };
        var networkId = network.AddNetwork("private");
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-test-" + Guid.NewGuid().ToString("N")[..12]);
        await using var first = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, network: network);
        var uuid = (await first.BootAsync("interrupted", networks: [new RequestedNetwork(networkId)])).Uuid;
        await first.StopAsync();
        await using (var stores = await Kumo.Db.KumoStores.OpenSqliteAsync(first.Cloud.Options.DatabasePath))
        {
            // The crash: killed while spawning.
            var instance = await stores.Instances.GetAsync(uuid);
            (instance.VmState, instance.TaskState) = (VmState.Building, TaskState.Spawning);
            await stores.Instances.SaveAsync(instance);
        }
        var port = Assert.Single(network.PortsOf(uuid));
        var unplugged = new List<Guid>();
        driver.Behaviour.Destroyed = (_, networkInfo) => unplugged.AddRange(networkInfo.Vifs.Select(v => v.PortId));
        network.InfoGate = new TaskCompletionSource().Task;

        await using var second = await FakeCloud.StartAsync(driver: driver, stateDir: stateDir, network: network, configure: o =>
        {
            o.Database = first.Cloud.Options.DatabasePath;
            o.Compute.Deadlines.NetworkCall = Limit;
        });

        var settled = await second.Cloud.Stores.Instances.GetAsync(uuid);
        Assert.Equal((VmState.Error, (TaskState?)null), (settled.VmState, settled.TaskState));
        Assert.Contains("restarted while the instance was building", (await second.Cloud.Stores.InstanceFaults.GetLatestAsync(uuid))!.Message);
        Assert.Equal(0, driver.GuestCount);
        // The ports could not be read: the info cache the build wrote said what to unplug.
        Assert.Equal([port], unplugged);
        Assert.Empty(network.PortsOf(uuid));
        Assert.Empty(await second.Cloud.Stores.Placement.GetAllocationsAsync(uuid));
    }
}
