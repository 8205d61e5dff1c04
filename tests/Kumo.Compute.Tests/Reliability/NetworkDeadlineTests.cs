using Kumo.Compute.Tests.Support;
using Kumo.Deployment.AllInOne;
using Kumo.Network.Fake;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;

namespace Kumo.Compute.Tests.Reliability;

/// <summary>
/// The network service stops answering during a build or a delete (Compute:Deadlines:AllocateNetwork,
/// DeallocateNetwork): the server ends in ERROR with a fault naming the call and its deadline,
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
            o.Compute.Deadlines.DeallocateNetwork = Limit;
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
        Assert.Equal($"The network service did not answer ({call}) within its deadline of 1 s (Compute:Deadlines:DeallocateNetwork).",
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
}
