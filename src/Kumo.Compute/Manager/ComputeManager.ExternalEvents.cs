using Kumo.Compute.Deadlines;
using Kumo.Compute.Events;
using Kumo.Objects.Context;
using Kumo.Objects.Events;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Events;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Manager;

// External events (Nova's external_instance_event): network-vif-plugged completes a build's wait,
// network-changed refreshes the info cache; each one is recorded with whether anybody waited.
public sealed partial class ComputeManager
{
    private readonly InstanceEvents _instanceEvents = new();
    private ComputeVirtApi? _virtApi;

    /// <summary>The waiters of this host's operations (Nova's instance_events).</summary>
    public InstanceEvents InstanceEvents => _instanceEvents;

    private ComputeVirtApi VirtApi =>
        _virtApi ??= new ComputeVirtApi(_instanceEvents, new VifPluggingPolicy(options.VifPluggingTimeout, options.VifPluggingIsFatal), time);

    /// <summary>
    /// The cast the compute API sends for os-server-external-events. Never takes the instance lock:
    /// the build holding it is the one waiting for these events.
    /// </summary>
    public async Task ExternalInstanceEventAsync(RequestContext context, IReadOnlyList<ExternalInstanceEvent> events, CancellationToken cancellationToken = default)
    {
        foreach (var e in events)
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.RequestId, ["InstanceUuid"] = e.ServerUuid });
            var expected = e.Name switch
            {
                ExternalInstanceEvent.NetworkChanged => await RefreshInfoCacheAsync(e.ServerUuid, cancellationToken),
                _ => _instanceEvents.TryPop(e),
            };
            if (expected)
            {
                LogExternalEvent(e.ServerUuid, e.Key, e.Status);
            }
            else
            {
                await LogUnexpectedEventAsync(e, cancellationToken);
            }
            await Best(() => receivedEvents?.RecordAsync(new ReceivedInstanceEvent(e.ServerUuid, e.Name, e.Tag, e.Status, options.Host, expected,
                time.GetUtcNow()), CancellationToken.None) ?? Task.CompletedTask, "record an external event");
        }
    }

    /// <summary>
    /// Nobody waited: normal for network-vif-unplugged of a server being deleted and for ports
    /// plugged again after a restart; worth a warning otherwise (Nova: "Received unexpected event").
    /// </summary>
    private async Task LogUnexpectedEventAsync(ExternalInstanceEvent e, CancellationToken cancellationToken)
    {
        var instance = await instances.TryGetAsync(e.ServerUuid, readDeleted: true, cancellationToken: cancellationToken);
        if (instance is null || instance.Deleted || instance.TaskState == TaskState.Deleting || e.Name == ExternalInstanceEvent.NetworkVifUnplugged)
        {
            LogIgnoredEvent(e.ServerUuid, e.Key);
            return;
        }
        LogUnexpectedEvent(e.ServerUuid, e.Key, instance.VmState.ToNovaName(), instance.TaskState.ToNovaName() ?? "none");
    }

    /// <summary>network-changed: the ports changed in the network service; the cache follows.</summary>
    private async Task<bool> RefreshInfoCacheAsync(Guid instanceUuid, CancellationToken cancellationToken)
    {
        var instance = await instances.TryGetAsync(instanceUuid, cancellationToken: cancellationToken);
        if (instance is null || instance.TaskState == TaskState.Deleting)
        {
            return false;
        }
        var networkInfo = await network.GetInstanceNetworkInfoAsync(instance, cancellationToken);
        await SaveInfoCacheAsync(instanceUuid, networkInfo, cancellationToken);
        return true;
    }

    private Task SaveInfoCacheAsync(Guid instanceUuid, NetworkInfo networkInfo, CancellationToken cancellationToken) =>
        infoCaches?.SaveAsync(instanceUuid, networkInfo, cancellationToken) ?? Task.CompletedTask;

    /// <summary>The ports go, then the cache that described them.</summary>
    private async Task DeallocateNetworkAsync(RequestContext context, Instance instance, CancellationToken cancellationToken)
    {
        await NetworkCallDeadline.RunAsync("deallocate_for_instance: delete or unbind the ports", nameof(OperationDeadlines.NetworkCall),
            options.Deadlines.NetworkCall, time, ct => network.DeallocateForInstanceAsync(context, instance, ct), cancellationToken);
        if (infoCaches is not null)
        {
            await infoCaches.DeleteAsync(instance.Uuid, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Instance {InstanceUuid}: received {Event} ({Status})")]
    private partial void LogExternalEvent(Guid instanceUuid, string @event, string status);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning,
        Message = "Instance {InstanceUuid}: received unexpected event {Event} with vm_state {VmState} and task_state {TaskState}; nobody was waiting for it")]
    private partial void LogUnexpectedEvent(Guid instanceUuid, string @event, string vmState, string taskState);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Debug, Message = "Instance {InstanceUuid}: ignored {Event} (deleted, being deleted, or an unplug nobody waits for)")]
    private partial void LogIgnoredEvent(Guid instanceUuid, string @event);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Debug, Message = "Instance {InstanceUuid}: cancelled {Count} event waiter(s): {Reason}")]
    private partial void LogEventsCancelled(Guid instanceUuid, int count, string reason);
}
