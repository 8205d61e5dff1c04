using Kumo.Objects.Faults;
using Kumo.Objects.Instances;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Manager;

// init_host's settling of power actions a previous run left half done.
public sealed partial class ComputeManager
{
    private static bool IsPowerAction(TaskState? task) =>
        task is TaskState.PoweringOff or TaskState.PoweringOn or TaskState.Rebooting or TaskState.RebootingHard;

    /// <summary>
    /// A stop, start or reboot interrupted by a restart: the record takes the state the hypervisor
    /// shows (running → ACTIVE, anything else → SHUTOFF), the task is cleared, and a fault says the
    /// action did not finish, so the user can send it again. Nova's _init_instance retries the action
    /// silently; a client waiting for its end then sees a second action it never asked for.
    /// </summary>
    private async Task SettleInterruptedActionAsync(Instance instance, CancellationToken cancellationToken)
    {
        var task = instance.TaskState;
        var power = await GetPowerStateAsync(instance, cancellationToken);
        LogInterruptedAction(instance.Uuid, task.ToNovaName() ?? "none", power.ToString());
        await faults.AddAsync(new InstanceFault
        {
            InstanceUuid = instance.Uuid,
            Code = 500,
            Message = $"The compute service on {options.Host} restarted during the action (task state {task.ToNovaName()}); it did not finish."
                + $" The guest is {(power == PowerState.Running ? "running" : "not running")}; send the action again if it is still wanted.",
            Host = options.Host,
            CreatedAt = time.GetUtcNow(),
        }, cancellationToken);
        instance.PowerState = power;
        instance.VmState = power == PowerState.Running ? VmState.Active : VmState.Stopped;
        instance.TaskState = null;
        await instances.SaveAsync(instance, [task], cancellationToken);
    }

    [LoggerMessage(EventId = 1041, Level = LogLevel.Warning, Message = "Instance {InstanceUuid} was {TaskState} when the compute service started; the guest is {PowerState}, the task is cleared")]
    private partial void LogInterruptedAction(Guid instanceUuid, string taskState, string powerState);
}
