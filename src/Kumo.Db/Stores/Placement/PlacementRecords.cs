using Kumo.Objects.Scheduling;

namespace Kumo.Db.Stores.Placement;

/// <summary>One resource class of a provider: what it has, keeps back, may overcommit, and has handed out.</summary>
public sealed record InventoryRecord(string ResourceClass, int Total, int Reserved, double AllocationRatio, int Used = 0)
{
    public double Capacity => ResourceCapacity.Of(Total, Reserved, AllocationRatio);

    public double Free => ResourceCapacity.Free(Capacity, Used);
}

/// <summary>
/// A compute node as Placement sees it. <see cref="Generation"/> changes with every inventory or
/// allocation write; a write made against an older generation is refused.
/// </summary>
public sealed record ResourceProviderRecord(
    Guid Uuid,
    string Name,
    string Host,
    long Generation,
    string HypervisorType,
    string CpuArch,
    IReadOnlyDictionary<string, InventoryRecord> Inventories);

/// <summary>What a compute host reports about its node (the resource tracker's update_available_resource).</summary>
public sealed record ProviderReport(
    string Name,
    string Host,
    string HypervisorType,
    string CpuArch,
    IReadOnlyList<InventoryRecord> Inventories);

/// <summary>What one consumer (an instance) holds of one resource class on one provider.</summary>
public sealed record AllocationRecord(Guid ConsumerId, Guid ResourceProviderUuid, string ResourceClass, int Used);
