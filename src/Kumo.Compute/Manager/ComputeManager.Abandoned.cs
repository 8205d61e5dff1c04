using Kumo.Compute.Deadlines;
using Kumo.Objects.Context;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Manager;

// An operation's body left running past its deadline (a driver call that ignores its token): what the
// operation does without it at the deadline, and what is cleaned up when the body ends at last.
//
// A body is abandoned at its deadline plus Compute:Deadlines:AbandonGrace (one that honours its token
// unwinds meanwhile and is waited for, as before).
//
// The instance lock is released at the deadline, not when the body ends: the body may never end (a
// hung QEMU monitor), and the operation an operator then reaches for is a delete, which must run:
// libvirt's virDomainDestroy kills QEMU before it waits for the domain's job, so that delete is also
// what makes the hung call return. The body left behind is fenced instead of locked out:
//  - it works on its own copy of the instance, so nothing it sets in memory reaches the final state
//    written for the operation;
//  - its token is cancelled, so its next call that honours a token throws;
//  - its saves are compare-and-sets on the task state it set itself, which the final state (ERROR,
//    no task, or deleting for a later delete) no longer matches;
//  - when it ends, its own undo has run (a build's revert scope destroys the guest, deallocates the
//    ports and aborts the claim, each idempotent), and then, under the instance lock again,
//    ReconcileAbandonedAsync destroys a guest left for an instance that is gone or ERROR without ever
//    having run, and otherwise syncs the record with the hypervisor (a stop that landed late shows
//    SHUTOFF now, not at the next sync_power_states).
// Build slots (max_concurrent_builds) are released at the deadline too: a hang is mostly one guest's
// (its monitor), and holding a slot per hung build would let a few bad guests stop every build on the
// host. A libvirtd hung as a whole makes every build end at its deadline, with a fault, instead.
public sealed partial class ComputeManager
{
    private int _abandoned;

    /// <summary>Operation bodies past their deadline still running, or being cleaned up after (diagnostics and leak tests).</summary>
    public int AbandonedOperationCount => Volatile.Read(ref _abandoned);

    /// <summary>
    /// Runs <paramref name="body"/> under <paramref name="deadline"/> on a working copy of
    /// <paramref name="instance"/>. The state reached is copied back when the body ends, or as it
    /// stood when the body was abandoned; later changes of an abandoned body stay on its copy.
    /// </summary>
    private async Task RunUnderDeadlineAsync(OperationDeadline deadline, Instance instance, string operation, Func<Instance, CancellationToken, Task> body)
    {
        var working = instance.Clone();
        try
        {
            await deadline.RunAsync(ct => body(working, ct), () => StepOf(working), abandoned => OnAbandoned(abandoned, instance.Uuid, operation, StepOf(working)));
        }
        finally
        {
            CopyState(working, instance);
        }
    }

    /// <summary>The columns an instance save writes (SqlInstanceStore.SaveAsync).</summary>
    private static void CopyState(Instance from, Instance to)
    {
        (to.VmState, to.TaskState, to.PowerState) = (from.VmState, from.TaskState, from.PowerState);
        (to.Host, to.Node, to.ConfigDrive) = (from.Host, from.Node, from.ConfigDrive);
        (to.LaunchedAt, to.TerminatedAt, to.UpdatedAt) = (from.LaunchedAt, from.TerminatedAt, from.UpdatedAt);
        (to.DeletedAt, to.Deleted) = (from.DeletedAt, from.Deleted);
    }

    private void OnAbandoned(Task body, Guid instanceUuid, string operation, string step)
    {
        Interlocked.Increment(ref _abandoned);
        LogOperationAbandoned(instanceUuid, operation, step);
        _ = FinishAbandonedAsync(body, instanceUuid, operation, time.GetTimestamp());
    }

