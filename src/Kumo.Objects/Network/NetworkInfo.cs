namespace Kumo.Objects.Network;

/// <summary>
/// One port of an instance as compute needs it (Nova's network model VIF, trimmed to what Kumo uses):
/// the virt driver plugs and wires it, the config drive describes it (network_data.json).
/// </summary>
public sealed record Vif(
    Guid PortId,
    Guid NetworkId,
    string MacAddress,
    string VifType,
    string DevName,
    IReadOnlyList<string> FixedIps,
    int Mtu = 1500)
{
    /// <summary>binding:vif_details as Neutron's OVS mechanism driver reports them.</summary>
    public VifDetails Details { get; init; } = VifDetails.HybridOvs;

    /// <summary>The OVS integration bridge the port joins (Nova's network["bridge"]).</summary>
    public string Bridge { get; init; } = "br-int";

    /// <summary>The network's name (Nova's network["label"]), used in addresses and network_data.json.</summary>
    public string NetworkLabel { get; init; } = "";

    /// <summary>The subnets the port has addresses on, with what a guest needs to configure itself.</summary>
    public IReadOnlyList<VifSubnet> Subnets { get; init; } = [];

    /// <summary>The port's status was ACTIVE when the info was read: no network-vif-plugged event will follow.</summary>
    public bool Active { get; init; }
}

/// <summary>binding:vif_details: whether Neutron filters the port and whether compute must hybrid-plug it.</summary>
public sealed record VifDetails(bool PortFilter, bool OvsHybridPlug, string DatapathType = "netdev")
{
    /// <summary>Port security on: iptables filtering on a per-port Linux bridge (os-vif's ovs hybrid plug).</summary>
    public static readonly VifDetails HybridOvs = new(PortFilter: true, OvsHybridPlug: true);

    /// <summary>Port security off: the tap goes straight into the integration bridge.</summary>
    public static readonly VifDetails PlainOvs = new(PortFilter: false, OvsHybridPlug: false);
}

/// <summary>One subnet of a VIF: addressing for DHCP-less guests and for network_data.json.</summary>
public sealed record VifSubnet(
    Guid SubnetId,
    string Cidr,
    string? Gateway,
    IReadOnlyList<string> Ips,
    IReadOnlyList<string> DnsServers,
    IReadOnlyList<VifRoute> HostRoutes,
    bool DhcpEnabled,
    int IpVersion = 4);

public sealed record VifRoute(string Destination, string NextHop);

/// <summary>Nova's network_info: the instance's ports. Empty when the server has no NIC.</summary>
public sealed record NetworkInfo(IReadOnlyList<Vif> Vifs)
{
    public static readonly NetworkInfo Empty = new([]);

    public bool IsEmpty => Vifs.Count == 0;
}
