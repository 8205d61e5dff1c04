namespace Kumo.Network;

/// <summary>The network server's settings (Neutron's neutron.conf and ml2_conf.ini, the few Kumo uses).</summary>
public sealed class NetworkOptions
{
    /// <summary>false: no network service; servers boot only with "networks": "none" (Nova without Neutron).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A new network's MTU unless given: 1450 leaves room for a VXLAN header, as Neutron's default on a 1500 path (global_physnet_mtu minus 50).</summary>
    public int DefaultMtu { get; set; } = 1450;

    /// <summary>binding:vif_details datapath_type: netdev is what OVS runs here without the kernel module (environment.md).</summary>
    public string DatapathType { get; set; } = "netdev";

    /// <summary>The OVS integration bridge ports join (os-vif's network["bridge"]).</summary>
    public string IntegrationBridge { get; set; } = "br-int";

    /// <summary>DHCP lease time handed to dnsmasq (Neutron's dhcp_lease_duration, 86400 s).</summary>
    public int DhcpLeaseSeconds { get; set; } = 86400;
}
