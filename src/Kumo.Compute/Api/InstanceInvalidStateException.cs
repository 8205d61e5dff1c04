using Kumo.Objects.Errors;

namespace Kumo.Compute.Api;

/// <summary>
/// An action the instance's state does not allow: 409 with the message Nova's API gives
/// (raise_http_conflict_for_instance_invalid_state), and nothing changed.
/// </summary>
public sealed class InstanceInvalidStateException(string action, Guid uuid, string attribute, string state)
    : KumoException($"Cannot '{action}' instance {uuid} while it is in {attribute} {state}")
{
    public override int Code => 409;
}
