using Kumo.Db.Stores;
using Kumo.Db.Tests.Support;

namespace Kumo.Db.Tests.Stores;

public sealed class SqlComputeNodeStoreTests
{
    private static ComputeNodeRecord Node(string host, string node, int vcpusUsed = 0) =>
        new(host, node, "QEMU", 16, 32768, 500, vcpusUsed, 1024, 10, vcpusUsed / 2, 16.0, 1.5, 1.0, ManualTimeProvider.Start);

    [Fact]
    public async Task Upsert_inserts_then_replaces_the_row_of_a_host_and_node()
    {
        await using var db = await TestStores.OpenAsync();
        var nodes = db.Stores.ComputeNodes;
        await nodes.UpsertAsync(Node("compute-2", "node-a"));
        await nodes.UpsertAsync(Node("compute-1", "node-b"));
        await nodes.UpsertAsync(Node("compute-1", "node-a"));

        var updated = Node("compute-1", "node-b", vcpusUsed: 6) with { UpdatedAt = ManualTimeProvider.Start.AddMinutes(1), CpuAllocationRatio = 4.0 };
        await nodes.UpsertAsync(updated);

        var listed = await nodes.ListAsync();
        Assert.Equal([("compute-1", "node-a"), ("compute-1", "node-b"), ("compute-2", "node-a")], listed.Select(n => (n.Host, n.NodeName)));
        // The store assigns ids (os-hypervisors shows them); they stay across updates.
        Assert.Equal(updated, listed[1] with { Id = 0 });
        Assert.Equal(Node("compute-2", "node-a"), listed[2] with { Id = 0 });
        Assert.Equal(3, listed.Select(n => n.Id).Distinct().Count());
        Assert.Equal(2, listed[1].Id);
    }
}
