using Kumo.Compute.Rpc;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Api;

// The server actions (Nova's compute/api.py stop, start, reboot): check the state, claim the task
// state by compare-and-set, record the action under the request id, cast to the host.
public sealed partial class ComputeApi
{
    public async Task StopAsync(RequestContext context, Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var host = await BeginActionAsync(context, instanceUuid, InstanceStateCheck.Stop, TaskState.PoweringOff, ActionNames.Stop, cancellationToken);
        await computeRpc.StopInstanceAsync(context, host, instanceUuid, new StopInstanceRequest(), cancellationToken);
    }

    public async Task StartAsync(RequestContext context, Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var host = await BeginActionAsync(context, instanceUuid, InstanceStateCheck.Start, TaskState.PoweringOn, ActionNames.Start, cancellationToken);
        await computeRpc.StartInstanceAsync(context, host, instanceUuid, new StartInstanceRequest(), cancellationToken);
    }

    public async Task RebootAsync(RequestContext context, Guid instanceUuid, RebootType type, CancellationToken cancellationToken = default)
    {
        var (check, taskState) = type == RebootType.Hard
            ? (InstanceStateCheck.HardReboot, TaskState.RebootingHard)
            : (InstanceStateCheck.SoftReboot, TaskState.Rebooting);
        var host = await BeginActionAsync(context, instanceUuid, check, taskState, ActionNames.Reboot, cancellationToken);
        await computeRpc.RebootInstanceAsync(context, host, instanceUuid, new RebootInstanceRequest(type), cancellationToken);
    }

    /// <summary>Nova's restore of a soft-deleted server: a 409 for every server Kumo has (see InstanceStateCheck.Restore).</summary>
    public async Task RestoreAsync(RequestContext context, Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var instance = await GetAsync(context, instanceUuid, cancellationToken);
        InstanceStateCheck.Restore.Ensure(instance);
    }

    /// <summary>Nova's force_delete: a delete in any vm_state and task_state.</summary>
    public async Task ForceDeleteAsync(RequestContext context, Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        await GetAsync(context, instanceUuid, cancellationToken);
        await DeleteAsync(context, instanceUuid, cancellationToken);
    }

    /// <summary>
    /// The state check, then the task state as a compare-and-set on the task states the check allows
    /// (so of two racing actions one gets 409 and nothing changes), then the action record.
    /// </summary>
    private async Task<string> BeginActionAsync(RequestContext context, Guid instanceUuid, InstanceStateCheck check, TaskState taskState,
        string actionName, CancellationToken cancellationToken)
    {
        var instance = await GetAsync(context, instanceUuid, cancellationToken);
        check.Ensure(instance);
        if (instance.Host is not { } host)
        {
            // Never scheduled (ERROR from "no valid host"): there is no guest to act on.
            throw new InstanceInvalidStateException(check.Action, instanceUuid, "vm_state", instance.VmState.ToNovaName());
        }
        try
        {
            await instances.SetTaskStateAsync(instanceUuid, taskState, check.TaskStates ?? [null, .. Enum.GetValues<TaskState>().Cast<TaskState?>()], cancellationToken);
        }
        catch (UnexpectedTaskStateException)
        {
            var now = await instances.GetAsync(instanceUuid, cancellationToken: cancellationToken);
            throw new InstanceInvalidStateException(check.Action, instanceUuid, "task_state", now.TaskState.ToNovaName() ?? "None");
        }
        await actions.StartActionAsync(instanceUuid, actionName, context.RequestId, context.UserId, context.ProjectId, cancellationToken);
        return host;
    }
}
