namespace Kumo.Network.Agent.Ovs;

/// <summary>One unit of the OVS agent's loop (Neutron's rpc_loop iteration): everything the agent changes
/// on the host goes through one queue, so monitor events and RPC casts never race each other.</summary>
internal abstract record AgentWork
{
    public sealed record PortsAppeared(IReadOnlyList<(string Name, Guid PortId, long Timestamp)> Ports) : AgentWork;

    public sealed record PortsVanished(IReadOnlyList<Guid> PortIds) : AgentWork;

    /// <summary>port_update: re-read these ports (those on this host) and re-wire them.</summary>
    public sealed record PortsUpdated(IReadOnlyList<Guid> PortIds) : AgentWork;

    /// <summary>port_delete: the model dropped them; unfilter and park them on the dead VLAN.</summary>
    public sealed record PortsDeleted(IReadOnlyList<Guid> PortIds) : AgentWork;

    /// <summary>security_groups_*: re-read every filtered port's groups, rules and members.</summary>
    public sealed record FirewallRefresh : AgentWork;

    /// <summary>An apply that failed (iptables-restore gave up on the xtables lock, say): write the filters as they are now.</summary>
    public sealed record FirewallApply : AgentWork;
}