    private async Task FinishAbandonedAsync(Task body, Guid instanceUuid, string operation, long abandonedAt)
    {
        try
        {
            var outcome = "it completed";
            try
            {
                await body;
            }
            catch (Exception ex)
            {
                outcome = ex.Message;
            }
            LogAbandonedOperationEnded(instanceUuid, operation, time.GetElapsedTime(abandonedAt).TotalSeconds, outcome);
            using var instanceLock = await locks.AcquireAsync(instanceUuid);
            // Bounded as well: the driver that hung once may hang again, and this holds the lock.
            using var deadline = new OperationDeadline($"clean-up after the abandoned {operation}", nameof(OperationDeadlines.Delete), options.Deadlines.Delete,
                time, CancellationToken.None, options.Deadlines.AbandonGrace);
            await deadline.RunAsync(ct => ReconcileAbandonedAsync(instanceUuid, ct), () => "reconcile");
        }
        catch (Exception ex)
        {
            LogBookkeepingFailed($"clean up after the abandoned {operation} of {instanceUuid}", ex);
        }
        finally
        {
            Interlocked.Decrement(ref _abandoned);
        }
    }

    /// <summary>
    /// Under the instance lock, once an abandoned body has ended: a guest of an instance that is gone,
    /// deleted, or ERROR without ever having been launched (a build declared failed) has no owner and
    /// is destroyed with its disks; any other instance of this host is synced with the hypervisor.
    /// Nova has no such step; its _cleanup_running_deleted_instances finds a leaked guest only at the
    /// next periodic run (30 min) and only once the record is deleted.
    /// </summary>
    private async Task ReconcileAbandonedAsync(Guid instanceUuid, CancellationToken cancellationToken)
    {
        // A deleted record is kept (soft delete), so null means purged: init_host's reaper has no record
        // to go by either, and neither does this.
        if (await instances.TryGetAsync(instanceUuid, readDeleted: true, cancellationToken) is not { } instance)
        {
            return;
        }
        var unowned = instance.Deleted || instance.VmState == VmState.Deleted
            || (instance.VmState == VmState.Error && instance.LaunchedAt is null && instance.Host == options.Host);
        if (unowned)
        {
            if ((await driver.ListInstanceUuidsAsync(cancellationToken)).Contains(instanceUuid))
            {
                LogReapingAbandonedGuest(instanceUuid);
                var networkInfo = infoCaches is not null && await infoCaches.GetAsync(instanceUuid, cancellationToken) is { } cached ? cached : NetworkInfo.Empty;
                await driver.DestroyAsync(instance, networkInfo, destroyDisks: true, cancellationToken);
            }
            return;
        }
        if (instance.Host == options.Host)
        {
            await SyncInstancePowerStateAsync(instance, cancellationToken);
        }
    }

    /// <summary>
    /// A build abandoned at its deadline still holds, in its body, the claim and the ports its revert
    /// would have given back before ERROR: they are given back now (the revert repeats it when the body
    /// ends; each is idempotent). The guest is left to that revert or to a delete: destroying it means
    /// calling into the driver that is hung, which must not hold the final state.
    /// </summary>
    private async Task UndoAbandonedBuildAsync(RequestContext context, Instance instance)
    {
        await Best(() => tracker.DropInstanceUsageAsync(instance, CancellationToken.None), "give back the claim and allocation of an abandoned build");
        await Best(() => DeallocateNetworkAsync(context, instance, CancellationToken.None), "release the ports of an abandoned build");
    }

    [LoggerMessage(EventId = 1042, Level = LogLevel.Error,
        Message = "The {Operation} of instance {InstanceUuid} is past its deadline in {Step} and still running (a driver call that ignores cancellation); ending it without waiting")]
    private partial void LogOperationAbandoned(Guid instanceUuid, string operation, string step);

    [LoggerMessage(EventId = 1043, Level = LogLevel.Warning,
        Message = "The abandoned {Operation} of instance {InstanceUuid} ended {Seconds:0.0} s after its deadline: {Outcome}; cleaning up after it")]
    private partial void LogAbandonedOperationEnded(Guid instanceUuid, string operation, double seconds, string outcome);

    [LoggerMessage(EventId = 1044, Level = LogLevel.Warning, Message = "An abandoned operation left a guest for instance {InstanceUuid}, which is gone or failed before launch; destroying it")]
    private partial void LogReapingAbandonedGuest(Guid instanceUuid);
}
