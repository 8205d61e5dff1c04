using Kumo.Db.Stores.Placement;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Scheduling;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlPlacementStoreTests
{
    private static ProviderReport Report(string name, int memoryMb = 4096, int reservedMb = 512) => new(name, "host-" + name, "QEMU", "x86_64",
    [
        new InventoryRecord(ResourceClasses.Vcpu, 4, 0, 4.0),
        new InventoryRecord(ResourceClasses.MemoryMb, memoryMb, reservedMb, 1.0),
        new InventoryRecord(ResourceClasses.DiskGb, 100, 0, 1.0),
    ]);

    private static readonly Dictionary<string, int> Small = new() { [ResourceClasses.Vcpu] = 1, [ResourceClasses.MemoryMb] = 512, [ResourceClasses.DiskGb] = 1 };

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task A_report_creates_the_provider_then_updates_totals_keeping_usage_and_bumping_the_generation(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var placement = db.Stores.Placement;
        var created = await placement.ReportInventoryAsync(Report("n1"));
        Assert.Equal(16, created.Inventories[ResourceClasses.Vcpu].Capacity);
        Assert.Equal(3584, created.Inventories[ResourceClasses.MemoryMb].Capacity);
        Assert.True(await placement.TryAllocateAsync(Guid.NewGuid(), created.Uuid, created.Generation, Small));

        var updated = await placement.ReportInventoryAsync(Report("n1", memoryMb: 8192));

        Assert.Equal(created.Uuid, updated.Uuid);
        Assert.Equal(created.Generation + 2, updated.Generation);
        Assert.Equal(new InventoryRecord(ResourceClasses.MemoryMb, 8192, 512, 1.0, Used: 512), updated.Inventories[ResourceClasses.MemoryMb]);
        Assert.Equal("host-n1", Assert.Single(await placement.ListProvidersAsync()).Host);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task An_allocation_against_an_old_generation_is_refused_and_writes_nothing(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var placement = db.Stores.Placement;
        var read = await placement.ReportInventoryAsync(Report("n1"));
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        Assert.True(await placement.TryAllocateAsync(first, read.Uuid, read.Generation, Small));

        Assert.False(await placement.TryAllocateAsync(second, read.Uuid, read.Generation, Small));

        Assert.Empty(await placement.GetAllocationsAsync(second));
        var now = await placement.TryGetProviderAsync("n1");
        Assert.Equal(512, now!.Inventories[ResourceClasses.MemoryMb].Used);
        Assert.Equal(read.Generation + 1, now.Generation);
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Allocating_again_replaces_what_the_consumer_held_and_release_gives_everything_back(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var placement = db.Stores.Placement;
        var n1 = await placement.ReportInventoryAsync(Report("n1"));
        var n2 = await placement.ReportInventoryAsync(Report("n2"));
        var consumer = Guid.NewGuid();
        Assert.True(await placement.TryAllocateAsync(consumer, n1.Uuid, n1.Generation, Small));

        Assert.True(await placement.TryAllocateAsync(consumer, n2.Uuid, n2.Generation, Small));

        var held = await placement.GetAllocationsAsync(consumer);
        Assert.All(held, a => Assert.Equal(n2.Uuid, a.ResourceProviderUuid));
        Assert.Equal(3, held.Count);
        var afterMove = await placement.TryGetProviderAsync("n1");
        Assert.All(afterMove!.Inventories.Values, i => Assert.Equal(0, i.Used));
        Assert.True(afterMove.Generation > n1.Generation + 1);

        await placement.ReleaseAsync(consumer);
        await placement.ReleaseAsync(consumer); // idempotent

        Assert.Empty(await placement.GetAllocationsAsync(consumer));
        Assert.All((await placement.ListProvidersAsync()).SelectMany(p => p.Inventories.Values), i => Assert.Equal(0, i.Used));
    }

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Every_change_moves_the_provider_past_all_earlier_changes_so_a_reader_can_ask_for_what_changed(string kind)
    {
        await using var db = await TestStores.OpenAsync(kind);
        var placement = db.Stores.Placement;
        var n1 = await placement.ReportInventoryAsync(Report("n1"));
        var n2 = await placement.ReportInventoryAsync(Report("n2"));
        var seen = Math.Max(n1.ChangeSeq, n2.ChangeSeq);
        Assert.Empty(await placement.ListProvidersChangedSinceAsync(seen));

        var consumer = Guid.NewGuid();
        Assert.True(await placement.TryAllocateAsync(consumer, n1.Uuid, n1.Generation, Small));

        var changed = Assert.Single(await placement.ListProvidersChangedSinceAsync(seen));
        Assert.Equal(("n1", 512), (changed.Name, changed.Inventories[ResourceClasses.MemoryMb].Used));
        await placement.ReleaseAsync(consumer);
        Assert.True((await placement.TryGetProviderAsync("n1"))!.ChangeSeq > changed.ChangeSeq);
    }
}
