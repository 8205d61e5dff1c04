namespace Kumo.Network.Agent.Dhcp;

/// <summary>
/// Neutron's DHCP names: namespace qdhcp-&lt;network id&gt;; with ovs_use_veth the namespace end is
/// ns-&lt;port id[:11]&gt; and the OVS end tap&lt;port id[:11]&gt; (the DHCP port's id).
/// </summary>
public static class DhcpNames
{
    public const string NamespacePrefix = "qdhcp-";

    public static string Namespace(Guid networkId) => NamespacePrefix + networkId.ToString("D");

    public static string NamespaceDevice(Guid dhcpPortId) => "ns-" + dhcpPortId.ToString("D")[..11];

    public static string OvsDevice(Guid dhcpPortId) => "tap" + dhcpPortId.ToString("D")[..11];

    public static Guid? NetworkOfNamespace(string name) =>
        name.StartsWith(NamespacePrefix, StringComparison.Ordinal) && Guid.TryParse(name[NamespacePrefix.Length..], out var id) ? id : null;
}
