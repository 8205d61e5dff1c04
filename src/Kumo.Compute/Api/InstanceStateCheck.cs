using Kumo.Objects.Instances;

namespace Kumo.Compute.Api;

/// <summary>Nova's check_instance_state: the vm_state and task_state an action may start from.</summary>
public sealed record InstanceStateCheck(string Action, IReadOnlyCollection<VmState>? VmStates, IReadOnlyCollection<TaskState?>? TaskStates)
{
    public static readonly IReadOnlyCollection<TaskState?> NoTask = [null];

    public static readonly InstanceStateCheck Stop = new("stop", [VmState.Active, VmState.Error], NoTask);

    public static readonly InstanceStateCheck Start = new("start", [VmState.Stopped], NoTask);

    // Nova's ALLOW_SOFT_REBOOT is [active]; a soft reboot also needs no task in flight.
    public static readonly InstanceStateCheck SoftReboot = new("reboot", [VmState.Active], NoTask);

    // ALLOW_HARD_REBOOT adds stopped, paused, suspended and error, and a hard reboot may replace a soft one.
    public static readonly InstanceStateCheck HardReboot = new("reboot",
        [VmState.Active, VmState.Stopped, VmState.Paused, VmState.Suspended, VmState.Error],
        [null, TaskState.Rebooting, TaskState.RebootingHard]);

    public static readonly InstanceStateCheck UpdateMetadata = new("update metadata",
        [VmState.Active, VmState.Paused, VmState.Suspended, VmState.Stopped], NoTask);

    // Nova restores only SOFT_DELETED servers; Kumo deletes at once (Nova's reclaim_instance_interval = 0),
    // so no server is ever soft-deleted and no state allows a restore.
    public static readonly InstanceStateCheck Restore = new("restore", [], null);

    public static readonly InstanceStateCheck DeleteMetadata = UpdateMetadata with { Action = "delete metadata" };

    /// <summary>Throws <see cref="InstanceInvalidStateException"/> when the instance is not in an allowed state.</summary>
    public void Ensure(Instance instance)
    {
        if (VmStates is not null && !VmStates.Contains(instance.VmState))
        {
            throw new InstanceInvalidStateException(Action, instance.Uuid, "vm_state", instance.VmState.ToNovaName());
        }
        if (TaskStates is not null && !TaskStates.Contains(instance.TaskState))
        {
            throw new InstanceInvalidStateException(Action, instance.Uuid, "task_state", instance.TaskState.ToNovaName() ?? "None");
        }
    }
}
