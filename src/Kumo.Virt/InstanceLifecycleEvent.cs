namespace Kumo.Virt;

/// <summary>What happened to a guest, as the hypervisor reports it (Nova's virt LifecycleEvent).</summary>
public enum LifecycleTransition
{
    Started,
    Stopped,
    Paused,
    Resumed,
    Suspended,
    Crashed,
}

/// <summary>A guest changed state; may come from outside Kumo (a guest shutting itself down, `virsh destroy`).</summary>
public sealed record InstanceLifecycleEvent(Guid InstanceUuid, LifecycleTransition Transition);
