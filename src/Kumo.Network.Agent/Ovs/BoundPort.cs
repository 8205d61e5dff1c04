using Kumo.Network.Rpc;

namespace Kumo.Network.Agent.Ovs;

/// <summary>A port the agent has seen on br-int: its OVS name and, once the server knew it, its details and tag.</summary>
public sealed record BoundPort(string Name, Guid PortId, DeviceDetails? Details, int Tag)
{
    /// <summary>Filtered by the firewall: port security on, and not a network-owned port (DHCP, router).</summary>
    public bool IsFiltered => Details is { PortSecurityEnabled: true } d && !d.DeviceOwner.StartsWith("network:", StringComparison.Ordinal);
}
