using Kumo.Common.Processes;
using Kumo.Compute.Inventory;
using Kumo.Db;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Image;
using Kumo.Network.Agent.Inventory;
using Kumo.OsVif.Host;
using Kumo.Virt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Deployment.Diagnostics;

/// <summary>One thing on this host (a domain, an instance directory, a cached image, a VIF device, a chain, a DHCP namespace) and who owns it.</summary>
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
            return await ListAsync(driver, stores.Instances, options, cancellationToken);
        }
        finally
        {
            (driver as IDisposable)?.Dispose();
        }
    }

    /// <summary>The same listing from a driver and store already open (the running compute host's, for the dashboard).</summary>
    public static async Task<IReadOnlyList<HostInventoryLine>> ListAsync(IVirtDriver driver, Kumo.Db.Stores.IInstanceStore instances, KumoOptions options,
        CancellationToken cancellationToken = default)
    {
        var entries = await new HostInventory(driver, instances, options.Compute, NetworkResources(options)).ListAsync(cancellationToken);
        return entries.Select(e => new HostInventoryLine(e.Resource.Kind, e.Resource.Name, e.Owner, e.Orphaned)).ToList();
    }

    /// <summary>The network agent's own resources (the driver lists the VIF devices and OVS ports).</summary>
    private static Func<CancellationToken, Task<IReadOnlyList<HostResource>>>? NetworkResources(KumoOptions options)
    {
        if (!options.NetworkAgent.Enabled)
        {
            return null;
        }
        var inventory = new NetworkInventory(options.NetworkAgent, options.Ovs, new HostToolRunner(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance)));
        return async ct => (await inventory.ListAsync(ct)).Where(r => r.Kind is "iptables-chain" or "netns" or "dnsmasq").ToList();
    }
}
