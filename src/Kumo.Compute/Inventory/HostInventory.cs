using Kumo.Db.Stores;
using Kumo.Objects.Instances;
using Kumo.Virt;

namespace Kumo.Compute.Inventory;

/// <summary>A host resource with its owner as the store knows it; orphaned when no live instance of this host owns it.</summary>
public sealed record InventoryEntry(HostResource Resource, string Owner, bool Orphaned);

/// <summary>
/// What this compute host holds and who owns it (`kumo host inventory`): the driver's resources
/// checked against the instance records, so leaks show up as orphans instead of being found by hand.
/// </summary>
public sealed class HostInventory(IVirtDriver driver, IInstanceStore instances, ComputeOptions options)
{
    public async Task<IReadOnlyList<InventoryEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<InventoryEntry>();
        foreach (var resource in await driver.ListHostResourcesAsync(cancellationToken))
        {
            if (resource.InstanceUuid is not { } uuid)
            {
                entries.Add(new InventoryEntry(resource, "host", Orphaned: false));
                continue;
            }
            var instance = await instances.TryGetAsync(uuid, cancellationToken: cancellationToken);
            entries.Add(instance is null || instance.Host != options.Host
                ? new InventoryEntry(resource, $"instance {uuid} (no such instance on {options.Host})", Orphaned: true)
                : new InventoryEntry(resource, $"instance {uuid} ({instance.VmState.ToNovaName()})", Orphaned: false));
        }
        return entries;
    }
}
