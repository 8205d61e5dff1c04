using Kumo.Db.Stores;
using Kumo.Objects.Instances;
using Kumo.Virt;

namespace Kumo.Compute.Inventory;

/// <summary>A host resource with its owner as the store knows it; orphaned when no live instance of this host owns it.</summary>
public sealed record InventoryEntry(HostResource Resource, string Owner, bool Orphaned);

/// <summary>
/// What this compute host holds and who owns it (`kumo host inventory`): the driver's resources
/// checked against the instance records, so leaks show up as orphans instead of being found by hand.
/// <paramref name="extraResources"/> adds what other units of the host made (the network agent's
/// chains, namespaces and dnsmasq processes), which carry their port or network as owner.
/// </summary>
public sealed class HostInventory(IVirtDriver driver, IInstanceStore instances, ComputeOptions options,
    Func<CancellationToken, Task<IReadOnlyList<HostResource>>>? extraResources = null)
{
    public async Task<IReadOnlyList<InventoryEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var resources = new List<HostResource>(await driver.ListHostResourcesAsync(cancellationToken));
        if (extraResources is not null)
        {
            resources.AddRange(await extraResources(cancellationToken));
        }
        var entries = new List<InventoryEntry>();
        foreach (var resource in resources)
        {
            if (resource.InstanceUuid is not { } uuid)
            {
                entries.Add(new InventoryEntry(resource, Describe(resource, "host"), resource.Orphaned));
                continue;
            }
            var instance = await instances.TryGetAsync(uuid, cancellationToken: cancellationToken);
            entries.Add(instance is null || instance.Host != options.Host
                ? new InventoryEntry(resource, Describe(resource, $"instance {uuid} (no such instance on {options.Host})"), Orphaned: true)
                : new InventoryEntry(resource, Describe(resource, $"instance {uuid} ({instance.VmState.ToNovaName()})"), resource.Orphaned));
        }
        return entries;
    }

    private static string Describe(HostResource resource, string owner)
    {
        var parts = new List<string>();
        if (resource.InstanceUuid is not null || (resource.PortId is null && resource.NetworkId is null))
        {
            parts.Add(owner);
        }
        if (resource.PortId is { } port)
        {
            parts.Add($"port {port}");
        }
        if (resource.NetworkId is { } network)
        {
            parts.Add($"network {network}");
        }
        var text = string.Join(", ", parts);
        return resource.Orphaned && resource.InstanceUuid is null ? $"{(text == "host" ? "none" : text)} (orphaned: nothing on this host uses it)" : text;
    }
}
