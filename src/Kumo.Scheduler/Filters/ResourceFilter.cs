using Kumo.Db.Stores.Placement;
using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Hosts;

namespace Kumo.Scheduler.Filters;

/// <summary>
/// Room for the flavor's VCPU, MEMORY_MB and DISK_GB under (total - reserved) × allocation_ratio,
/// less what is allocated (Placement's allocation candidates; Nova's old Core/Ram/DiskFilter).
/// </summary>
public sealed class ResourceFilter : IHostFilter
{
    public const string FilterName = "ResourceFilter";

    public string Name => FilterName;

    public string? Reject(HostState host, RequestSpec spec) =>
        Check(host.Provider, ResourceClasses.FromFlavor(spec.Flavor), ignoreUsage: false);

    /// <summary>
    /// Why the provider cannot hold <paramref name="requested"/>, or null. With
    /// <paramref name="ignoreUsage"/> it asks whether it could even when empty (the API's never-fits check).
    /// </summary>
    public static string? Check(ResourceProviderRecord provider, IReadOnlyDictionary<string, int> requested, bool ignoreUsage)
    {
        foreach (var resourceClass in ResourceClasses.All)
        {
            var amount = requested.GetValueOrDefault(resourceClass);
            if (amount <= 0)
            {
                continue;
            }
            if (!provider.Inventories.TryGetValue(resourceClass, out var inventory))
            {
                return $"{Describe(resourceClass, amount)} requested, none inventoried";
            }
            var available = ignoreUsage ? inventory.Capacity : inventory.Free;
            if (amount > available)
            {
                return $"{Describe(resourceClass, amount)} requested, {available:0.##}{Unit(resourceClass)} available";
            }
        }
        return null;
    }

    private static string Describe(string resourceClass, double amount) => resourceClass switch
    {
        ResourceClasses.Vcpu => $"{amount:0.##} vcpus",
        ResourceClasses.MemoryMb => $"{amount:0.##} MB RAM",
        ResourceClasses.DiskGb => $"{amount:0.##} GB disk",
        _ => $"{amount:0.##} {resourceClass}",
    };

    private static string Unit(string resourceClass) => resourceClass switch
    {
        ResourceClasses.MemoryMb => " MB",
        ResourceClasses.DiskGb => " GB",
        _ => "",
    };
}
