using Kumo.Db.Tests.Support;
using Kumo.Objects.Faults;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlInstanceFaultStoreTests
{
    [Fact]
    public async Task The_latest_fault_is_the_newest_and_list_is_newest_first()
    {
        await using var db = await TestStores.OpenAsync();
        var faults = db.Stores.InstanceFaults;
        var instance = Guid.NewGuid();
        await faults.AddAsync(new InstanceFault { InstanceUuid = instance, Code = 500, Message = "first", Details = "stack 1", Host = "compute-1" });
        db.Time.Advance();
        await faults.AddAsync(new InstanceFault { InstanceUuid = instance, Code = 409, Message = "second", Host = "compute-2" });
        await faults.AddAsync(new InstanceFault { InstanceUuid = Guid.NewGuid(), Code = 500, Message = "other instance" });

        var latest = await faults.GetLatestAsync(instance);
        var all = await faults.ListAsync(instance);

        Assert.NotNull(latest);
        Assert.Equal(("second", 409, "compute-2", (string?)null), (latest.Message, latest.Code, latest.Host, latest.Details));
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(1), latest.CreatedAt);
        Assert.Equal(["second", "first"], all.Select(f => f.Message));
        Assert.Equal("stack 1", all[1].Details);
        Assert.True(all[1].Id > 0);
    }

    [Fact]
    public async Task A_given_created_at_is_kept_and_orders_the_faults()
    {
        await using var db = await TestStores.OpenAsync();
        var instance = Guid.NewGuid();
        await db.Stores.InstanceFaults.AddAsync(new InstanceFault { InstanceUuid = instance, Code = 500, Message = "late", CreatedAt = ManualTimeProvider.Start.AddHours(1) });
        await db.Stores.InstanceFaults.AddAsync(new InstanceFault { InstanceUuid = instance, Code = 500, Message = "early", CreatedAt = ManualTimeProvider.Start.AddHours(-1) });

        Assert.Equal("late", (await db.Stores.InstanceFaults.GetLatestAsync(instance))!.Message);
    }

    [Fact]
    public async Task No_fault_is_null()
    {
        await using var db = await TestStores.OpenAsync();

        Assert.Null(await db.Stores.InstanceFaults.GetLatestAsync(Guid.NewGuid()));
        Assert.Empty(await db.Stores.InstanceFaults.ListAsync(Guid.NewGuid()));
    }
}
