namespace Kumo.OsVif.Ovs;

/// <summary>An OVS interface with the external-ids Neutron's agents read (iface-id = the port id, attached-mac, vm-uuid).</summary>
public sealed record OvsInterface(string Name, int OfPort, IReadOnlyDictionary<string, string> ExternalIds)
{
    public Guid? IfaceId => ExternalIds.TryGetValue(ExternalIdKeys.IfaceId, out var id) && Guid.TryParse(id, out var guid) ? guid : null;

    public Guid? VmUuid => ExternalIds.TryGetValue(ExternalIdKeys.VmUuid, out var id) && Guid.TryParse(id, out var guid) ? guid : null;
}

/// <summary>The external-ids keys os-vif writes and Neutron's OVS agent reads.</summary>
public static class ExternalIdKeys
{
    public const string IfaceId = "iface-id";
    public const string AttachedMac = "attached-mac";
    public const string IfaceStatus = "iface-status";
    public const string VmUuid = "vm-uuid";

    /// <summary>Kumo's own: the network a DHCP namespace's port serves (for inventory and restart cleanup).</summary>
    public const string DhcpNetwork = "kumo-dhcp-network";
}
