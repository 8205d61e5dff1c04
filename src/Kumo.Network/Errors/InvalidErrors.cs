namespace Kumo.Network.Errors;

public sealed class InvalidIpForSubnetException(string ip)
    : NeutronException($"IP address {ip} is not a valid IP for the specified subnet.")
{
    public override int Code => 400;
}

public sealed class InvalidIpForNetworkException(string ip)
    : NeutronException($"IP address {ip} is not a valid IP for any of the subnets on the specified network.")
{
    public override int Code => 400;
}

public sealed class OverlappingAllocationPoolsException(string pool1, string pool2, string cidr)
    : NeutronException($"Found overlapping allocation pools: {pool1} {pool2} for subnet {cidr}.")
{
    public override int Code => 400;
}

public sealed class InvalidAllocationPoolException(string pool)
    : NeutronException($"The allocation pool {pool} is not valid.")
{
    public override int Code => 400;
}

public sealed class OutOfBoundsAllocationPoolException(string pool, string cidr)
    : NeutronException($"The allocation pool {pool} spans beyond the subnet cidr {cidr}.")
{
    public override int Code => 400;
}

public sealed class SecurityGroupInvalidPortRangeException(string message) : NeutronException(message)
{
    public override int Code => 400;
}

public sealed class SecurityGroupRuleInvalidProtocolException(string protocol, IEnumerable<string> names)
    : NeutronException($"Security group rule protocol {protocol} not supported. Only protocol values [{string.Join(", ", names.Select(n => $"'{n}'"))}] and integer representations [0 to 255] are supported.")
{
    public override int Code => 400;
}

public sealed class SecurityGroupRemoteGroupAndRemoteIpPrefixException()
    : NeutronException("Only remote_ip_prefix or remote_group_id may be provided.")
{
    public override int Code => 400;
}

public sealed class SecurityGroupRuleParameterConflictException(string ethertype, string cidr)
    : NeutronException($"Conflicting value ethertype {ethertype} for CIDR {cidr}")
{
    public override int Code => 400;
}

public sealed class PortSecurityAndIPRequiredForSecurityGroupsException()
    : NeutronException("Port security must be enabled and port must have an IP address in order to use security groups.")
{
    public override int Code => 400;
}

public sealed class SecurityGroupProtocolRequiredWithPortsException()
    : NeutronException("Must also specify protocol if port range is given.")
{
    public override int Code => 400;
}

public sealed class SecurityGroupMissingIcmpTypeException(int code)
    : NeutronException($"ICMP code (port-range-max) {code} is provided but ICMP type (port-range-min) is missing.")
{
    public override int Code => 400;
}
