namespace Kumo.Network.Agent.Firewall;

/// <summary>
/// Neutron's FirewallDriver: the agent states which ports are filtered and how, then applies the whole
/// change at once. The iptables hybrid driver is the first; an nftables driver can implement the same.
/// </summary>
public interface IFirewallDriver
{
    /// <summary>Ports filtered now (set but maybe not applied yet).</summary>
    IReadOnlyCollection<Guid> FilteredPorts { get; }

    /// <summary>Filters the port with these rules (prepare_port_filter and update_port_filter).</summary>
    void SetPortFilter(PortFilter filter);

    /// <summary>Stops filtering the port; its chains go at the next apply.</summary>
    void RemovePortFilter(Guid portId);

    /// <summary>Makes the host's rules what was set, atomically, and removes this driver's stale rules (also those of an earlier run).</summary>
    Task ApplyAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes every rule this driver owns (the agent is being taken off the host).</summary>
    Task RemoveAllAsync(CancellationToken cancellationToken = default);
}
