namespace Kumo.Db.Stores.Placement;

/// <summary>
/// Placement's model over the store: resource providers with inventories, and allocations per
/// consumer. Every write that changes what a provider holds checks or bumps its generation.
/// </summary>
public interface IPlacementStore
{
    /// <summary>Creates or updates the provider named in the report and replaces its inventory totals (usage kept); bumps its generation.</summary>
    Task<ResourceProviderRecord> ReportInventoryAsync(ProviderReport report, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ResourceProviderRecord>> ListProvidersAsync(CancellationToken cancellationToken = default);

    Task<ResourceProviderRecord?> TryGetProviderAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Allocates <paramref name="resources"/> on the provider for the consumer, replacing what the
    /// consumer held before, if and only if the provider is still at <paramref name="generation"/>.
    /// False means another writer got there first: re-read and decide again.
    /// </summary>
    Task<bool> TryAllocateAsync(Guid consumerId, Guid providerUuid, long generation, IReadOnlyDictionary<string, int> resources,
        CancellationToken cancellationToken = default);

    /// <summary>Removes everything the consumer holds (Placement's DELETE /allocations/{consumer}). Idempotent.</summary>
    Task ReleaseAsync(Guid consumerId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AllocationRecord>> GetAllocationsAsync(Guid consumerId, CancellationToken cancellationToken = default);
}
