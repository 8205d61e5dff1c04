using System.Text.Json.Nodes;

namespace Kumo.Objects.Notifications;

/// <summary>A versioned-notification-style message ("compute.instance.create.start" ...).</summary>
public sealed record Notification
{
    public Guid MessageId { get; init; } = Guid.NewGuid();
    public required string EventType { get; init; }
    public required string PublisherId { get; init; }
    public NotificationPriority Priority { get; init; } = NotificationPriority.Info;
    public required JsonObject Payload { get; init; }
    public string? RequestId { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}

public enum NotificationPriority
{
    Info,
    Warn,
    Error,
}

/// <summary>Where notifications go: persisted, and later also published on the bus.</summary>
public interface INotifier
{
    Task NotifyAsync(Notification notification, CancellationToken cancellationToken = default);
}
