namespace Kumo.Objects.Scheduling;

/// <summary>
/// The one formula for what a resource provider can hold, used by the scheduler, the API's
/// never-fits check and the compute host's claim alike (Placement's capacity):
/// (total - reserved) × allocation_ratio. Usage never includes the reserved amount.
/// </summary>
public static class ResourceCapacity
{
    public static double Of(int total, int reserved, double allocationRatio) =>
        Math.Max(0, total - reserved) * allocationRatio;

    /// <summary>Free room left under the capacity (never negative).</summary>
    public static double Free(double capacity, int used) => Math.Max(0, capacity - used);

    /// <summary>Reserved disk is configured in MB (Nova's reserved_host_disk_mb) but inventoried in GB.</summary>
    public static int DiskGbFromMb(int megabytes) => (megabytes + 1023) / 1024;
}
