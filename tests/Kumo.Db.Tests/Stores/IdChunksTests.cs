using Kumo.Db.Database;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Faults;
using Kumo.Objects.Network;

namespace Kumo.Db.Tests.Stores;

/// <summary>The page-wide reads of a server list (faults, addresses) over more ids than one IN chunk.</summary>
public sealed class IdChunksTests
{
    private const int Count = (2 * IdChunks.Size) + 7;

    [Fact]
    public async Task The_latest_fault_of_every_instance_is_found_across_chunks_and_none_for_ids_without()
    {
        await using var db = await TestStores.OpenAsync();
        var faults = db.Stores.InstanceFaults;
        var instances = Enumerable.Range(0, Count).Select(_ => Guid.NewGuid()).ToList();
        foreach (var instance in instances)
        {
            await faults.AddAsync(new InstanceFault { InstanceUuid = instance, Code = 500, Message = "old " + instance });
        }
        db.Time.Advance();
        foreach (var instance in instances)
        {
            await faults.AddAsync(new InstanceFault { InstanceUuid = instance, Code = 409, Message = "new " + instance });
        }
        var without = Guid.NewGuid();

        var latest = await faults.GetLatestAsync([.. instances, without]);

        Assert.Equal(Count, latest.Count);
        Assert.All(instances, i => Assert.Equal("new " + i, latest[i].Message));
        Assert.False(latest.ContainsKey(without));
    }

    [Fact]
    public async Task The_network_info_of_every_instance_is_found_across_chunks()
    {
        await using var db = await TestStores.OpenAsync();
        var caches = db.Stores.InstanceInfoCaches;
        var instances = Enumerable.Range(0, Count).Select(_ => Guid.NewGuid()).ToList();
        foreach (var instance in instances)
        {
            await caches.SaveAsync(instance, new NetworkInfo([]));
        }

        var found = await caches.GetAsync([.. instances, Guid.NewGuid()]);

        Assert.Equal(instances.Order(), found.Keys.Order());
    }
}
