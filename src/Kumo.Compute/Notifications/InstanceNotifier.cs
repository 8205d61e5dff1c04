using System.Text.Json.Nodes;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Objects.Notifications;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Notifications;

/// <summary>
/// Builds and sends the compute.instance.* notifications with Nova's legacy instance payload
/// (tenant_id, instance_id, state, flavor sizes ...), plus what each event adds. As Nova's notifier,
/// it never fails the operation it reports on: a notification that cannot be sent is logged.
/// </summary>
public sealed partial class InstanceNotifier(INotifier notifier, ComputeOptions options, TimeProvider time, ILogger<InstanceNotifier> logger)
{
    public string PublisherId => $"compute.{options.Host}";

    public Task NotifyAsync(RequestContext context, Instance instance, string eventSuffix, JsonObject? extra = null,
        NotificationPriority priority = NotificationPriority.Info, CancellationToken cancellationToken = default)
    {
        var payload = InstancePayload(instance);
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                payload[key] = value?.DeepClone();
            }
        }
        return SendAsync(new Notification
        {
            EventType = $"compute.instance.{eventSuffix}",
            PublisherId = PublisherId,
            Priority = priority,
            Payload = payload,
            RequestId = context.RequestId,
            Timestamp = time.GetUtcNow(),
        }, cancellationToken);
    }

    private async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        try
        {
            await notifier.NotifyAsync(notification, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotifyFailed(notification.EventType, ex);
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Could not send notification {EventType}; the operation goes on")]
    private partial void LogNotifyFailed(string eventType, Exception ex);

    public static JsonObject NetworkInfoPayload(NetworkInfo networkInfo) => new()
    {
        ["fixed_ips"] = new JsonArray([.. networkInfo.Vifs.SelectMany(v => v.FixedIps.Select(ip => (JsonNode)new JsonObject
        {
            ["address"] = ip,
            ["vif_mac"] = v.MacAddress,
            ["network_id"] = v.NetworkId.ToString(),
            ["port_id"] = v.PortId.ToString(),
        }))]),
        ["ports"] = networkInfo.Vifs.Count,
    };

    public static JsonObject InstancePayload(Instance instance) => new()
    {
        ["tenant_id"] = instance.ProjectId,
        ["user_id"] = instance.UserId,
        ["instance_id"] = instance.Uuid.ToString(),
        ["display_name"] = instance.DisplayName,
        ["hostname"] = instance.Hostname,
        ["host"] = instance.Host,
        ["node"] = instance.Node,
        ["instance_type"] = instance.Flavor.Name,
        ["instance_type_id"] = instance.Flavor.Id,
        ["vcpus"] = instance.Vcpus,
        ["memory_mb"] = instance.MemoryMb,
        ["root_gb"] = instance.Flavor.RootGb,
        ["ephemeral_gb"] = instance.Flavor.EphemeralGb,
        ["disk_gb"] = instance.DiskGb,
        ["image_ref_url"] = instance.ImageRef.ToString(),
        ["state"] = instance.VmState.ToNovaName(),
        ["state_description"] = instance.TaskState.ToNovaName() ?? "",
        ["power_state"] = instance.PowerState.ToNovaName(),
        ["created_at"] = instance.CreatedAt.ToString("O"),
        ["launched_at"] = instance.LaunchedAt?.ToString("O") ?? "",
        ["terminated_at"] = instance.TerminatedAt?.ToString("O") ?? "",
    };
}
