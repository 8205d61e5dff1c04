using Kumo.Compute.Deadlines;
using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Errors;
using Kumo.Objects.Faults;
using Kumo.Objects.Instances;
using Kumo.Objects.Services;
using Microsoft.Extensions.Logging;

namespace Kumo.Conductor;

/// <summary>
/// Ends the pending operations nobody will finish: servers whose compute service is down (its
/// heartbeat older than service_down_time, as os-services shows it) or that never got a host, once
/// they are past their operation's deadline. A build or a delete ends in ERROR (delete again once the
/// host is back), a power action goes back to no task; each gets a fault saying which host and step.
/// Nova has no equivalent: its servers stay in BUILD or deleting for as long as the host is down.
/// A host that is up enforces its own deadlines (the compute manager's), so it is left alone.
/// </summary>
public sealed partial class PendingOperationSweeper(
    IInstanceStore instances,
    IServiceStore services,
    IInstanceFaultStore faults,
    IPlacementStore placement,
    OperationDeadlines deadlines,
    ServiceGroupOptions serviceGroup,
    TimeProvider time,
    ILogger<PendingOperationSweeper> logger)
{
    /// <summary>One pass; returns the servers whose operation it ended.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var computes = (await services.ListAsync(ServiceBinaries.Compute, cancellationToken)).ToDictionary(s => s.Host, StringComparer.Ordinal);
        var ended = 0;
        foreach (var instance in await instances.ListAsync(host: null, cancellationToken))
        {
            if (instance.TaskState is not { } task || deadlines.ForTaskState(task) is not { } deadline || deadline.Limit <= TimeSpan.Zero)
            {
                continue;
            }
            if (now - instance.UpdatedAt <= deadline.Limit || HostIsUp(instance.Host, computes, now) is not { } why)
            {
                continue;
            }
            var step = $"task state {task.ToNovaName()}";
            var message = OperationTimedOutException.Describe(deadline.Operation, deadline.Limit, deadline.Setting, step) + " " + why;
            if (await EndAsync(instance, task, message, cancellationToken))
            {
                LogEnded(instance.Uuid, deadline.Operation, message);
                ended++;
            }
        }
        return ended;
    }

    /// <summary>Null when the host's compute service is up; otherwise why nobody will finish the operation.</summary>
    private string? HostIsUp(string? host, Dictionary<string, ServiceRecord> computes, DateTimeOffset now)
    {
        if (host is null)
        {
            return "No compute host was ever chosen for it (the conductor or the scheduler lost the request).";
        }
        if (!computes.TryGetValue(host, out var service))
        {
            return $"Host {host} has no {ServiceBinaries.Compute} service.";
        }
        if (service.IsUp(now, serviceGroup.ServiceDownTime))
        {
            return null;
        }
        return $"The {ServiceBinaries.Compute} service on {host} is down: last heartbeat {(now - service.UpdatedAt).TotalSeconds:0} s ago"
            + $" (service_down_time {serviceGroup.ServiceDownTime.TotalSeconds:0} s).";
    }

    /// <summary>Fault first, then the state as a compare-and-set on the task state found (an operation that finished meanwhile wins).</summary>
    private async Task<bool> EndAsync(Instance instance, TaskState found, string message, CancellationToken cancellationToken)
    {
        var building = instance.VmState == VmState.Building;
        await faults.AddAsync(new InstanceFault
        {
            InstanceUuid = instance.Uuid, Code = 500, Message = message, Host = instance.Host, CreatedAt = time.GetUtcNow(),
        }, cancellationToken);
        if (building || found == TaskState.Deleting)
        {
            instance.VmState = VmState.Error;
        }
        instance.TaskState = null;
        try
        {
            await instances.SaveAsync(instance, [found], cancellationToken);
        }
        catch (Exception ex) when (ex is UnexpectedTaskStateException or InstanceNotFoundException)
        {
            return false;
        }
        if (building)
        {
            // Nothing was launched: what the scheduler allocated goes back (a host that returns settles its side at start).
            await placement.ReleaseAsync(instance.Uuid, cancellationToken);
        }
        return true;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Ended the {Operation} of instance {InstanceUuid}: {Reason}")]
    private partial void LogEnded(Guid instanceUuid, string operation, string reason);
}
