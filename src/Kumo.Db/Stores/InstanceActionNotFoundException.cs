using Kumo.Objects.Errors;

namespace Kumo.Db.Stores;

/// <summary>No action of that request on that instance (Nova's InstanceActionNotFound).</summary>
public sealed class InstanceActionNotFoundException(Guid instanceUuid, string requestId)
    : KumoException($"Action for request_id {requestId} on instance {instanceUuid} not found")
{
    public Guid InstanceUuid { get; } = instanceUuid;
    public string RequestId { get; } = requestId;
    public override int Code => 404;
}
