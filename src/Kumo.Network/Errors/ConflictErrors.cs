namespace Kumo.Network.Errors;

public sealed class NetworkInUseException(Guid id)
    : NeutronException($"Unable to complete operation on network {id}. There are one or more ports still in use on the network.")
{
    public override int Code => 409;
}

public sealed class SubnetInUseException(Guid id)
    : NeutronException($"Unable to complete operation on subnet {id}: One or more ports have an IP allocation from this subnet.")
{
    public override int Code => 409;
}

public sealed class IpAddressGenerationFailureException(Guid networkId)
    : NeutronException($"No more IP addresses available on network {networkId}.")
{
    public override int Code => 409;
}

public sealed class IpAddressAlreadyAllocatedException(string ip, Guid subnetId)
    : NeutronException($"IP address {ip} already allocated in subnet {subnetId}")
{
    public override int Code => 409;
}

public sealed class MacAddressInUseException(Guid networkId, string mac)
    : NeutronException($"Unable to complete operation for network {networkId}. The mac address {mac} is in use.")
{
    public override int Code => 409;
}

public sealed class SecurityGroupRuleExistsException(Guid ruleId)
    : NeutronException($"Security group rule already exists. Rule id is {ruleId}.")
{
    public override int Code => 409;
}

public sealed class SecurityGroupInUseException(Guid id)
    : NeutronException($"Security Group {id} in use.")
{
    public override int Code => 409;
}

public sealed class SecurityGroupCannotRemoveDefaultException()
    : NeutronException("Insufficient rights for removing default security group.")
{
    public override int Code => 409;
}

public sealed class GatewayConflictWithAllocationPoolsException(string gateway, string pool)
    : NeutronException($"Gateway ip {gateway} conflicts with allocation pool {pool}.")
{
    public override int Code => 409;
}

public sealed class PortInUseException(Guid portId, Guid networkId, string deviceId)
    : NeutronException($"Unable to complete operation on port {portId} for network {networkId}. Port already has an attached device {deviceId}.")
{
    public override int Code => 409;
}

public sealed class PortSecurityPortHasSecurityGroupException()
    : NeutronException("Port has security group associated. Cannot disable port security or IP address until security group is removed.")
{
    public override int Code => 409;
}

public sealed class AddressPairAndPortSecurityRequiredException()
    : NeutronException("Port Security must be enabled in order to have allowed address pairs on a port.")
{
    public override int Code => 409;
}

public sealed class SecurityGroupDefaultAlreadyExistsException()
    : NeutronException("Default security group already exists.")
{
    public override int Code => 409;
}

public sealed class SecurityGroupCannotUpdateDefaultException()
    : NeutronException("Updating default security group not allowed.")
{
    public override int Code => 409;
}
