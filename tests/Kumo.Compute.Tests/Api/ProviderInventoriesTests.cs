using Kumo.Compute.Api;
using Kumo.Db;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Scheduling;

namespace Kumo.Compute.Tests.Api;

public sealed class ProviderInventoriesTests
{
    private static ProviderReport Report(string name, int vcpus) => new(name, name, "fake", "x86_64",
    [
        new InventoryRecord(ResourceClasses.Vcpu, vcpus, 0, 1.0),
        new InventoryRecord(ResourceClasses.MemoryMb, 4096, 0, 1.0),
    ]);

    [Fact]
    public async Task The_copy_follows_reports_and_allocations_made_after_the_first_read()
    {
        await using var stores = await KumoStores.OpenInMemoryAsync();
        var inventories = new ProviderInventories(stores.Placement);
        Assert.Empty(await inventories.CurrentAsync());

        var first = await stores.Placement.ReportInventoryAsync(Report("host-1", 2));
        Assert.Equal(2, (await inventories.CurrentAsync()).Single().Inventories[ResourceClasses.Vcpu].Total);

        await stores.Placement.ReportInventoryAsync(Report("host-1", 16));
        await stores.Placement.ReportInventoryAsync(Report("host-2", 4));
        var current = await inventories.CurrentAsync();
        Assert.Equal([("host-1", 16), ("host-2", 4)], current.Select(p => (p.Name, p.Inventories[ResourceClasses.Vcpu].Total)).Order());

        var host1 = current.Single(p => p.Name == "host-1");
        Assert.True(await stores.Placement.TryAllocateAsync(Guid.NewGuid(), first.Uuid, host1.Generation, new Dictionary<string, int> { [ResourceClasses.Vcpu] = 3 }));
        Assert.Equal(3, (await inventories.CurrentAsync()).Single(p => p.Name == "host-1").Inventories[ResourceClasses.Vcpu].Used);
    }
}
