namespace Kumo.Objects.Instances;

/// <summary>Nova's vm_state: the stable state the user sees. Stored as Nova's lower-case names.</summary>
public enum VmState
{
    Building,
    Active,
    Paused,
    Suspended,
    Stopped,
    Rescued,
    Resized,
    SoftDeleted,
    Deleted,
    Error,
    Shelved,
    ShelvedOffloaded,
}
