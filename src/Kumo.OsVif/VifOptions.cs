namespace Kumo.OsVif;

/// <summary>
/// Where ports are plugged (os-vif's and Neutron's [ovs] integration_bridge, datapath_type). The
/// netdev (userspace) datapath is what works without an OVS kernel module (these machines); production
/// hosts use "system".
/// </summary>
public sealed class VifOptions
{
    public string IntegrationBridge { get; set; } = "br-int";

    public string DatapathType { get; set; } = "netdev";
}
