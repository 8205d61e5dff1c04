namespace Kumo.Objects.Network;

/// <summary>A security group as compute shows it (Nova's os-security-groups proxy over Neutron).</summary>
public sealed record SecurityGroupInfo(Guid Id, string Name, string Description, string ProjectId, IReadOnlyList<SecurityGroupRuleInfo> Rules);

/// <summary>
/// One rule of a group, in Neutron's terms: direction ingress/egress, ethertype IPv4/IPv6, protocol
/// (name or number; null = any), port range (ICMP type/code for ICMP), remote CIDR or remote group.
/// </summary>
public sealed record SecurityGroupRuleInfo(
    Guid Id,
    Guid SecurityGroupId,
    string Direction,
    string EtherType = "IPv4",
    string? Protocol = null,
    int? PortRangeMin = null,
    int? PortRangeMax = null,
    string? RemoteIpPrefix = null,
    Guid? RemoteGroupId = null);
