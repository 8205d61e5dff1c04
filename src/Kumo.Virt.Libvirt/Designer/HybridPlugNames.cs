namespace Kumo.Virt.Libvirt.Designer;

/// <summary>
/// os-vif's hybrid plug device names: a prefix plus the first 11 characters of the port id, 14 characters
/// in all, inside the kernel's 15-character limit. The network agent derives the same names from the
/// same port id, so the tap libvirt creates is the one the agent's firewall rules expect.
/// </summary>
public static class HybridPlugNames
{
    private const int PortIdChars = 11;

    /// <summary>The guest NIC's tap, created by libvirt.</summary>
    public static string Tap(Guid portId) => "tap" + Prefix(portId);

    /// <summary>The per-port Linux bridge the tap joins, where iptables filters the port.</summary>
    public static string Bridge(Guid portId) => "qbr" + Prefix(portId);

    // Neutron's port ids are hyphenated lower-case uuids; the 11 characters include the first hyphen.
    private static string Prefix(Guid portId) => portId.ToString("D")[..PortIdChars];
}
