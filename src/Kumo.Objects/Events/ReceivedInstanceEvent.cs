namespace Kumo.Objects.Events;

/// <summary>
/// An external event as a compute host received it: whether a waiter (a build waiting for
/// network-vif-plugged) took it, or it arrived with nobody waiting.
/// </summary>
public sealed record ReceivedInstanceEvent(
    Guid InstanceUuid,
    string Name,
    string? Tag,
    string Status,
    string Host,
    bool Expected,
    DateTimeOffset CreatedAt);
