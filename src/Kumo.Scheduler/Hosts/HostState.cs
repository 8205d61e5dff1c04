using Kumo.Db.Stores.Placement;
using Kumo.Objects.Services;

namespace Kumo.Scheduler.Hosts;

/// <summary>
/// One candidate as a decision sees it (Nova's HostState): its resource provider at the generation
/// read, and its nova-compute service record (null when the host never reported).
/// </summary>
public sealed record HostState(ResourceProviderRecord Provider, ServiceRecord? Service)
{
    public string Host => Provider.Host;

    public string Node => Provider.Name;

    public double Free(string resourceClass) => Provider.Inventories.TryGetValue(resourceClass, out var inventory) ? inventory.Free : 0;

    public double Capacity(string resourceClass) => Provider.Inventories.TryGetValue(resourceClass, out var inventory) ? inventory.Capacity : 0;
}
