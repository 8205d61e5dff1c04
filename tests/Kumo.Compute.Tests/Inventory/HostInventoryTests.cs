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
