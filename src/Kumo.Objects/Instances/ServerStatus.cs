namespace Kumo.Objects.Instances;

/// <summary>The API's server "status" from vm_state and task_state (Nova's api/openstack/common.py mapping, trimmed).</summary>
public static class ServerStatus
{
    public static string From(VmState vmState, TaskState? taskState) => vmState switch
    {
        VmState.Building => "BUILD",
        VmState.Active => taskState switch
        {
            TaskState.Rebooting => "REBOOT",
            TaskState.RebootingHard => "HARD_REBOOT",
            TaskState.Rebuilding => "REBUILD",
            _ => "ACTIVE",
        },
        VmState.Stopped => "SHUTOFF",
        VmState.Paused => "PAUSED",
        VmState.Suspended => "SUSPENDED",
        VmState.Rescued => "RESCUE",
        VmState.Resized => "VERIFY_RESIZE",
        VmState.SoftDeleted => "SOFT_DELETED",
        VmState.Deleted => "DELETED",
        VmState.Error => "ERROR",
        VmState.Shelved => "SHELVED",
        VmState.ShelvedOffloaded => "SHELVED_OFFLOADED",
        _ => "UNKNOWN",
    };
}
