using Kumo.Objects.Network;

namespace Kumo.Db.Stores;

/// <summary>
/// The instance network info cache (Nova's instance_info_caches): the ports as the compute host last
/// read them from the network service, written after allocation and on network-changed.
/// </summary>
public interface IInstanceInfoCacheStore
{
    /// <summary>The cached info; null when the instance has none recorded (never allocated, or no NIC).</summary>
    Task<NetworkInfo?> GetAsync(Guid instanceUuid, CancellationToken cancellationToken = default);

    /// <summary>The cached info of each of these instances (those without are absent), in one query.</summary>
    Task<IReadOnlyDictionary<Guid, NetworkInfo>> GetAsync(IReadOnlyCollection<Guid> instanceUuids, CancellationToken cancellationToken = default);

    /// <summary>Replaces the cached info (insert or update).</summary>
    Task SaveAsync(Guid instanceUuid, NetworkInfo networkInfo, CancellationToken cancellationToken = default);

    /// <summary>Forgets the cached info; none is fine.</summary>
    Task DeleteAsync(Guid instanceUuid, CancellationToken cancellationToken = default);
}
