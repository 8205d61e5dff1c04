using Kumo.Db.Stores;
using Kumo.Objects.Notifications;

namespace Kumo.Db.Notifications;

/// <summary>
/// Persists every notification so that tests and `kumo` commands can read what happened; publishing
/// on the bus is a separate notifier composed next to this one.
/// </summary>
public sealed class StoredNotifier(INotificationStore store, TimeProvider? timeProvider = null) : INotifier
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Stamps the notification with the current time when the emitter left Timestamp unset.</summary>
    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        var stamped = notification.Timestamp == default ? notification with { Timestamp = _time.GetUtcNow() } : notification;
        return store.AddAsync(stamped, cancellationToken);
    }
}
