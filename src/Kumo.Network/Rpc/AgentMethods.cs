using Kumo.Messaging.Typed;

namespace Kumo.Network.Rpc;

/// <summary>
/// What the network server tells a host's agent (Neutron's agent notifier), topic network.&lt;host&gt;.
/// Casts only: the agent re-reads the state through <see cref="PluginMethods"/>, so a lost or
/// reordered notification is healed by the next one or by the agent's resync at start.
/// </summary>
public static class AgentMethods
{
    public static string Topic(string host) => $"network.{host}";

    /// <summary>A bound port changed (admin state, security groups, addresses, port security).</summary>
    public static readonly RpcCast<PortsChanged> PortUpdate = new("port_update");

    /// <summary>A port is gone from the model; the agent drops its firewall and DHCP entries.</summary>
    public static readonly RpcCast<PortsChanged> PortDelete = new("port_delete");

    /// <summary>Rules of these groups changed: re-apply the firewall of every port in them.</summary>
    public static readonly RpcCast<SecurityGroupsChanged> SecurityGroupsRuleUpdated = new("security_groups_rule_updated");

    /// <summary>Members of these groups changed: re-apply the ports whose rules refer to them as remote group.</summary>
    public static readonly RpcCast<SecurityGroupsChanged> SecurityGroupsMemberUpdated = new("security_groups_member_updated");

    /// <summary>A network, its subnets or its ports changed in a way DHCP serves: resync that network's dnsmasq.</summary>
    public static readonly RpcCast<NetworkChanged> DhcpNetworkChanged = new("dhcp_network_changed");

    /// <summary>The network was deleted: the agent removes its DHCP namespace and local VLAN.</summary>
    public static readonly RpcCast<NetworkChanged> NetworkDelete = new("network_delete");
}

public sealed record PortsChanged(IReadOnlyList<Guid> PortIds);

public sealed record SecurityGroupsChanged(IReadOnlyList<Guid> SecurityGroupIds);

public sealed record NetworkChanged(Guid NetworkId);
