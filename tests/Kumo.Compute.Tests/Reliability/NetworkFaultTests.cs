using Kumo.Compute.Manager;
using Kumo.Compute.Tests.Support;
using Kumo.Network.Model;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt;
using Kumo.Virt.Fake;

namespace Kumo.Compute.Tests.Reliability;

/// <summary>Faults of the network service in the real build flow (the Neutron model and its IPAM, the fake hypervisor), each followed by the inventory check.</summary>
public sealed class NetworkFaultTests
{
    [Fact]
    public async Task No_address_left_on_the_network_is_error_naming_the_network_without_a_reschedule_and_nothing_left()
    {
        // Nova: "Build of instance ... aborted: Failed to allocate the network(s), not rescheduling."; the
        // cause (no more fixed IPs) is only in nova-compute's log. Here the fault names the network.
        await using var fake = await FakeCloud.StartAsync();
        var second = new FakeDriver(new FakeDriverBehaviour { Resources = new HostResources("h2", "node-2", 16, 8192, 200, "fake", 1) });
        await using var compute2 = await fake.AddComputeHostAsync("compute-2", second);
        var networkId = await fake.CreateNetworkAsync("one-address", "10.30.0.0/24", new AllocationPool("10.30.0.10", "10.30.0.10"));
        var first = await fake.BootAsync("takes-the-address", networks: [new RequestedNetwork(networkId)]);
        Assert.Equal(VmState.Active, first.VmState);
        var usage = (await fake.Cloud.Stores.Quotas.GetUsageAsync(first.ProjectId));

        var instance = await fake.BootAsync("no-address", networks: [new RequestedNetwork(networkId)]);

        Assert.Equal(VmState.Error, instance.VmState);
        var fault = await fake.Cloud.Stores.InstanceFaults.GetLatestAsync(instance.Uuid);
        Assert.Equal($"Zero fixed IPs available on network {networkId}.", fault!.Message);
        var action = Assert.Single(await fake.Cloud.Stores.InstanceActions.ListAsync(instance.Uuid));
        Assert.Single(action.Events, e => e.Event == ComputeManager.BuildEvent);
        Assert.Equal(1, fake.Driver.SpawnCount + second.SpawnCount);
        Assert.Empty(await fake.PortsOfAsync(instance.Uuid));
        Assert.Empty(await fake.Cloud.Stores.Placement.GetAllocationsAsync(instance.Uuid));
        Assert.Null(await fake.Cloud.Stores.InstanceInfoCaches.GetAsync(instance.Uuid));
        Assert.Equal(1, fake.Driver.GuestCount + second.GuestCount);

        await fake.DeleteAndWaitAsync(instance.Uuid);
        Assert.Equal(usage, await fake.Cloud.Stores.Quotas.GetUsageAsync(first.ProjectId));
        Assert.Single(await fake.PortsOfAsync(first.Uuid));
    }
}
