using Kumo.Compute.Inventory;
using Kumo.Compute.Tests.Support;

namespace Kumo.Compute.Tests.Inventory;

public sealed class HostInventoryTests
{
    [Fact]
    public async Task A_guest_whose_instance_record_is_gone_shows_as_orphaned()
    {
        await using var fake = await FakeCloud.StartAsync();
        var kept = await fake.BootAsync("kept");
        var lost = await fake.BootAsync("lost");
        var inventory = new HostInventory(fake.Driver, fake.Cloud.Stores.Instances, fake.Cloud.Options.Compute);
        Assert.DoesNotContain(await inventory.ListAsync(), e => e.Orphaned);

        // What a crash between "guest destroyed" and "record saved" would look like the other way round.
        await fake.Cloud.Stores.Instances.DestroyAsync(lost.Uuid);

        var entries = await inventory.ListAsync();
        var orphan = Assert.Single(entries, e => e.Orphaned);
        Assert.Equal(lost.Uuid, orphan.Resource.InstanceUuid);
        Assert.Contains("no such instance on compute-1", orphan.Owner);
        Assert.Contains(entries, e => e.Resource.InstanceUuid == kept.Uuid && e.Owner.Contains("(active)"));
    }
}

public sealed class HostInventoryNetworkTests
{
    [Fact]
    public async Task Network_resources_show_their_port_or_network_and_the_listers_orphans_stay_orphaned()
    {
        await using var fake = await FakeCloud.StartAsync();
        var server = await fake.BootAsync("vm");
        Guid port = Guid.NewGuid(), network = Guid.NewGuid();
        var inventory = new HostInventory(fake.Driver, fake.Cloud.Stores.Instances, fake.Cloud.Options.Compute, _ => Task.FromResult<IReadOnlyList<Kumo.Virt.HostResource>>(
        [
            new("qvo", "qvo0000", server.Uuid) { PortId = port },
            new("netns", "qdhcp-x", null) { NetworkId = network },
            new("qbr", "qbr1111", null) { Orphaned = true },
        ]));

        var entries = await inventory.ListAsync();

        var qvo = Assert.Single(entries, e => e.Resource.Kind == "qvo");
        Assert.Equal((false, $"instance {server.Uuid} (active), port {port}"), (qvo.Orphaned, qvo.Owner));
        var netns = Assert.Single(entries, e => e.Resource.Kind == "netns");
        Assert.Equal((false, $"network {network}"), (netns.Orphaned, netns.Owner));
        var qbr = Assert.Single(entries, e => e.Resource.Kind == "qbr");
        Assert.True(qbr.Orphaned);
        Assert.Contains("orphaned", qbr.Owner);
    }
}
