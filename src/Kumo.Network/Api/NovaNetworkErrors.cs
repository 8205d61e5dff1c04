using Kumo.Objects.Errors;

namespace Kumo.Network.Api;

// What Nova answers for a server's network request (nova/exception.py), in Nova's error body.

public sealed class RequestedNetworkNotFoundException(Guid id) : KumoException($"Network {id} could not be found.")
{
    public override int Code => 400;
}

public sealed class RequestedPortNotFoundException(Guid id) : KumoException($"Port {id} could not be found.")
{
    public override int Code => 400;
}

public sealed class RequestedPortInUseException(Guid id) : KumoException($"Port {id} is still in use.")
{
    public override int Code => 409;
}

public sealed class FixedIpInvalidException(string address, Guid networkId)
    : KumoException($"Fixed IP {address} is not a valid ip address for network {networkId}.")
{
    public override int Code => 400;
}

public sealed class FixedIpAlreadyInUseException(string address, string deviceId)
    : KumoException($"Fixed IP address {address} is already in use on instance {deviceId}.")
{
    public override int Code => 400;
}

public sealed class NetworkAmbiguousException()
    : KumoException("Multiple possible networks found, use a Network ID to be more specific.")
{
    public override int Code => 409;
}

public sealed class NoNetworkForAutoException()
    : KumoException("Unable to automatically allocate a network for this project: it has no network and none is shared.")
{
    public override int Code => 400;
}

public sealed class ServerSecurityGroupNotFoundException(string name, string projectId)
    : KumoException($"Security group {name} not found for project {projectId}.")
{
    public override int Code => 400;
}

public sealed class NoMoreFixedIpsException(Guid networkId)
    : KumoException($"Zero fixed IPs available on network {networkId}.")
{
    public override int Code => 409;
}
