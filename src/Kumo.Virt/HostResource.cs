namespace Kumo.Virt;

/// <summary>
/// One thing a driver made on the host (a domain, an instance directory, a cached image ...), named
/// after its owner so that an operator, or a test, can tell what belongs to what and what leaked.
/// </summary>
/// <param name="Kind">What it is: "domain", "instance-dir", "cached-image", "guest", "tap", "qbr", "qvb", "qvo",
/// "ovs-port", "iptables-chain", "netns", "dnsmasq".</param>
/// <param name="Name">How the host knows it (domain name, path, device, chain, pid).</param>
/// <param name="InstanceUuid">The instance it belongs to, when it belongs to one.</param>
public sealed record HostResource(string Kind, string Name, Guid? InstanceUuid)
{
    /// <summary>The Neutron port it serves (VIF devices, a port's firewall chains).</summary>
    public Guid? PortId { get; init; }

    /// <summary>The network it serves (a DHCP namespace, its dnsmasq and its port).</summary>
    public Guid? NetworkId { get; init; }

    /// <summary>The lister already knows nothing owns it (e.g. a qbr bridge whose OVS port is gone).</summary>
    public bool Orphaned { get; init; }
}
