using Kumo.Objects.Errors;

namespace Kumo.Virt.Events;

/// <summary>The instance's awaited events were cancelled: it is being deleted, or the compute service is stopping.</summary>
public sealed class InstanceEventsCancelledException(Guid instanceUuid, string reason)
    : KumoException($"Stopped waiting for events of instance {instanceUuid}: {reason}.")
{
    public Guid InstanceUuid { get; } = instanceUuid;

    public bool Deleted { get; init; }
}
