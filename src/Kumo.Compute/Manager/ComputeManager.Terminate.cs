using Kumo.Compute.Deadlines;
using Kumo.Compute.Wrappers;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Manager;

public sealed partial class ComputeManager
{
    public const string TerminateEvent = "compute_terminate_instance";

    private static readonly IReadOnlyCollection<TaskState?> DeletingOnly = [TaskState.Deleting];

    /// <summary>
    /// Deletes a server (Nova's terminate_instance): guest, disks, instance directory, ports and claim,
    /// then the record. Waits for a build in flight on the same instance (the instance lock).
    /// </summary>
    public async Task TerminateInstanceAsync(RequestContext context, Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        using var activity = ComputeTelemetry.Start("terminate_instance", instanceUuid);
        // Before the lock: a build waiting for its ports holds it, and must not hold the delete for
        // up to vif_plugging_timeout (Nova clears the events only once it has the lock).
        if (_instanceEvents.CancelForInstance(instanceUuid, "the instance is being deleted") is > 0 and var cancelled)
        {
            LogEventsCancelled(instanceUuid, cancelled, "the instance is being deleted");
        }
        using var instanceLock = await locks.AcquireAsync(instanceUuid, cancellationToken);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.RequestId, ["InstanceUuid"] = instanceUuid });
        var instance = await instances.TryGetAsync(instanceUuid, cancellationToken: cancellationToken);
        if (instance is null)
        {
            // Deleted already (a repeated delete): the action still gets its finish time.
            await Best(() => actions.FinishActionAsync(instanceUuid, context.RequestId), "finish the delete action");
            return;
        }
        try
        {
            using var deadline = new OperationDeadline("delete", nameof(OperationDeadlines.Delete), options.Deadlines.Delete, time, cancellationToken,
                options.Deadlines.AbandonGrace);
            Operation terminate = () => RunUnderDeadlineAsync(deadline, instance, "delete", (working, ct) => ShutdownAndDeleteAsync(context, working, ct));
            await terminate.With(
                wrap.WrapException(context, instance, "delete.error"),
                wrap.WrapInstanceEvent(context, instance, TerminateEvent),
                wrap.WrapInstanceFault(context, instance))();
        }
        catch (Exception ex) when (ex is not InstanceNotFoundException)
        {
            // Nova leaves a failed delete in ERROR so the user can retry the delete.
            await SetInstanceErrorStateAsync(instance, DeletingOnly);
            throw;
        }
        finally
        {
            await Best(() => actions.FinishActionAsync(instanceUuid, context.RequestId), "finish the delete action");
        }
    }

    private async Task ShutdownAndDeleteAsync(RequestContext context, Instance instance, CancellationToken cancellationToken)
    {
        // The deleted save is a compare-and-set on the task state the delete found: a delete abandoned at
        // its deadline (its row now ERROR) must not mark the instance deleted when its destroy returns late.
        IReadOnlyCollection<TaskState?> found = [instance.TaskState];
        await notifier.NotifyAsync(context, instance, "delete.start", cancellationToken: cancellationToken);
        var networkInfo = await ReadNetworkInfoAsync(instance, "unplug", cancellationToken);
        await driver.DestroyAsync(instance, networkInfo, destroyDisks: true, cancellationToken);
        await DeallocateNetworkAsync(context, instance, cancellationToken);
        await tracker.DropInstanceUsageAsync(instance, cancellationToken);
        instance.VmState = VmState.Deleted;
        instance.TaskState = null;
        instance.PowerState = PowerState.NoState;
        instance.TerminatedAt = time.GetUtcNow();
        await instances.SaveAsync(instance, found, cancellationToken);
        await instances.DestroyAsync(instance.Uuid, cancellationToken);
        await notifier.NotifyAsync(context, instance, "delete.end", cancellationToken: cancellationToken);
        LogInstanceDeleted(instance.Uuid);
    }
}
