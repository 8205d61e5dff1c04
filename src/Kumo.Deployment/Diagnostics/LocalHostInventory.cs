using Kumo.Compute.Inventory;
using Kumo.Db;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Image;
using Microsoft.Extensions.Logging;

namespace Kumo.Deployment.Diagnostics;

/// <summary>One thing on this host (a domain, an instance directory, a cached image) and who owns it.</summary>
public sealed record HostInventoryLine(string Kind, string Name, string Owner, bool Orphaned);

/// <summary>
/// `kumo host inventory` reads this host directly: its hypervisor and the store, beside a running
/// `kumo serve` (no compute host lock, nothing written). There is no HTTP route for it: in multi-host
/// mode it becomes an RPC to compute.&lt;host&gt;.
/// </summary>
public static class LocalHostInventory
{
    public static async Task<IReadOnlyList<HostInventoryLine>> ListAsync(KumoOptions options, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        await using var stores = await KumoStores.OpenSqliteAsync(options.DatabasePath, cancellationToken: cancellationToken);
        var images = new FileImageService(stores.Images, options.ImagesPath, TimeProvider.System, loggers.CreateLogger<FileImageService>());
        var driver = ComputeUnit.CreateDriver(options, images, TimeProvider.System, loggers);
        try
        {
            // Connects only (no events consumed, no host lock): safe beside the running compute host.
            await driver.InitHostAsync(options.Compute.Host, cancellationToken);
            var entries = await new HostInventory(driver, stores.Instances, options.Compute).ListAsync(cancellationToken);
            return entries.Select(e => new HostInventoryLine(e.Resource.Kind, e.Resource.Name, e.Owner, e.Orphaned)).ToList();
        }
        finally
        {
            (driver as IDisposable)?.Dispose();
        }
    }
}
