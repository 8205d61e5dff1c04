namespace Kumo.Objects.Network;

/// <summary>
/// os-vif's hybrid plug device names: a prefix plus the first 11 characters of the port id, 14 characters
/// in all, inside the kernel's 15-character limit. Compute (libvirt, the VIF driver) and the network agent
/// (firewall, inventory) derive the same names from the same port id, so neither has to tell the other.
/// </summary>
public static class HybridPlugNames
{
    private const int PortIdChars = 11;

    /// <summary>The guest NIC's tap, created by libvirt.</summary>
    public static string Tap(Guid portId) => "tap" + Prefix(portId);

    /// <summary>The per-port Linux bridge the tap joins, where iptables filters the port.</summary>
    public static string Bridge(Guid portId) => "qbr" + Prefix(portId);

    /// <summary>The bridge end of the veth pair from qbr to OVS.</summary>
    public static string BridgeVeth(Guid portId) => "qvb" + Prefix(portId);

    /// <summary>The OVS end of the veth pair: the port the agent sees appear on the integration bridge.</summary>
    public static string OvsVeth(Guid portId) => "qvo" + Prefix(portId);

    // Neutron's port ids are hyphenated lower-case uuids; the 11 characters include the first hyphen.
    private static string Prefix(Guid portId) => portId.ToString("D")[..PortIdChars];
}
