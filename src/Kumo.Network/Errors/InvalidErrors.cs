namespace Kumo.Network.Errors;

public sealed class InvalidIpForSubnetException(string ip)
    : NeutronBadRequestException($"IP address {ip} is not a valid IP for the specified subnet.");

public sealed class InvalidIpForNetworkException(string ip)
    : NeutronBadRequestException($"IP address {ip} is not a valid IP for any of the subnets on the specified network.");

public sealed class OverlappingAllocationPoolsException(string pool1, string pool2, string cidr)
    : NeutronBadRequestException($"Found overlapping allocation pools: {pool1} {pool2} for subnet {cidr}.");

public sealed class InvalidAllocationPoolException(string pool)
    : NeutronBadRequestException($"The allocation pool {pool} is not valid.");

public sealed class OutOfBoundsAllocationPoolException(string pool, string cidr)
    : NeutronBadRequestException($"The allocation pool {pool} spans beyond the subnet cidr {cidr}.");

public sealed class SecurityGroupInvalidPortRangeException(string message) : NeutronBadRequestException(message);

public sealed class SecurityGroupRuleInvalidProtocolException(string protocol, IEnumerable<string> names)
    : NeutronBadRequestException($"Security group rule protocol {protocol} not supported. Only protocol values [{string.Join(", ", names.Select(n => $"'{n}'"))}] and integer representations [0 to 255] are supported.");

public sealed class SecurityGroupRemoteGroupAndRemoteIpPrefixException()
    : NeutronBadRequestException("Only remote_ip_prefix or remote_group_id may be provided.");

public sealed class SecurityGroupRuleParameterConflictException(string ethertype, string cidr)
    : NeutronBadRequestException($"Conflicting value ethertype {ethertype} for CIDR {cidr}");

public sealed class PortSecurityAndIPRequiredForSecurityGroupsException()
    : NeutronBadRequestException("Port security must be enabled and port must have an IP address in order to use security groups.");

public sealed class SecurityGroupProtocolRequiredWithPortsException()
    : NeutronBadRequestException("Must also specify protocol if port range is given.");

public sealed class SecurityGroupMissingIcmpTypeException(int code)
    : NeutronBadRequestException($"ICMP code (port-range-max) {code} is provided but ICMP type (port-range-min) is missing.");
