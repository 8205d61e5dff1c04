using Kumo.Objects.Faults;

namespace Kumo.Db.Stores;

public interface IInstanceFaultStore
{
    Task AddAsync(InstanceFault fault, CancellationToken cancellationToken = default);

    /// <summary>The newest fault of the instance, as the API shows it; null when none.</summary>
    Task<InstanceFault?> GetLatestAsync(Guid instanceUuid, CancellationToken cancellationToken = default);

    /// <summary>The newest fault of each of these instances (those without one are absent), in one query.</summary>
    Task<IReadOnlyDictionary<Guid, InstanceFault>> GetLatestAsync(IReadOnlyCollection<Guid> instanceUuids, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<InstanceFault>> ListAsync(Guid instanceUuid, CancellationToken cancellationToken = default);
}
