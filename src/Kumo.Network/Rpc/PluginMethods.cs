using Kumo.Messaging.Typed;

namespace Kumo.Network.Rpc;

/// <summary>
/// What the host agents ask of the network server (Neutron's plugin RPC, topic q-plugin). The server
/// owns the model; agents own the host and learn what to build only through these calls.
/// </summary>
public static class PluginMethods
{
    public const string Topic = "network-server";

    /// <summary>The ports the OVS agent saw appear on br-int, with what it needs to wire and filter them.
    /// Unknown ports are absent from the answer (the agent leaves them untagged: dead VLAN).</summary>
    public static readonly RpcCall<DevicesRequest, IReadOnlyList<DeviceDetails>> GetDevicesDetailsList = new("get_devices_details_list");

    /// <summary>The agent has wired and filtered the port: the server marks it ACTIVE and, for a
    /// compute port whose status changed, sends network-vif-plugged to Nova.</summary>
    public static readonly RpcCall<DeviceStatusRequest, bool> UpdateDeviceUp = new("update_device_up");

    /// <summary>The port left br-int: DOWN, and network-vif-unplugged for a compute port.</summary>
    public static readonly RpcCall<DeviceStatusRequest, bool> UpdateDeviceDown = new("update_device_down");

    /// <summary>The security groups of the given ports, their rules, and the addresses of each group's
    /// members (for remote-group rules): everything the firewall driver needs in one answer.</summary>
    public static readonly RpcCall<DevicesRequest, SecurityGroupInfo> SecurityGroupInfoForDevices = new("security_group_info_for_devices");

    /// <summary>Networks with DHCP-enabled subnets that have ports bound to the host, or a DHCP port on it.</summary>
    public static readonly RpcCall<HostRequest, IReadOnlyList<Guid>> GetActiveNetworks = new("get_active_networks");

    /// <summary>One network as the DHCP agent serves it; null when it no longer exists.</summary>
    public static readonly RpcCall<NetworkRequest, DhcpNetwork?> GetNetworkInfo = new("get_network_info");

    /// <summary>Creates (or returns the existing) DHCP port of a network on a host: device_owner
    /// network:dhcp, device_id "dhcp&lt;host&gt;-&lt;network id&gt;", an address in each DHCP subnet.</summary>
    public static readonly RpcCall<DhcpPortRequest, DhcpPort> CreateDhcpPort = new("create_dhcp_port");

    /// <summary>Removes a network's DHCP port on a host (DHCP turned off, or the network is going).</summary>
    public static readonly RpcCall<DhcpPortRequest, bool> ReleaseDhcpPort = new("release_dhcp_port");
}

public sealed record HostRequest(string Host);

public sealed record NetworkRequest(Guid NetworkId, string Host);

public sealed record DevicesRequest(string Host, IReadOnlyList<Guid> PortIds);

public sealed record DeviceStatusRequest(string Host, Guid PortId);

public sealed record DhcpPortRequest(Guid NetworkId, string Host);

/// <summary>A port as the OVS agent needs it. The local VLAN is the agent's own business (per host).</summary>
public sealed record DeviceDetails(
    Guid PortId,
    Guid NetworkId,
    string MacAddress,
    IReadOnlyList<FixedIp> FixedIps,
    bool AdminStateUp,
    bool PortSecurityEnabled,
    IReadOnlyList<Guid> SecurityGroupIds,
    IReadOnlyList<AllowedAddressPair> AllowedAddressPairs,
    int Mtu,
    string DeviceOwner,
    string DeviceId);

public sealed record FixedIp(Guid SubnetId, string IpAddress);

public sealed record AllowedAddressPair(string IpAddress, string? MacAddress);

/// <summary>Neutron's security_group_info_for_devices answer, typed.</summary>
public sealed record SecurityGroupInfo(
    IReadOnlyDictionary<Guid, IReadOnlyList<SecurityGroupRule>> Rules,
    IReadOnlyDictionary<Guid, SecurityGroupMembers> Members,
    IReadOnlyList<DeviceDetails> Devices);

/// <summary>One rule, normalised: protocol as a lower-case name or number string ("tcp", "icmp", "47"),
/// null for any; ports null when unrestricted; for ICMP PortRangeMin is the type and Max the code.</summary>
public sealed record SecurityGroupRule(
    Guid Id,
    Guid SecurityGroupId,
    string Direction,
    string Ethertype,
    string? Protocol,
    int? PortRangeMin,
    int? PortRangeMax,
    string? RemoteIpPrefix,
    Guid? RemoteGroupId);

/// <summary>The fixed addresses of a group's ports, by ethertype.</summary>
public sealed record SecurityGroupMembers(IReadOnlyList<string> IPv4, IReadOnlyList<string> IPv6);

/// <summary>A network as dnsmasq serves it: its DHCP subnets and every port with an address on them.</summary>
public sealed record DhcpNetwork(
    Guid NetworkId,
    string Name,
    int Mtu,
    bool AdminStateUp,
    IReadOnlyList<DhcpSubnet> Subnets,
    IReadOnlyList<DhcpHost> Hosts);

public sealed record DhcpSubnet(
    Guid SubnetId,
    string Cidr,
    string? GatewayIp,
    IReadOnlyList<string> DnsNameservers,
    IReadOnlyList<HostRoute> HostRoutes,
    int IpVersion,
    int LeaseSeconds);

public sealed record HostRoute(string Destination, string NextHop);

/// <summary>
/// A dhcp-host entry: MAC → address, with the server's hostname (dns_name, or host-a-b-c-d), and the
/// port's device and project, by which the metadata proxy knows the instance behind an address.
/// </summary>
public sealed record DhcpHost(Guid PortId, string MacAddress, string IpAddress, string Hostname, string DeviceId = "", string ProjectId = "", string DeviceOwner = "");

/// <summary>The network's DHCP port: the agent puts its MAC and addresses on the namespace's device.</summary>
public sealed record DhcpPort(Guid PortId, Guid NetworkId, string MacAddress, IReadOnlyList<FixedIp> FixedIps);
