namespace Kumo.Virt.Libvirt.Host;

/// <summary>
/// A VIR_DOMAIN_EVENT_ID_LIFECYCLE event. <see cref="Detail"/> is the type-specific
/// virDomainEvent*DetailType value (for Stopped: 0 shutdown, 1 destroyed, 2 crashed, 3 migrated,
/// 4 saved, 5 failed, 6 from snapshot).
/// </summary>
public sealed record DomainLifecycleEvent(Guid Uuid, string Name, DomainEventType Type, int Detail);

/// <summary>virDomainEventType.</summary>
public enum DomainEventType
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Suspended = 3,
    Resumed = 4,
    Stopped = 5,
    Shutdown = 6,
    PMSuspended = 7,
    Crashed = 8,
}
