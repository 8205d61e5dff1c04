using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Notifications;

namespace Kumo.Db.Stores;

/// <summary>
/// Persisted notifications. The payload's instance id is copied into its own indexed column on
/// insert so that "notifications of this instance" needs no JSON function (which differ per engine).
/// </summary>
public sealed class SqlNotificationStore(KumoDatabase database) : INotificationStore
{
    // Legacy (unversioned) Nova payloads name the instance "instance_id"; some use "instance_uuid".
    private static readonly string[] InstanceKeys = ["instance_uuid", "instance_id"];

    public Task AddAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            MessageId = DbValues.Id(notification.MessageId),
            notification.EventType,
            notification.PublisherId,
            Priority = PriorityName(notification.Priority),
            PayloadJson = notification.Payload.ToJsonString(),
            notification.RequestId,
            InstanceUuid = InstanceOf(notification.Payload) is { } uuid ? DbValues.Id(uuid) : null,
            Timestamp = DbValues.Time(notification.Timestamp),
        };
        return database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO notifications (message_id, event_type, publisher_id, priority, payload_json, request_id, instance_uuid, timestamp)
            VALUES (@MessageId, @EventType, @PublisherId, @Priority, @PayloadJson, @RequestId, @InstanceUuid, @Timestamp)
            """, parameters, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Oldest first in the order they were stored: timestamps come from many hosts' clocks.</summary>
    public async Task<IReadOnlyList<Notification>> ListAsync(string? eventTypePrefix = null, Guid? instanceUuid = null, CancellationToken cancellationToken = default)
    {
        var dialect = database.Dialect;
        var filters = new List<string>();
        if (eventTypePrefix is not null)
        {
            filters.Add(dialect.StartsWith("event_type", "EventTypePattern"));
        }
        if (instanceUuid is not null)
        {
            filters.Add("instance_uuid = @InstanceUuid");
        }
        var sql = """
            SELECT message_id AS MessageId, event_type AS EventType, publisher_id AS PublisherId, priority AS Priority,
                payload_json AS PayloadJson, request_id AS RequestId, timestamp AS Timestamp
            FROM notifications
            """
            + (filters.Count > 0 ? " WHERE " + string.Join(" AND ", filters) : "")
            + " ORDER BY id";
        var parameters = new
        {
            EventTypePattern = eventTypePrefix is null ? null : dialect.PrefixPattern(eventTypePrefix),
            InstanceUuid = instanceUuid is { } uuid ? DbValues.Id(uuid) : null,
        };
        var rows = await database.ReadAsync(connection => connection.QueryAsync<NotificationRow>(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToNotification()).ToList();
    }

    private static Guid? InstanceOf(JsonObject payload)
    {
        foreach (var key in InstanceKeys)
        {
            if (payload[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String
                && Guid.TryParse(value.GetValue<string>(), out var uuid))
            {
                return uuid;
            }
        }
        return null;
    }

    // oslo.messaging's priority names.
    private static string PriorityName(NotificationPriority priority) => priority.ToString().ToUpperInvariant();

    private sealed class NotificationRow
    {
        public string MessageId { get; set; } = "";
        public string EventType { get; set; } = "";
        public string PublisherId { get; set; } = "";
        public string Priority { get; set; } = "";
        public string PayloadJson { get; set; } = "{}";
        public string? RequestId { get; set; }
        public string Timestamp { get; set; } = "";

        public Notification ToNotification() => new()
        {
            MessageId = Guid.Parse(MessageId),
            EventType = EventType,
            PublisherId = PublisherId,
            Priority = Enum.Parse<NotificationPriority>(Priority, ignoreCase: true),
            Payload = JsonNode.Parse(PayloadJson)?.AsObject() ?? [],
            RequestId = RequestId,
            Timestamp = DbValues.ParseTime(Timestamp),
        };
    }
}
