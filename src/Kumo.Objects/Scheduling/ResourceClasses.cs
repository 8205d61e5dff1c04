using Kumo.Objects.Flavors;

namespace Kumo.Objects.Scheduling;

/// <summary>Placement's standard resource classes that a compute node inventories.</summary>
public static class ResourceClasses
{
    public const string Vcpu = "VCPU";
    public const string MemoryMb = "MEMORY_MB";
    public const string DiskGb = "DISK_GB";

    public static readonly IReadOnlyList<string> All = [Vcpu, MemoryMb, DiskGb];

    /// <summary>What a flavor asks for (Nova's resources_from_flavor): root + ephemeral + swap rounded up to whole GB,
    /// since swap is a file on the same local disk.</summary>
    public static IReadOnlyDictionary<string, int> FromFlavor(Flavor flavor) => new Dictionary<string, int>
    {
        [Vcpu] = flavor.Vcpus,
        [MemoryMb] = flavor.MemoryMb,
        [DiskGb] = flavor.RootGb + flavor.EphemeralGb + ResourceCapacity.DiskGbFromMb(flavor.SwapMb),
    };
}
