using Kumo.Objects.Errors;

namespace Kumo.Db.Stores;

/// <summary>The action exists but has no such event (Nova's InstanceActionEventNotFound).</summary>
public sealed class InstanceActionEventNotFoundException(Guid instanceUuid, string requestId, string eventName)
    : KumoException($"Event {eventName} not found for action of request_id {requestId} on instance {instanceUuid}")
{
    public string EventName { get; } = eventName;
    public override int Code => 404;
}
