using Kumo.Compute.Rpc;
using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Scheduler.Rpc;
using Microsoft.Extensions.Logging;

namespace Kumo.Conductor;

/// <summary>
/// The conductor (nova-conductor's ComputeTaskManager): takes the build request the API recorded,
/// asks the scheduler for destinations, records each selection on its instance and casts
/// build_and_run_instance to the chosen host. When scheduling fails, each instance gets its fault,
/// its event and then ERROR, and nothing stays allocated.
/// </summary>
public sealed partial class ConductorManager(
    IInstanceStore instances,
    IInstanceActionStore actions,
    IPlacementStore placement,
    SchedulingFailures failures,
    SchedulerRpcApi scheduler,
    ComputeRpcApi compute,
    ILogger<ConductorManager> logger,
    int maxAttempts = ConductorManager.DefaultMaxAttempts)
{
    /// <summary>The conductor's instance action event, as Nova names it.</summary>
    public const string ScheduleEvent = "conductor_schedule_and_build_instances";

    public async Task ScheduleAndBuildInstancesAsync(RequestContext context, ScheduleAndBuildInstancesRequest request, CancellationToken cancellationToken = default)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = context.RequestId });
        foreach (var uuid in request.InstanceUuids)
        {
            await actions.StartEventAsync(uuid, context.RequestId, ScheduleEvent, null, cancellationToken);
        }
        IReadOnlyList<Selection> selections;
        try
        {
            selections = await scheduler.SelectDestinationsAsync(context, request.Spec, request.InstanceUuids, cancellationToken);
        }
        catch (KumoException ex)
        {
            LogSchedulingFailed(string.Join(", ", request.InstanceUuids), ex.Message);
            foreach (var uuid in request.InstanceUuids)
            {
                await failures.BuryAsync(context, uuid, ScheduleEvent, ex, CancellationToken.None);
            }
            return;
        }
        var build = new BuildRequest(request.RequestedNetworks, null, request.AdminPassword) { InjectedFiles = request.InjectedFiles, Spec = request.Spec };
        foreach (var selection in selections)
        {
            await BuildOnAsync(context, selection, build, cancellationToken);
        }
    }

    /// <summary>
    /// Records the selection (host and node, a compare-and-set from scheduling so that a delete that
    /// came first wins) and casts the build. An instance deleted meanwhile gets its allocation back.
    /// </summary>
    private async Task BuildOnAsync(RequestContext context, Selection selection, BuildRequest build, CancellationToken cancellationToken)
    {
        var uuid = selection.InstanceUuid;
        try
        {
            var instance = await instances.GetAsync(uuid, cancellationToken: cancellationToken);
            instance.Host = selection.Host;
            instance.Node = selection.Node;
            await instances.SaveAsync(instance, [TaskState.Scheduling], cancellationToken);
        }
        catch (Exception ex) when (ex is InstanceNotFoundException or UnexpectedTaskStateException)
        {
            LogInstanceGoneBeforeBuild(uuid, ex.Message);
            await placement.ReleaseAsync(uuid, CancellationToken.None);
            await Best(() => actions.FinishEventAsync(uuid, context.RequestId, ScheduleEvent, ActionNames.ResultError, null, ex.Message, CancellationToken.None));
            return;
        }
        await actions.FinishEventAsync(uuid, context.RequestId, ScheduleEvent, ActionNames.ResultSuccess, null, null, cancellationToken);
        LogScheduled(uuid, selection.Host, selection.Node);
        await compute.BuildAndRunInstanceAsync(context, selection.Host, uuid, build with { Limits = selection.Limits }, cancellationToken);
    }

    private async Task Best(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (KumoException ex)
        {
            LogBookkeepingFailed(ex.Message, ex);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Scheduling instances {InstanceUuids} failed: {Reason}")]
    private partial void LogSchedulingFailed(string instanceUuids, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Instance {InstanceUuid} scheduled to {Host} ({Node})")]
    private partial void LogScheduled(Guid instanceUuid, string host, string node);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Instance {InstanceUuid} is no longer waiting for its build ({Reason}); its allocation was released")]
    private partial void LogInstanceGoneBeforeBuild(Guid instanceUuid, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Conductor bookkeeping failed: {Reason}")]
    private partial void LogBookkeepingFailed(string reason, Exception ex);
}
