using Kumo.Objects.Context;
using Kumo.Virt.Libvirt.Storage;

namespace Kumo.EndToEndTests.FaultInjection;

/// <summary>
/// What a failed build must not leave (the inventory check): a domain, an instance directory,
/// a disk, a partial download in the image cache, a port, an allocation, the host tracker's usage;
/// then, once the user deletes the ERROR server, nothing in the project's quota usage.
/// </summary>
public static class LeftoverCheck
{
    public static async Task AssertNothingLeftAsync(LibvirtCloud e2e, HttpClient client, Guid id)
    {
        Assert.False(LibvirtCloud.DomainExists(id), "a domain is left");
        Assert.False(Directory.Exists(Path.Combine(e2e.InstancesPath, id.ToString())), "the instance directory is left");
        // Only this server's: other runs' guests share libvirtd.
        Assert.DoesNotContain(await e2e.Inventory.ListAsync(), e => e.Resource.InstanceUuid == id);
        var cache = Path.Combine(e2e.InstancesPath, ImageCache.SubdirectoryName);
        if (Directory.Exists(cache))
        {
            Assert.DoesNotContain(Directory.GetFiles(cache), f => f.EndsWith(".part", StringComparison.Ordinal));
        }
        Assert.Empty(await e2e.Host.NetworkServer.Network.Plugin.ListPortsAsync(RequestContext.Admin(), deviceId: id.ToString("D")));
        Assert.Empty(await e2e.Stores.Placement.GetAllocationsAsync(id));
        Assert.Equal(0, e2e.ComputeManager.Tracker.GetUsage().Instances);
        var projectId = (await e2e.Stores.Instances.GetAsync(id)).ProjectId;

        await ServerRequests.DeleteAsync(client, id);

        await AssertDeletedAsync(e2e, id, projectId);
    }

    /// <summary>After a delete that completed: no domain, directory, device, port, allocation, claim or quota usage of the server is left.</summary>
    public static async Task AssertDeletedAsync(LibvirtCloud e2e, Guid id, string projectId)
    {
        Assert.False(LibvirtCloud.DomainExists(id), "a domain is left");
        Assert.False(Directory.Exists(Path.Combine(e2e.InstancesPath, id.ToString())), "the instance directory is left");
        Assert.DoesNotContain(await e2e.Inventory.ListAsync(), e => e.Resource.InstanceUuid == id);
        Assert.Empty(await e2e.Host.NetworkServer.Network.Plugin.ListPortsAsync(RequestContext.Admin(), deviceId: id.ToString("D")));
        Assert.Empty(await e2e.Stores.Placement.GetAllocationsAsync(id));
        Assert.Equal(0, e2e.ComputeManager.Tracker.GetUsage().Instances);
        Assert.Equal(new Kumo.Db.Stores.QuotaUsage(0, 0, 0), await e2e.Stores.Quotas.GetUsageAsync(projectId));
        Assert.All(await e2e.Stores.Placement.ListProvidersAsync(), p => Assert.All(p.Inventories.Values, i => Assert.Equal(0, i.Used)));
    }
}
