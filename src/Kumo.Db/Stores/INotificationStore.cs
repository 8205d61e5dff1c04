using Kumo.Objects.Notifications;

namespace Kumo.Db.Stores;

public interface INotificationStore
{
    Task AddAsync(Notification notification, CancellationToken cancellationToken = default);

    /// <summary>Oldest first; filtered by event type prefix and/or instance uuid in the payload when given.</summary>
    Task<IReadOnlyList<Notification>> ListAsync(string? eventTypePrefix = null, Guid? instanceUuid = null, CancellationToken cancellationToken = default);
}
