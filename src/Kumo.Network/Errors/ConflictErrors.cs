namespace Kumo.Network.Errors;

public sealed class NetworkInUseException(Guid id)
    : NeutronConflictException($"Unable to complete operation on network {id}. There are one or more ports still in use on the network.");

public sealed class SubnetInUseException(Guid id)
    : NeutronConflictException($"Unable to complete operation on subnet {id}: One or more ports have an IP allocation from this subnet.");

public sealed class IpAddressGenerationFailureException(Guid networkId)
    : NeutronConflictException($"No more IP addresses available on network {networkId}.");

public sealed class IpAddressAlreadyAllocatedException(string ip, Guid subnetId)
    : NeutronConflictException($"IP address {ip} already allocated in subnet {subnetId}");

public sealed class MacAddressInUseException(Guid networkId, string mac)
    : NeutronConflictException($"Unable to complete operation for network {networkId}. The mac address {mac} is in use.");

public sealed class SecurityGroupRuleExistsException(Guid ruleId)
    : NeutronConflictException($"Security group rule already exists. Rule id is {ruleId}.");

public sealed class SecurityGroupInUseException(Guid id)
    : NeutronConflictException($"Security Group {id} in use.");

public sealed class SecurityGroupCannotRemoveDefaultException()
    : NeutronConflictException("Insufficient rights for removing default security group.");

public sealed class GatewayConflictWithAllocationPoolsException(string gateway, string pool)
    : NeutronConflictException($"Gateway ip {gateway} conflicts with allocation pool {pool}.");

public sealed class PortInUseException(Guid portId, Guid networkId, string deviceId)
    : NeutronConflictException($"Unable to complete operation on port {portId} for network {networkId}. Port already has an attached device {deviceId}.");

public sealed class PortSecurityPortHasSecurityGroupException()
    : NeutronConflictException("Port has security group associated. Cannot disable port security or IP address until security group is removed.");

public sealed class AddressPairAndPortSecurityRequiredException()
    : NeutronConflictException("Port Security must be enabled in order to have allowed address pairs on a port.");

public sealed class SecurityGroupDefaultAlreadyExistsException()
    : NeutronConflictException("Default security group already exists.");

public sealed class SecurityGroupCannotUpdateDefaultException()
    : NeutronConflictException("Updating default security group not allowed.");
