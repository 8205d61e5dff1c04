using Kumo.Objects.Events;

namespace Kumo.Db.Stores;

/// <summary>The external events compute hosts received (network-vif-plugged and the like), for diagnosis.</summary>
public interface IInstanceExternalEventStore
{
    Task RecordAsync(ReceivedInstanceEvent received, CancellationToken cancellationToken = default);

    /// <summary>The instance's received events, oldest first.</summary>
    Task<IReadOnlyList<ReceivedInstanceEvent>> ListAsync(Guid instanceUuid, CancellationToken cancellationToken = default);
}
