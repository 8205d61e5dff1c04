namespace Kumo.Objects.Instances;

/// <summary>
/// Nova's task_state: the operation in flight. "None" is a null <c>TaskState?</c>, as in Nova,
/// so a compare-and-set can expect "no task" explicitly.
/// </summary>
public enum TaskState
{
    Scheduling,
    BlockDeviceMapping,
    Networking,
    Spawning,
    ImageSnapshot,
    Rebooting,
    RebootingHard,
    PoweringOff,
    PoweringOn,
    Rebuilding,
    Deleting,
    SoftDeleting,
    Restoring,
}
